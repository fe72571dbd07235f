import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { AnalyticsDb } from '../db.ts';
import { Activity } from './activity.ts';
import { AssistantFigures } from './assistant-figures.ts';
import { DeadLetters } from './dead-letters.ts';
import { EventStore } from './event-store.ts';
import { Stats } from './stats.ts';

export const createAnalyticsServices = ({ db, sql, events, runtime }: SubgraphDeps<AnalyticsDb>) => ({
  eventStore: new EventStore(events, sql.schema),
  stats: new Stats(db),
  assistant: new AssistantFigures(db, sql.schema),
  activity: new Activity(db),
  deadLetters: new DeadLetters(db, runtime.eventBus()),
});

export type AnalyticsServices = ReturnType<typeof createAnalyticsServices>;
