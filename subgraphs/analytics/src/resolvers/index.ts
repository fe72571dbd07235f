import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { ActivityEvent, CourseStats, UserStats } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, ActivityEvent, UserStats, CourseStats };
