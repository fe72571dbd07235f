import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { AppError } from '#platform/errors.ts';
import { WorkQueue } from './work-queue.ts';

/** A job that takes `ms` and reports how many jobs were running meanwhile. */
function job(ms: number, running: { now: number; most: number }) {
  return async () => {
    running.now += 1;
    running.most = Math.max(running.most, running.now);
    await sleep(ms);
    running.now -= 1;
    return ms;
  };
}

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once and all of them in the end', async () => {
    const queue = new WorkQueue('test', 2, 10_000);
    const running = { now: 0, most: 0 };
    const results = await Promise.all(Array.from({ length: 10 }, () => queue.run(job(20, running))));
    expect(results).toEqual(Array(10).fill(20));
    expect(running.most).toBe(2);
    expect(queue.length).toBe(0);
  });

  it('refuses at once what would start too late: SERVICE_UNAVAILABLE, HTTP 503 and the expected wait', async () => {
    const queue = new WorkQueue('test', 1, 250);
    const running = { now: 0, most: 0 };
    // Teaches the queue that a job takes ~100 ms.
    for (let index = 0; index < 5; index += 1) await queue.run(job(100, running));
    const jobs = Array.from({ length: 6 }, () =>
      queue.run(job(100, running)).then(
        () => 'done',
        (error: unknown) => error,
      ),
    );
    const outcomes = await Promise.all(jobs);
    const refused = outcomes.filter((outcome): outcome is AppError => outcome instanceof AppError);
    expect(outcomes.filter((outcome) => outcome === 'done').length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const error of refused) {
      expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503 } });
      expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(queue.length).toBe(0);
  });
});
