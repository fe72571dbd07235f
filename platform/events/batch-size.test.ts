import { describe, expect, it } from '@jest/globals';
import { AdaptiveBatchSize } from './batch-size.ts';

describe('AdaptiveBatchSize', () => {
  it('starts at a quarter of the maximum, then takes as many events as fit in the target time', () => {
    const size = new AdaptiveBatchSize(200, 1_000);
    expect(size.current).toBe(50);
    size.observe(50, 100); // 2 ms per event: 500 would fit
    expect(size.current).toBe(200);
  });

  it('shrinks at the next batch when statements slow down, and grows back as it eases', () => {
    const size = new AdaptiveBatchSize(200, 1_000);
    size.observe(50, 50);
    expect(size.current).toBe(200);
    size.observe(200, 6_000); // 30 ms per event: a full batch would run past a 5 s limit
    expect(size.current).toBeLessThanOrEqual(66);
    expect(size.current * 30).toBeLessThan(2_000);
    for (let batch = 0; batch < 6; batch += 1) size.observe(size.current, size.current * 1);
    expect(size.current).toBe(200);
  });

  it('halves after a failed batch and never goes below one', () => {
    const size = new AdaptiveBatchSize(200, 1_000);
    size.failed(50);
    expect(size.current).toBe(25);
    size.observe(1, 5_000);
    expect(size.current).toBe(1);
    size.failed(1);
    expect(size.current).toBe(1);
  });
});
