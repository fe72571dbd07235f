/**
 * GraphQL Code Generator settings: resolver types for each subgraph, with GraphQL types mapped to
 * the Prisma models (or reference shapes) that resolvers really return. Run by `npm run codegen`;
 * `npm run codegen:check` fails when a committed file is stale.
 */
export interface SubgraphCodegen {
  /** Module (relative to src/generated/) and export of the request context type. */
  contextType: string;
  /** GraphQL type → "module#Export" of what its resolvers receive as parent. */
  mappers: Record<string, string>;
}

/** A Prisma model of the subgraph (imported as <Model>Model by mapperTypeSuffix). */
const prisma = (model: string) => `./prisma/client.ts#${model}`;
/** A type exported by the subgraph's src/models.ts (a Prisma model or a view of one). */
const model = (name: string) => `../models.ts#${name}`;
/** An entity owned by another subgraph: resolvers only ever hold its key. */
const reference = '../../../../platform/graphql/reference.ts#EntityReference';

export const codegenConfig: Record<string, SubgraphCodegen> = {
  accounts: {
    contextType: '../context.ts#AccountsContext',
    mappers: { User: prisma('User'), SecurityEvent: prisma('SecurityEvent') },
  },
  profiles: {
    contextType: '../context.ts#ProfilesContext',
    mappers: { User: reference, Profile: '../services/profiles.ts#ProfileView' },
  },
  courses: {
    contextType: '../context.ts#CoursesContext',
    mappers: {
      User: reference,
      Course: prisma('Course'),
      Module: prisma('Module'),
      Lesson: prisma('Lesson'),
      Enrollment: prisma('Enrollment'),
    },
  },
  quests: {
    contextType: '../context.ts#QuestsContext',
    mappers: {
      User: reference,
      Course: reference,
      Quest: model('Quest'),
      QuestStep: model('QuestStep'),
      QuestProgress: model('QuestProgress'),
      QuestCompletion: model('QuestCompletion'),
    },
  },
  gamification: {
    contextType: '../context.ts#GamificationContext',
    mappers: { User: reference, Badge: model('Badge') },
  },
  notifications: {
    contextType: '../context.ts#NotificationsContext',
    mappers: { User: reference, Badge: reference, Notification: model('Notification') },
  },
  analytics: {
    contextType: '../context.ts#AnalyticsContext',
    mappers: {
      User: reference,
      Quest: reference,
      Course: reference,
      ActivityEvent: model('ActivityEvent'),
      DeadLetter: model('DeadLetter'),
      UserStats: model('UserStats'),
      CourseStats: model('CourseStats'),
    },
  },
};

export const sharedConfig = {
  federation: true,
  useTypeImports: true,
  enumsAsTypes: true,
  avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
  scalars: { DateTime: { input: 'Date', output: 'Date | string' } },
  mapperTypeSuffix: 'Model',
};
