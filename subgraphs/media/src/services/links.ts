/**
 * The URLs of READY files. Avatars are public: a stable URL on media's own route (the bytes from
 * the local disk, or a redirect to a fresh presigned URL on S3), so profiles can store it and
 * browsers can cache it. Every other file gets a signed URL valid MEDIA_DOWNLOAD_URL_TTL_SECONDS,
 * made for each request that may see it.
 */
import { contentDisposition } from '../rules/filenames.ts';
import { isPublicFile } from './access.ts';
import { isImage, isText } from '../rules/content-types.ts';
import { contentKey, thumbnailKey } from '../rules/keys.ts';
import type { File } from '../generated/prisma/client.ts';
import type { MediaSettings } from '../settings.ts';
import type { StorageDriver } from '../storage/driver.ts';

export const PUBLIC_PATH = '/media/public';

type Linked = Pick<File, 'id' | 'purpose' | 'status' | 'filename' | 'contentType' | 'thumbnailWidths'>;

/** What a download is served as: text as UTF-8; images shown, anything else saved. */
export const servedType = (contentType: string): string => (isText(contentType) ? `${contentType}; charset=utf-8` : contentType);
export const servedDisposition = (file: Pick<File, 'filename' | 'contentType'>): string =>
  contentDisposition(file.filename, isImage(file.contentType));

export class FileLinks {
  constructor(
    private readonly storage: StorageDriver,
    private readonly settings: Pick<MediaSettings, 'PUBLIC_URL' | 'MEDIA_DOWNLOAD_URL_TTL_SECONDS'>,
  ) {}

  publicUrl(file: Pick<File, 'id'>, width?: number): string {
    return new URL(`${PUBLIC_PATH}/${file.id}${width ? `/w${width}` : ''}`, this.settings.PUBLIC_URL).toString();
  }

  /** Null unless READY. */
  async url(file: Linked): Promise<string | null> {
    if (file.status !== 'READY') return null;
    if (isPublicFile(file)) return this.publicUrl(file);
    return this.signedDownload(contentKey(file), file);
  }

  signedDownload(key: string, file: Pick<File, 'filename' | 'contentType'>): Promise<string> {
    return this.storage.downloadUrl(key, {
      expiresAt: new Date(Date.now() + this.settings.MEDIA_DOWNLOAD_URL_TTL_SECONDS * 1000),
      contentType: servedType(file.contentType),
      contentDisposition: servedDisposition(file),
    });
  }

  thumbnails(file: Linked): Array<{ size: number; url: string }> {
    if (!isPublicFile(file)) return [];
    return file.thumbnailWidths.map((size) => ({ size, url: this.publicUrl(file, size) }));
  }

  /** The key a public route serves for a file and an optional width, if the file has it. */
  publicKey(file: Linked, width: number | undefined): string | undefined {
    if (width === undefined) return contentKey(file);
    return file.thumbnailWidths.includes(width) ? thumbnailKey(file, width) : undefined;
  }
}
