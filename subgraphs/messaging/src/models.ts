/** What the resolvers of each GraphQL type receive as parent (codegen.ts maps them here). */
import type { Message } from './generated/prisma/client.ts';

export type { Conversation, Email } from './generated/prisma/client.ts';
/** A Message row: the GraphQL type is ConversationMessage (i18n's interface strings own `Message`). */
export type ConversationMessage = Message;
