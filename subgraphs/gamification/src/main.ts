import { serveSubgraph } from '#platform/serve-subgraph.ts';
import gamification from './index.ts';

await serveSubgraph(gamification);
