/**
 * What completeUpload finds in storage. The client's bytes are moved from the upload key (which
 * its signed URL may still write to) to the content key, then checked there: their size against
 * the declared one, their first bytes against the declared type; an avatar is re-encoded in
 * place, with its thumbnails. Nothing a client sends later can replace what was checked.
 */
import { SNIFF_BYTES, sniff } from '../rules/content-types.ts';
import { contentKey, thumbnailKey, uploadKey } from '../rules/keys.ts';
import type { File } from '../generated/prisma/client.ts';
import type { StorageDriver } from '../storage/driver.ts';
import { reencodeAvatar } from './avatar-images.ts';

export type Inspection =
  { kind: 'missing' } | { kind: 'rejected'; reason: string } | { kind: 'ready'; byteSize: number; thumbnailWidths: number[] };

export class Inspector {
  constructor(private readonly storage: StorageDriver) {}

  async inspect(file: File): Promise<Inspection> {
    const key = contentKey(file);
    // A previous attempt that stopped half-way may have moved the bytes already.
    if (!(await this.storage.move(uploadKey(file), key)) && (await this.storage.size(key)) === null) return { kind: 'missing' };
    const size = (await this.storage.size(key)) ?? 0;
    if (size !== file.byteSize) return { kind: 'rejected', reason: `${size} bytes were stored, ${file.byteSize} declared` };

    const complete = size <= SNIFF_BYTES;
    const head = await this.storage.readStart(key, Math.min(size, SNIFF_BYTES));
    const check = sniff(file.contentType, head, complete);
    if (!check.ok) return { kind: 'rejected', reason: check.reason };
    if (file.purpose !== 'AVATAR') return { kind: 'ready', byteSize: size, thumbnailWidths: [] };

    // Bounded by MEDIA_AVATAR_MAX_BYTES.
    const bytes = complete ? head : await this.storage.readStart(key, size);
    const encoded = await reencodeAvatar(bytes, file.contentType);
    if (!encoded.ok) return { kind: 'rejected', reason: encoded.reason };
    const { content, thumbnails } = encoded.avatar;
    await Promise.all(thumbnails.map(({ width, body }) => this.storage.write(thumbnailKey(file, width), body, file.contentType)));
    await this.storage.write(key, content, file.contentType);
    return { kind: 'ready', byteSize: content.length, thumbnailWidths: thumbnails.map(({ width }) => width) };
  }
}
