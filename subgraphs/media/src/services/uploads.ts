/**
 * Uploads: requestUpload reserves quota and creates a PENDING file with a signed URL for its bytes;
 * completeUpload checks them (Inspector) and settles the file READY or REJECTED once. Whoever
 * completes holds a lease on the file (a conditional update), so a twin completeUpload waits for
 * that outcome instead of checking the same bytes; a lease left by a crashed process expires.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, forbidden, notFound, serviceUnavailable } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Logger } from '#platform/logger.ts';
import { parseInput } from '#platform/validation.ts';
import type { MediaDb } from '../db.ts';
import type { File } from '../generated/prisma/client.ts';
import { keysOf, uploadKey } from '../rules/keys.ts';
import { limitsOf, type MediaSettings } from '../settings.ts';
import type { SignedUpload, StorageDriver } from '../storage/driver.ts';
import { THUMBNAIL_WIDTHS } from './avatar-images.ts';
import { fileId as fileIdInput, requestUploadInput } from './inputs.ts';
import type { Inspector } from './inspection.ts';
import type { FileLinks } from './links.ts';
import { fileTooLarge, type Quotas } from './quotas.ts';

/** Longer than any check takes (an avatar's re-encoding included). */
const LEASE_MS = 60_000;
/** How long a twin waits for the holder's outcome: inside the gateway's patience (SUBGRAPH_TIMEOUT_MS). */
const TWIN_WAIT_MS = 8_000;
const WAIT_STEP_MS = 100;

/** What requestUpload answers (GraphQL's Upload). */
export interface UploadTicket {
  file: File;
  uploadUrl: string;
  method: SignedUpload['method'];
  headers: SignedUpload['headers'];
  expiresAt: Date;
}

export class Uploads {
  constructor(
    private readonly db: MediaDb,
    private readonly events: SubgraphEvents,
    private readonly storage: StorageDriver,
    private readonly inspector: Inspector,
    private readonly quotas: Quotas,
    private readonly links: FileLinks,
    private readonly settings: MediaSettings,
    private readonly logger: Logger,
  ) {}

  async request(viewer: Viewer, raw: unknown): Promise<UploadTicket> {
    const input = parseInput(requestUploadInput, raw);
    const limits = limitsOf(this.settings, input.purpose);
    if (input.byteSize > limits.maxBytes) throw fileTooLarge(limits.maxBytes);
    const file = await this.db.$transaction(async (tx) => {
      await this.quotas.reserve(tx, viewer.userId, input.purpose, input.byteSize, limits.quotaBytes);
      return tx.file.create({ data: { ...input, ownerId: viewer.userId } });
    });
    const expiresAt = new Date(Date.now() + this.settings.MEDIA_UPLOAD_URL_TTL_SECONDS * 1000);
    const { url, method, headers } = await this.storage.uploadUrl(uploadKey(file), {
      contentType: file.contentType,
      byteSize: file.byteSize,
      expiresAt,
    });
    return { file, uploadUrl: url, method, headers, expiresAt };
  }

  async complete(viewer: Viewer, rawId: unknown): Promise<File> {
    const id = parseInput(fileIdInput, rawId);
    const giveUpAt = Date.now() + TWIN_WAIT_MS;
    for (;;) {
      const file = await this.db.file.findUnique({ where: { id } });
      if (!file) throw notFound('File', id);
      if (file.ownerId !== viewer.userId) throw forbidden('Only the owner of a file completes its upload');
      if (file.status !== 'PENDING') return file;
      const token = randomUUID();
      const now = new Date();
      const { count } = await this.db.file.updateMany({
        where: { id, status: 'PENDING', OR: [{ completionLeaseUntil: null }, { completionLeaseUntil: { lt: now } }] },
        data: { completionToken: token, completionLeaseUntil: new Date(now.getTime() + LEASE_MS) },
      });
      if (count === 1) return this.settle(file, token);
      // A twin holds the lease: its outcome is ours.
      if (Date.now() > giveUpAt) throw serviceUnavailable(1, 'The upload is still being checked, try again shortly');
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  private async settle(file: File, token: string): Promise<File> {
    const held = { id: file.id, status: 'PENDING' as const, completionToken: token };
    const inspection = await this.inspector.inspect(file).catch(async (error: unknown) => {
      await this.release(held);
      // The store failed us, not the client: retryable.
      this.logger.error({ err: error, fileId: file.id }, 'storage failed while checking an upload');
      throw serviceUnavailable(2, 'Storage is not answering, try again shortly', 'storage');
    });
    if (inspection.kind === 'missing') {
      await this.release(held);
      throw badInput('Nothing was uploaded for this file yet: send its bytes to the upload URL first', [
        { field: 'fileId', message: 'no bytes uploaded yet' },
      ]);
    }
    if (inspection.kind === 'rejected') {
      // The object goes first: a REJECTED file never keeps bytes.
      await this.storage.delete(keysOf({ ...file, thumbnailWidths: [...THUMBNAIL_WIDTHS] }));
      await this.db.$transaction(async (tx) => {
        const { count } = await tx.file.updateMany({
          where: held,
          data: { status: 'REJECTED', rejectionReason: inspection.reason, completedAt: new Date(), completionLeaseUntil: null },
        });
        if (count) await this.quotas.adjust(tx, file.ownerId, file.purpose, -file.byteSize);
      });
      this.logger.info({ fileId: file.id, reason: inspection.reason }, 'upload rejected');
      return this.current(file);
    }
    const settled = await this.events.transaction(this.db, async (tx) => {
      const { count } = await tx.file.updateMany({
        where: held,
        data: {
          status: 'READY',
          byteSize: inspection.byteSize,
          thumbnailWidths: inspection.thumbnailWidths,
          completedAt: new Date(),
          completionLeaseUntil: null,
        },
      });
      if (!count) return false;
      await this.quotas.adjust(tx, file.ownerId, file.purpose, inspection.byteSize - file.byteSize);
      await this.events.stage(tx, 'FILE_READY', {
        fileId: file.id,
        ownerId: file.ownerId,
        purpose: file.purpose,
        contentType: file.contentType,
        byteSize: inspection.byteSize,
        publicUrl: file.purpose === 'AVATAR' ? this.links.publicUrl(file) : null,
      });
      return true;
    });
    if (!settled) this.logger.warn({ fileId: file.id }, 'upload settled by someone else (lease lost or file deleted)');
    return this.current(file);
  }

  /** Gives the lease back (the file stays PENDING): the owner may upload and complete again. */
  private async release(held: { id: string; completionToken: string }): Promise<void> {
    await this.db.file.updateMany({ where: held, data: { completionToken: null, completionLeaseUntil: null } });
  }

  /** The file as it now is; a file deleted meanwhile takes the objects just written with it. */
  private async current(file: File): Promise<File> {
    const now = await this.db.file.findUnique({ where: { id: file.id } });
    if (now) return now;
    await this.storage.delete(keysOf({ ...file, thumbnailWidths: [...THUMBNAIL_WIDTHS] }));
    throw notFound('File', file.id);
  }
}
