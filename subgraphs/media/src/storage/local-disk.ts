/**
 * The local disk driver (the default): objects are files under one folder, written atomically
 * (a temporary file renamed into place). Its signed URLs point at media's own routes on the
 * gateway's host (routes.ts), which check them with `verify` and stream the bytes.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parseKey } from '../rules/keys.ts';
import { checkSignature, signature, type SignatureCheck } from '../rules/signing.ts';
import type { DownloadOptions, SignedUpload, StorageDriver } from './driver.ts';

export const OBJECTS_PATH = '/media/objects';

export class TooLarge extends Error {
  override name = 'TooLarge';
}

export class LocalDiskStorage implements StorageDriver {
  readonly kind = 'local';

  constructor(
    private readonly root: string,
    private readonly publicUrl: string,
    private readonly secret: string,
  ) {}

  async prepare(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  private signedUrl(method: 'GET' | 'PUT', key: string, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const url = new URL(`${OBJECTS_PATH}/${key}`, this.publicUrl);
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('signature', signature(this.secret, method, key, expires));
    return url.toString();
  }

  /** The route that receives it (routes.ts) holds the body to the file's declared size and type. */
  async uploadUrl(key: string, { contentType, expiresAt }: { contentType: string; expiresAt: Date }): Promise<SignedUpload> {
    return { url: this.signedUrl('PUT', key, expiresAt), method: 'PUT', headers: { 'Content-Type': contentType } };
  }

  /** The route serving it sets the type and disposition from the file itself. */
  async downloadUrl(key: string, { expiresAt }: DownloadOptions): Promise<string> {
    return this.signedUrl('GET', key, expiresAt);
  }

  verify(method: string, key: string, query: Record<string, unknown>): SignatureCheck {
    return checkSignature(
      this.secret,
      { method, key, expires: query.expires, signature: query.signature },
      Math.floor(Date.now() / 1000),
    );
  }

  /** The file of a key; throws for anything that is not one of ours (no path leaves the root). */
  private path(key: string): string {
    if (!parseKey(key)) throw new Error(`not a storage key: ${key}`);
    return join(this.root, key);
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.path(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async readStart(key: string, bytes: number): Promise<Buffer> {
    const handle = await open(this.path(key), 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  read(key: string): ReadStream {
    return createReadStream(this.path(key));
  }

  private temporary(path: string): string {
    return `${path}.${randomBytes(6).toString('hex')}.part`;
  }

  async write(key: string, body: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = this.temporary(path);
    await writeFile(temporary, body);
    await rename(temporary, path);
  }

  async move(from: string, to: string): Promise<boolean> {
    try {
      await rename(this.path(from), this.path(to));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Stores a request body of at most `maxBytes` (TooLarge beyond, nothing kept). */
  async writeStream(key: string, body: Readable, maxBytes: number): Promise<number> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = this.temporary(path);
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > maxBytes ? new TooLarge(`more than ${maxBytes} bytes`) : null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(temporary));
      await rename(temporary, path);
      return received;
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.path(key), { force: true })));
    // The file's folder, once its last object is gone.
    const folders = new Set(keys.map((key) => dirname(this.path(key))));
    await Promise.all([...folders].map((folder) => rmdir(folder).catch(() => undefined)));
  }

  close(): void {
    // Nothing held between calls.
  }
}
