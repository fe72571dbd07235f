/** Files: reads, the owner's list, who may read one, deletion with its objects. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { pageQuery, toConnection, type Connection, type PageArgs } from '#platform/graphql/connection.ts';
import type { Logger } from '#platform/logger.ts';
import { parseInput } from '#platform/validation.ts';
import type { MediaDb } from '../db.ts';
import type { FilePurpose, File } from '../generated/prisma/client.ts';
import { keysOf } from '../rules/keys.ts';
import type { StorageDriver } from '../storage/driver.ts';
import { canManage, isPublicFile } from './access.ts';
import type { Attachments } from './attachments.ts';
import { fileId } from './inputs.ts';
import type { Quotas } from './quotas.ts';

export class Files {
  constructor(
    private readonly db: MediaDb,
    private readonly events: SubgraphEvents,
    private readonly storage: StorageDriver,
    private readonly quotas: Quotas,
    private readonly attachments: Attachments,
    private readonly logger: Logger,
  ) {}

  byIds(ids: readonly string[]): Promise<File[]> {
    return this.db.file.findMany({ where: { id: { in: [...ids] } } });
  }

  find(id: string): Promise<File | null> {
    return this.db.file.findUnique({ where: { id } });
  }

  /** A READY avatar, its owner, an admin, or a reader of a lesson it is attached to. */
  async canRead(file: File, viewer: Viewer | undefined): Promise<boolean> {
    if (isPublicFile(file) || canManage(file, viewer)) return true;
    return Boolean(viewer) && (await this.attachments.readableThroughLessons(file.id, viewer!.userId));
  }

  async readable(viewer: Viewer | undefined, rawId: unknown): Promise<File> {
    const id = parseInput(fileId, rawId);
    const file = await this.find(id);
    if (!file) throw notFound('File', id);
    if (!(await this.canRead(file, viewer))) throw forbidden('This file is private');
    return file;
  }

  async list(ownerId: string, purpose: FilePurpose | null | undefined, args: PageArgs): Promise<Connection<File>> {
    const { size, prisma } = pageQuery(args);
    const where = { ownerId, ...(purpose ? { purpose } : {}) };
    const rows = await this.db.file.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.file.count({ where }));
  }

  /** Deletes the row (its attachments with it) and announces it, then its objects. */
  async delete(viewer: Viewer, rawId: unknown): Promise<string> {
    const id = parseInput(fileId, rawId);
    const file = await this.find(id);
    if (!file) throw notFound('File', id);
    if (!canManage(file, viewer)) throw forbidden('Only the owner of a file and admins delete it');
    const deleted = await this.events.transaction(this.db, async (tx) => {
      const { count } = await tx.file.deleteMany({ where: { id } });
      if (!count) return false;
      // A REJECTED file's bytes were released when it was rejected.
      if (file.status !== 'REJECTED') await this.quotas.adjust(tx, file.ownerId, file.purpose, -file.byteSize);
      if (file.status === 'READY')
        await this.events.stage(tx, 'FILE_DELETED', { fileId: file.id, ownerId: file.ownerId, purpose: file.purpose });
      return true;
    });
    if (!deleted) throw notFound('File', id);
    await this.storage
      .delete(keysOf(file))
      .catch((error: unknown) => this.logger.error({ err: error, fileId: id }, 'objects of a deleted file not deleted'));
    return id;
  }
}
