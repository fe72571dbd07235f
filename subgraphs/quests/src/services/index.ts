import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { QuestsDb } from '../db.ts';
import { QuestAuthoring } from './authoring.ts';
import { QuestCatalog } from './catalog.ts';
import { QuestRuns } from './runs.ts';

export const createQuestsServices = ({ db, events }: SubgraphDeps<QuestsDb>) => ({
  catalog: new QuestCatalog(db),
  authoring: new QuestAuthoring(db, events),
  runs: new QuestRuns(db, events),
});

export type QuestsServices = ReturnType<typeof createQuestsServices>;
