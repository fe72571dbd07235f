/** The courses subgraph: courses, modules, lessons, enrollments, progress and certificates. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import { certificateRoutes } from './certificate-routes.ts';
import events from './events/catalog.ts';
import { coursesConsumers } from './events/consumers.ts';
import { createCoursesLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createCoursesServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createCoursesServices,
  createLoaders: createCoursesLoaders,
  events: { publishes: events, consumers: coursesConsumers },
  routes: certificateRoutes,
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
});
