/** The parent types of the resolvers (codegen.ts maps the GraphQL types to these). */
import type { Answer, Conversation } from './generated/prisma/client.ts';

export type AssistantAnswer = Answer;
export type AssistantConversation = Conversation;
export type { Citation } from './services/citations.ts';
export type { AnswerProgress } from './services/answer-streams.ts';
