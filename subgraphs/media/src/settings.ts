/**
 * The media subgraph's own settings. Without S3_BUCKET files live on the local disk
 * (MEDIA_LOCAL_DIR) and media serves their signed URLs itself; with it, in any S3-compatible store
 * (MinIO in docker-compose) through presigned URLs. `compose` (zod metadata) is what
 * docker-compose.yml passes to the media container from the host's .env.
 */
import { z } from 'zod';
import { flag, optional, positiveInt, url } from '#platform/env.ts';

const MiB = 1024 * 1024;
/** A byte count; GraphQL's Int bounds a single file. */
const fileBytes = positiveInt.max(2 ** 31 - 1);
const quotaBytes = positiveInt.max(Number.MAX_SAFE_INTEGER);

export const settings = z
  .object({
    // Where browsers reach the platform (the gateway): local signed URLs and avatars' public URLs point there.
    PUBLIC_URL: url(['http:', 'https:'])
      .default('http://localhost:4000')
      .meta({ compose: '${PUBLIC_URL:-http://localhost:4000}' }),
    // The local driver's folder; unset: <DATA_DIR>/media.
    MEDIA_LOCAL_DIR: optional(z.string().min(1)),
    // Key of the local driver's URL signatures (every replica the same); unset: derived from SUBGRAPH_SHARED_SECRET.
    MEDIA_SIGNING_SECRET: optional(z.string().min(32, 'at least 32 characters (e.g. openssl rand -hex 32)')),
    MEDIA_UPLOAD_URL_TTL_SECONDS: positiveInt
      .min(10)
      .max(7 * 24 * 3600)
      .default(900),
    MEDIA_DOWNLOAD_URL_TTL_SECONDS: positiveInt
      .min(10)
      .max(7 * 24 * 3600)
      .default(900),
    // Largest file, and most bytes a user may hold (PENDING and READY files), per purpose.
    MEDIA_AVATAR_MAX_BYTES: fileBytes.default(5 * MiB),
    MEDIA_AVATAR_QUOTA_BYTES: quotaBytes.default(20 * MiB),
    MEDIA_COURSE_ASSET_MAX_BYTES: fileBytes.default(100 * MiB),
    MEDIA_COURSE_ASSET_QUOTA_BYTES: quotaBytes.default(2048 * MiB),
    MEDIA_ATTACHMENT_MAX_BYTES: fileBytes.default(25 * MiB),
    MEDIA_ATTACHMENT_QUOTA_BYTES: quotaBytes.default(250 * MiB),
    // Uploads never completed are deleted (row and object) this long after they were requested.
    MEDIA_PENDING_TTL_SECONDS: positiveInt
      .min(60)
      .max(30 * 24 * 3600)
      .default(24 * 3600),
    // How often the sweeper looks for them (also at start).
    MEDIA_SWEEP_MS: positiveInt
      .min(50)
      .max(24 * 3600 * 1000)
      .default(60_000),
    // S3-compatible storage: set the bucket to use it.
    S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')).meta({
      compose: '${S3_BUCKET:-doctorpy-media}',
    }),
    // Unset: AWS's own endpoint for the region.
    S3_ENDPOINT: optional(url(['http:', 'https:'])).meta({ compose: '${S3_ENDPOINT:-http://minio:9000}' }),
    // Where browsers reach the store, when not at S3_ENDPOINT (docker-compose: the host's port, not the container's name).
    S3_PUBLIC_ENDPOINT: optional(url(['http:', 'https:'])).meta({ compose: '${S3_PUBLIC_ENDPOINT:-http://localhost:9000}' }),
    S3_REGION: z.string().min(1).default('us-east-1').meta({ compose: '${S3_REGION:-us-east-1}' }),
    // Unset: the SDK's default credential chain (environment, instance role).
    S3_ACCESS_KEY_ID: optional(z.string().min(1)).meta({ compose: '${S3_ACCESS_KEY_ID:-doctorpy}' }),
    S3_SECRET_ACCESS_KEY: optional(z.string().min(1)).meta({ compose: '${S3_SECRET_ACCESS_KEY:-doctorpy-minio-secret}' }),
    // Bucket in the path (MinIO, most S3-compatible stores) instead of the host name.
    S3_FORCE_PATH_STYLE: flag.default(false).meta({ compose: '${S3_FORCE_PATH_STYLE:-true}' }),
  })
  .refine((values) => Boolean(values.S3_ACCESS_KEY_ID) === Boolean(values.S3_SECRET_ACCESS_KEY), {
    message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
    path: ['S3_SECRET_ACCESS_KEY'],
  });

export type MediaSettings = z.infer<typeof settings>;

export interface PurposeLimits {
  maxBytes: number;
  quotaBytes: number;
}

export const limitsOf = (values: MediaSettings, purpose: 'AVATAR' | 'COURSE_ASSET' | 'ATTACHMENT'): PurposeLimits =>
  ({
    AVATAR: { maxBytes: values.MEDIA_AVATAR_MAX_BYTES, quotaBytes: values.MEDIA_AVATAR_QUOTA_BYTES },
    COURSE_ASSET: { maxBytes: values.MEDIA_COURSE_ASSET_MAX_BYTES, quotaBytes: values.MEDIA_COURSE_ASSET_QUOTA_BYTES },
    ATTACHMENT: { maxBytes: values.MEDIA_ATTACHMENT_MAX_BYTES, quotaBytes: values.MEDIA_ATTACHMENT_QUOTA_BYTES },
  })[purpose];
