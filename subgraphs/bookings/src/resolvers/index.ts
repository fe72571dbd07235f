import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { DateTime } from './scalars.ts';
import { Booking, Slot, User } from './types.ts';

export const resolvers: Resolvers = { DateTime, Query, Mutation, Slot, Booking, User };
