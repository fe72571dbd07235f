/**
 * A stable shuffle: the same seed always gives the same order, on any process and after any
 * restart, so an attempt seeded with its id shows its learner the same order on every reload.
 * Not for secrets: the order is hard to guess, not impossible.
 */

/** FNV-1a, 32 bits: spreads a string seed over the generator's state. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index += 1) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small generator of numbers in [0, 1) with a 32-bit state. */
function generator(state: number): () => number {
  let current = state;
  return () => {
    current = (current + 0x6d2b79f5) | 0;
    let mixed = Math.imul(current ^ (current >>> 15), 1 | current);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A new array: `items` in an order decided by `seed` alone (Fisher-Yates). */
export function stableShuffle<T>(items: readonly T[], seed: string): T[] {
  const random = generator(hashSeed(seed));
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}
