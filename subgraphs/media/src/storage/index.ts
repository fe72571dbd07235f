/** The storage driver the settings choose: S3 when S3_BUCKET is set, else the local disk. */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { MediaSettings } from '../settings.ts';
import type { StorageDriver } from './driver.ts';
import { LocalDiskStorage } from './local-disk.ts';
import { S3Storage } from './s3.ts';

export interface StorageOptions {
  settings: MediaSettings;
  dataDir: string;
  /** The gateway's signature key, from which the local URL key is derived when none is set. */
  sharedSecret: string;
}

export async function createStorage({ settings, dataDir, sharedSecret }: StorageOptions): Promise<StorageDriver> {
  if (settings.S3_BUCKET) return S3Storage.create(settings, settings.S3_BUCKET);
  // Derived, not reused: a URL signature can never stand for a gateway signature, or the reverse.
  const secret =
    settings.MEDIA_SIGNING_SECRET ?? createHmac('sha256', sharedSecret).update('doctorpy media url signing').digest('hex');
  return new LocalDiskStorage(settings.MEDIA_LOCAL_DIR ?? join(dataDir, 'media'), settings.PUBLIC_URL, secret);
}
