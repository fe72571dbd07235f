import { describe, expect, it } from '@jest/globals';
import { stableShuffle } from './shuffle.ts';

const items = Array.from({ length: 10 }, (_, index) => `q${index + 1}`);

describe('stableShuffle', () => {
  it('gives the same order for the same seed, every time', () => {
    const seed = '0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b';
    const first = stableShuffle(items, seed);
    for (let run = 0; run < 5; run += 1) expect(stableShuffle(items, seed)).toEqual(first);
    // Fixed across versions and processes: the order a learner saw yesterday is the order today.
    expect(stableShuffle(['a', 'b', 'c', 'd', 'e'], 'attempt-1')).toEqual(stableShuffle(['a', 'b', 'c', 'd', 'e'], 'attempt-1'));
  });

  it('is a permutation and leaves its input alone', () => {
    const copy = [...items];
    const shuffled = stableShuffle(items, 'seed');
    expect(items).toEqual(copy);
    expect([...shuffled].sort()).toEqual([...items].sort());
  });

  it('gives different orders for different seeds', () => {
    const orders = new Set(Array.from({ length: 50 }, (_, index) => stableShuffle(items, `attempt-${index}`).join(',')));
    expect(orders.size).toBeGreaterThan(45);
  });

  it('moves every item to every place about as often (no bias towards the original order)', () => {
    const firstPlace = new Map<string, number>();
    const runs = 20_000;
    for (let run = 0; run < runs; run += 1) {
      const [first] = stableShuffle(['a', 'b', 'c', 'd'], `seed-${run}`);
      firstPlace.set(first!, (firstPlace.get(first!) ?? 0) + 1);
    }
    for (const item of ['a', 'b', 'c', 'd']) expect(Math.abs(firstPlace.get(item)! / runs - 0.25)).toBeLessThan(0.02);
  });

  it('handles empty and single lists', () => {
    expect(stableShuffle([], 'x')).toEqual([]);
    expect(stableShuffle(['only'], 'x')).toEqual(['only']);
  });
});
