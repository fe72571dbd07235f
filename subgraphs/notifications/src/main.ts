import { serveSubgraph } from '#platform/serve-subgraph.ts';
import notifications from './index.ts';

await serveSubgraph(notifications);
