import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { PeriodicTask } from './periodic.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicTask', () => {
  it('never runs twice at once, logs a failure and runs again, and stop() waits for the run under way', async () => {
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(JSON.parse(line).msg) });
    let active = 0;
    let overlapping = 0;
    let runs = 0;
    let finished = 0;
    const task = new PeriodicTask(
      async () => {
        runs += 1;
        active += 1;
        if (active > 1) overlapping += 1;
        await sleep(50);
        active -= 1;
        finished += 1;
        if (runs === 1) throw new Error('first run fails');
      },
      10,
      logger,
      'test run failed',
    );
    task.start();
    await sleep(200);
    await task.stop();
    const afterStop = runs;
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(overlapping).toBe(0);
    expect(finished).toBe(runs);
    expect(errors).toEqual(['test run failed']);
    await sleep(50);
    expect(runs).toBe(afterStop);
  });
});
