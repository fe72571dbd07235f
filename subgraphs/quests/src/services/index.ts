import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { QuestsDb } from '../db.ts';
import { QuestAuthoring } from './authoring.ts';
import { QuestCatalog } from './catalog.ts';
import { QuestCache } from './quest-cache.ts';
import { QuestRuns } from './runs.ts';

export const createQuestsServices = ({ db, events, sql }: SubgraphDeps<QuestsDb>) => ({
  catalog: new QuestCatalog(db),
  authoring: new QuestAuthoring(db, events),
  runs: new QuestRuns(db, events, new QuestCache(db), sql.schema),
});

export type QuestsServices = ReturnType<typeof createQuestsServices>;
