import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { WebinarsDb } from '../db.ts';
import type { WebinarsSettings } from '../settings.ts';
import { Attendance } from './attendance.ts';
import { WebinarCatalog } from './catalog.ts';
import { systemClock } from './clock.ts';
import { WebinarLifecycle } from './lifecycle.ts';
import { Registrations } from './registrations.ts';
import { CourseReplicas } from './replica.ts';

export const createWebinarsServices = ({ db, events, settings }: SubgraphDeps<WebinarsDb, WebinarsSettings>) => {
  const now = systemClock;
  const catalog = new WebinarCatalog(db, now);
  const replicas = new CourseReplicas(db);
  return {
    catalog,
    replicas,
    lifecycle: new WebinarLifecycle(db, events, catalog, replicas, now),
    registrations: new Registrations(db, events, catalog, replicas, now),
    attendance: new Attendance(db, events, catalog, settings.WEBINAR_ROOM_BASE_URL, now),
  };
};

export type WebinarsServices = ReturnType<typeof createWebinarsServices>;
