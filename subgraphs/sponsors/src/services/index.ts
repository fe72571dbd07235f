import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { SponsorsDb } from '../db.ts';
import { Redemptions } from './redemptions.ts';
import { Reports } from './reports.ts';
import { Sponsors } from './sponsors.ts';

export const createSponsorsServices = ({ db, events }: SubgraphDeps<SponsorsDb>) => ({
  sponsors: new Sponsors(db),
  redemptions: new Redemptions(db, events),
  reports: new Reports(db),
});

export type SponsorsServices = ReturnType<typeof createSponsorsServices>;
