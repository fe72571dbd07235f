/** What the GraphQL types are resolved from (codegen.ts maps Badge here). */
export type { Badge } from './generated/prisma/client.ts';
