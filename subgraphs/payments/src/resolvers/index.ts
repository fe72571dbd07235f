import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Checkout, Coupon, Course, Order, User } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, Checkout, Order, Coupon, Course, User };
