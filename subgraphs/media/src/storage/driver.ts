/**
 * Where files' bytes live. Clients send and fetch bytes straight to and from the store through
 * signed URLs; media itself only reads the first bytes to check them, re-encodes avatars and
 * deletes. Two drivers: the local disk (media serves its own signed URLs) and any S3-compatible store.
 */
export interface SignedUpload {
  url: string;
  method: 'PUT';
  /** Headers the client must send as they are. */
  headers: Record<string, string>;
}

export interface DownloadOptions {
  expiresAt: Date;
  contentType: string;
  contentDisposition: string;
}

export interface StorageDriver {
  readonly kind: 'local' | 's3';
  /** Work before the first request (S3: create the bucket if it is missing). */
  prepare(): Promise<void>;
  /** A URL accepting exactly `byteSize` bytes of `contentType` under `key` until `expiresAt`. */
  uploadUrl(key: string, upload: { contentType: string; byteSize: number; expiresAt: Date }): Promise<SignedUpload>;
  downloadUrl(key: string, options: DownloadOptions): Promise<string>;
  /** The stored size, or null when nothing is stored under `key`. */
  size(key: string): Promise<number | null>;
  /** Up to `bytes` leading bytes. */
  readStart(key: string, bytes: number): Promise<Buffer>;
  write(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Moves an object (replacing what `to` held); false when nothing is stored under `from`. */
  move(from: string, to: string): Promise<boolean>;
  /** Deletes what exists among `keys` (missing ones are fine). */
  delete(keys: readonly string[]): Promise<void>;
  /** Releases connections at shutdown. */
  close(): void;
}
