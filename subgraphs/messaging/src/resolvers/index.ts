import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Conversation, ConversationMessage } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, Conversation, ConversationMessage };
