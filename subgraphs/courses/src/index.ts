/** The courses subgraph: courses, modules, lessons, enrollments and progress. */
import { fileURLToPath } from 'node:url';
import { defineSubgraph } from '#platform/subgraph.ts';
import { createCoursesDb } from './db.ts';
import events from './events/catalog.ts';
import { createCoursesLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createCoursesServices } from './services/index.ts';

export default defineSubgraph({
  name: 'courses',
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolvers,
  createDb: createCoursesDb,
  createServices: createCoursesServices,
  createLoaders: createCoursesLoaders,
  events: { publishes: events },
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
  },
});
