import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Badge, User } from './types.ts';

// No Subscription resolvers: the gateway runs leaderboardChanged by re-running `leaderboard`.
export const resolvers: Resolvers = { Query, Mutation, User, Badge };
