import { serveSubgraph } from '#platform/serve-subgraph.ts';
import profiles from './index.ts';

await serveSubgraph(profiles);
