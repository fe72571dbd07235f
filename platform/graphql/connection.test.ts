import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor, pageQuery, toConnection } from './connection.ts';

describe('cursor connections', () => {
  it('round-trips cursors and rejects forged ones', () => {
    expect(decodeCursor(encodeCursor('0190-abc'))).toBe('0190-abc');
    expect(() => decodeCursor('bm9wZQ')).toThrow(/Invalid cursor/);
  });

  it('asks for one row more than the page to know whether another page follows', () => {
    expect(pageQuery({ first: 2 }).prisma).toEqual({ take: 3 });
    expect(pageQuery({ first: 2, after: encodeCursor('x') }).prisma).toEqual({ take: 3, cursor: { id: 'x' }, skip: 1 });
    expect(() => pageQuery({ first: 101 })).toThrow(/between 1 and 100/);
  });

  it('builds edges, page info and a lazy total', async () => {
    let counted = 0;
    const connection = toConnection([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 2, async () => {
      counted += 1;
      return 3;
    });
    expect(connection.nodes).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    expect(counted).toBe(0);
    expect(await connection.totalCount()).toBe(3);
  });
});
