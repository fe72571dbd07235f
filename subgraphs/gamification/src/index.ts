/** The gamification subgraph: XP ledger, levels, streaks, badges and leaderboards, fed by events. */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { gamificationConsumers } from './events/consumers.ts';
import { createGamificationLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createGamificationServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createGamificationServices,
  createLoaders: createGamificationLoaders,
  events: {
    publishes: events,
    consumers: gamificationConsumers,
  },
  // Handlers evaluate the badge rules from the table: it must hold this version's definitions first.
  async onStart({ badges }) {
    await badges.sync();
  },
  // The leaderboard notes cleared a moment after their write are cleared before the database closes.
  async onStop({ leaderboards }) {
    await leaderboards.stop();
  },
});
