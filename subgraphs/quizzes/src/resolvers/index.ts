import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Course, Lesson, Question, Quiz, QuizAnswer, QuizAttempt, User } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, Quiz, Question, QuizAttempt, QuizAnswer, User, Course, Lesson };
