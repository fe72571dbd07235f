import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Certificate } from './certificate.ts';
import { Course, Enrollment, Lesson, Module, User } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, Course, Module, Lesson, Enrollment, Certificate, User };
