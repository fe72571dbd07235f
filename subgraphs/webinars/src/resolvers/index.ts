import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Webinar, WebinarRegistration } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, Webinar, WebinarRegistration };
