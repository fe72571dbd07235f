import { subgraphPrismaConfig } from '../../platform/db/prisma-config.ts';

export default subgraphPrismaConfig('media');
