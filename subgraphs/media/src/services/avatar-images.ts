/**
 * Avatars are re-encoded before anyone sees them: decoded by sharp in the declared format only
 * (an SVG or anything else renamed .png is refused, not rasterised), rotated upright, bounded to
 * AVATAR_MAX_DIMENSION and written again without metadata (EXIF, GPS, comments); square thumbnails
 * come from the result. The first frame of an animated GIF is kept. sharp is loaded with the first
 * avatar (a third of a second of start-up otherwise).
 */
import type { Sharp } from 'sharp';

export const AVATAR_MAX_DIMENSION = 1024;
export const THUMBNAIL_WIDTHS = [64, 256] as const;
/** Larger inputs are refused before decoding (decompression bombs). */
const MAX_INPUT_PIXELS = 40_000_000;

const FORMATS = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp', 'image/gif': 'gif' } as const;
type AvatarType = keyof typeof FORMATS;

export interface EncodedAvatar {
  content: Buffer;
  thumbnails: Array<{ width: number; body: Buffer }>;
}

export type AvatarOutcome = { ok: true; avatar: EncodedAvatar } | { ok: false; reason: string };

export async function reencodeAvatar(bytes: Buffer, contentType: string): Promise<AvatarOutcome> {
  const format = FORMATS[contentType as AvatarType];
  if (!format) return { ok: false, reason: `${contentType} is not an avatar format` };
  const { default: sharp } = await import('sharp');
  const decode = (input: Buffer): Sharp => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated: false, failOn: 'error' });
  try {
    const { format: actual } = await decode(bytes).metadata();
    if (actual !== format) return { ok: false, reason: `the image is ${actual ?? 'of no known format'}, not ${contentType}` };
    const content = await decode(bytes)
      .rotate()
      .resize(AVATAR_MAX_DIMENSION, AVATAR_MAX_DIMENSION, { fit: 'inside', withoutEnlargement: true })
      .toFormat(format)
      .toBuffer();
    const thumbnails = await Promise.all(
      THUMBNAIL_WIDTHS.map(async (width) => ({
        width,
        body: await sharp(content).resize(width, width, { fit: 'cover' }).toFormat(format).toBuffer(),
      })),
    );
    return { ok: true, avatar: { content, thumbnails } };
  } catch (error) {
    return { ok: false, reason: `not a readable image (${(error as Error).message.slice(0, 120)})` };
  }
}
