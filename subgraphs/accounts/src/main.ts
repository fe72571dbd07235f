import { serveSubgraph } from '#platform/serve-subgraph.ts';
import accounts from './index.ts';

await serveSubgraph(accounts);
