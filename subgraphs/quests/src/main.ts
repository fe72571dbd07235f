import { serveSubgraph } from '#platform/serve-subgraph.ts';
import quests from './index.ts';

await serveSubgraph(quests);
