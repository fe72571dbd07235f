import { serveSubgraph } from '#platform/serve-subgraph.ts';
import courses from './index.ts';

await serveSubgraph(courses);
