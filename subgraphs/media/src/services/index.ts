import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { MediaDb } from '../db.ts';
import type { MediaSettings } from '../settings.ts';
import { createStorage } from '../storage/index.ts';
import { Attachments } from './attachments.ts';
import { Files } from './files.ts';
import { Inspector } from './inspection.ts';
import { FileLinks } from './links.ts';
import { Quotas } from './quotas.ts';
import { CourseReplicas } from './replica.ts';
import { OrphanSweeper } from './sweeper.ts';
import { Uploads } from './uploads.ts';

export const createMediaServices = async ({
  db,
  events,
  settings,
  logger,
  env,
  runtime,
}: SubgraphDeps<MediaDb, MediaSettings>) => {
  const storage = await createStorage({ settings, dataDir: env.DATA_DIR, sharedSecret: gatewaySecret(runtime) });
  const log = logger.child({ component: 'media', storage: storage.kind });
  const quotas = new Quotas();
  const links = new FileLinks(storage, settings);
  const replicas = new CourseReplicas(db);
  const attachments = new Attachments(db, replicas);
  return {
    storage,
    links,
    replicas,
    attachments,
    files: new Files(db, events, storage, quotas, attachments, log),
    uploads: new Uploads(db, events, storage, new Inspector(storage), quotas, links, settings, log),
    sweeper: new OrphanSweeper(db, storage, quotas, log, {
      ttlMs: settings.MEDIA_PENDING_TTL_SECONDS * 1000,
      intervalMs: settings.MEDIA_SWEEP_MS,
    }),
  };
};

export type MediaServices = Awaited<ReturnType<typeof createMediaServices>>;
