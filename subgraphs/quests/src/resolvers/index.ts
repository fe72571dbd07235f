import type { Resolvers } from '../generated/graphql.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Course, Quest, QuestCompletion, QuestProgress, QuestStep, User } from './types.ts';

// No Subscription resolvers: the gateway runs `questCompleted` from the QUEST_COMPLETED events.
export const resolvers: Resolvers = { Query, Mutation, Quest, QuestStep, QuestProgress, QuestCompletion, User, Course };
