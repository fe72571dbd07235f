import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { File, Lesson, Upload, User } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, File, Upload, User, Lesson };
