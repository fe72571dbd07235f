/** What the resolvers of each GraphQL type receive as parent (codegen.ts maps them here). */
export type { Notification } from './generated/prisma/client.ts';
