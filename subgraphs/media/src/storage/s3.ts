/**
 * The S3 driver (S3_BUCKET set): any S3-compatible store (AWS S3, MinIO, ...). Clients send and
 * fetch bytes with presigned URLs (SigV4 in the query string); the upload URL also signs the
 * Content-Type, so the bytes arrive with the type that was checked. Presigned URLs name
 * S3_PUBLIC_ENDPOINT when browsers reach the store elsewhere than media does. The SDK is loaded
 * only when S3 is configured (it takes most of a second to import: the local disk needs none).
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { MediaSettings } from '../settings.ts';
import type { DownloadOptions, SignedUpload, StorageDriver } from './driver.ts';

const isNotFound = (error: unknown): boolean => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket' || $metadata?.httpStatusCode === 404;
};

const secondsUntil = (date: Date): number => Math.max(1, Math.ceil((date.getTime() - Date.now()) / 1000));

type Sdk = typeof import('@aws-sdk/client-s3');
type GetSignedUrl = (typeof import('@aws-sdk/s3-request-presigner'))['getSignedUrl'];

export class S3Storage implements StorageDriver {
  readonly kind = 's3';
  private readonly client: S3Client;
  /** Signs URLs for browsers: the same store as seen from outside. */
  private readonly presigner: S3Client;

  static async create(settings: MediaSettings, bucket: string): Promise<S3Storage> {
    const [sdk, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
    return new S3Storage(sdk, getSignedUrl, settings, bucket);
  }

  private constructor(
    private readonly sdk: Sdk,
    private readonly getSignedUrl: GetSignedUrl,
    settings: MediaSettings,
    private readonly bucket: string,
  ) {
    const config = (endpoint: string | undefined): S3ClientConfig => ({
      region: settings.S3_REGION,
      forcePathStyle: settings.S3_FORCE_PATH_STYLE,
      ...(endpoint ? { endpoint } : {}),
      ...(settings.S3_ACCESS_KEY_ID && settings.S3_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY } }
        : {}),
      // Checksums only where S3 requires them: S3-compatible stores do not all know the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.client = new sdk.S3Client(config(settings.S3_ENDPOINT));
    this.presigner = new sdk.S3Client(config(settings.S3_PUBLIC_ENDPOINT ?? settings.S3_ENDPOINT));
  }

  async prepare(): Promise<void> {
    try {
      await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.client.send(new this.sdk.CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  /** Content-Length is signed too: the store refuses other sizes (browsers set it themselves). */
  async uploadUrl(key: string, upload: { contentType: string; byteSize: number; expiresAt: Date }): Promise<SignedUpload> {
    const command = new this.sdk.PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: upload.contentType,
      ContentLength: upload.byteSize,
    });
    const url = await this.getSignedUrl(this.presigner, command, {
      expiresIn: secondsUntil(upload.expiresAt),
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return { url, method: 'PUT', headers: { 'Content-Type': upload.contentType } };
  }

  downloadUrl(key: string, { expiresAt, contentType, contentDisposition }: DownloadOptions): Promise<string> {
    const command = new this.sdk.GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: contentType,
      ResponseContentDisposition: contentDisposition,
    });
    return this.getSignedUrl(this.presigner, command, { expiresIn: secondsUntil(expiresAt) });
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new this.sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async readStart(key: string, bytes: number): Promise<Buffer> {
    const object = await this.client.send(
      new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }),
    );
    const body = Buffer.from(await object.Body!.transformToByteArray());
    // A store that ignores Range sends it all.
    return body.subarray(0, bytes);
  }

  async write(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new this.sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async move(from: string, to: string): Promise<boolean> {
    try {
      await this.client.send(
        new this.sdk.CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${from}` }),
      );
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
    return true;
  }

  async delete(keys: readonly string[]): Promise<void> {
    // One request per key: DeleteObjects needs a Content-MD5 that S3-compatible stores disagree on.
    await Promise.all(keys.map((key) => this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }))));
  }

  close(): void {
    this.client.destroy();
    this.presigner.destroy();
  }
}
