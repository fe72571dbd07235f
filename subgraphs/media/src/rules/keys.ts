/**
 * Storage keys: derived from a file's purpose and id only (the client's filename never reaches a
 * path or a bucket key). A client writes only the `upload` key (its signed URL may be replayed
 * until it expires); completeUpload moves those bytes to `content` and checks them there, so what
 * is served is exactly what was checked. Avatars' thumbnails are `w<width>`.
 */
import type { Purpose } from './content-types.ts';

const PREFIX: Readonly<Record<Purpose, string>> = { AVATAR: 'avatar', COURSE_ASSET: 'course-asset', ATTACHMENT: 'attachment' };
const KEY =
  /^(avatar|course-asset|attachment)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(upload|content|w[1-9][0-9]{0,3})$/;

export const uploadKey = (file: { id: string; purpose: Purpose }): string => `${PREFIX[file.purpose]}/${file.id}/upload`;
export const contentKey = (file: { id: string; purpose: Purpose }): string => `${PREFIX[file.purpose]}/${file.id}/content`;
export const thumbnailKey = (file: { id: string; purpose: Purpose }, width: number): string =>
  `${PREFIX[file.purpose]}/${file.id}/w${width}`;

/** Every key a file may have written. */
export const keysOf = (file: { id: string; purpose: Purpose; thumbnailWidths: readonly number[] }): string[] => [
  uploadKey(file),
  contentKey(file),
  ...file.thumbnailWidths.map((width) => thumbnailKey(file, width)),
];

export type ParsedKey = { fileId: string } & ({ kind: 'upload' | 'content' } | { kind: 'thumbnail'; width: number });

/** The file a key belongs to; undefined for anything that is not a key of ours (paths with `..`, other prefixes). */
export function parseKey(key: string): ParsedKey | undefined {
  const match = KEY.exec(key);
  if (!match) return undefined;
  const [, , fileId, name] = match as unknown as [string, string, string, string];
  if (name === 'upload' || name === 'content') return { fileId, kind: name };
  return { fileId, kind: 'thumbnail', width: Number(name.slice(1)) };
}
