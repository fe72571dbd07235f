import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { AVATAR_MAX_DIMENSION, reencodeAvatar } from './avatar-images.ts';

const image = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } });

describe('reencodeAvatar', () => {
  it('bounds the size, drops metadata and makes square thumbnails in the same format', async () => {
    const jpeg = await image(2000, 1000)
      .withExif({ IFD0: { Copyright: 'someone', Artist: 'GPS home address' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const outcome = await reencodeAvatar(jpeg, 'image/jpeg');
    if (!outcome.ok) throw new Error(outcome.reason);
    const meta = await sharp(outcome.avatar.content).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', AVATAR_MAX_DIMENSION, 512, undefined]);
    const thumbnails = await Promise.all(
      outcome.avatar.thumbnails.map(async ({ width, body }) => [width, await sharp(body).metadata()] as const),
    );
    expect(thumbnails.map(([width, { width: w, height: h, format }]) => [width, w, h, format])).toEqual([
      [64, 64, 64, 'jpeg'],
      [256, 256, 256, 'jpeg'],
    ]);
  });

  it('refuses an image of another format than declared, an SVG, and bytes that are no image', async () => {
    const png = await image(10, 10).png().toBuffer();
    expect(await reencodeAvatar(png, 'image/jpeg')).toEqual({ ok: false, reason: 'the image is png, not image/jpeg' });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    expect((await reencodeAvatar(svg, 'image/png')).ok).toBe(false);
    const truncated = png.subarray(0, 40);
    expect((await reencodeAvatar(truncated, 'image/png')).ok).toBe(false);
    expect((await reencodeAvatar(png, 'application/pdf')).ok).toBe(false);
  });
});
