import { serveSubgraph } from '#platform/serve-subgraph.ts';
import analytics from './index.ts';

await serveSubgraph(analytics);
