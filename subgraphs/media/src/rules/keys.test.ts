import { describe, expect, it } from '@jest/globals';
import { contentKey, keysOf, parseKey, thumbnailKey, uploadKey } from './keys.ts';

const file = { id: '0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b', purpose: 'COURSE_ASSET' as const, thumbnailWidths: [64] };

describe('storage keys', () => {
  it('are made from the purpose and id, and parse back', () => {
    expect(uploadKey(file)).toBe(`course-asset/${file.id}/upload`);
    expect(parseKey(contentKey(file))).toEqual({ fileId: file.id, kind: 'content' });
    expect(parseKey(thumbnailKey(file, 256))).toEqual({ fileId: file.id, kind: 'thumbnail', width: 256 });
    expect(keysOf(file)).toEqual([uploadKey(file), contentKey(file), thumbnailKey(file, 64)]);
  });

  it('refuse anything else: traversal, other prefixes, encoded slashes', () => {
    for (const key of [
      `avatar/${file.id}/../../etc/passwd`,
      `../avatar/${file.id}/content`,
      `avatar/${file.id}/content/`,
      `secrets/${file.id}/content`,
      `avatar/${file.id.toUpperCase()}/content`,
      `avatar/${file.id}%2Fcontent`,
      `avatar/${file.id}/w0`,
      'avatar//content',
    ])
      expect({ key, parsed: parseKey(key) }).toEqual({ key, parsed: undefined });
  });
});
