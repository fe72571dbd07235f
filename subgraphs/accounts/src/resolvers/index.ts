import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { SecurityEvent, User } from './user.ts';

export const resolvers: Resolvers = { Query, Mutation, User, SecurityEvent };
