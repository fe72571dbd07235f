import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { LearnerFirst, waitBounds } from './learner-first.ts';

const bounds = { effect: { maxMs: 200, graceMs: 0 }, background: { maxMs: 300, graceMs: 20 } };

/** Resolves with the order in which the given turns came, by label. */
async function order(turns: Array<[string, Promise<unknown>]>, also: Array<[string, Promise<unknown>]> = []) {
  const seen: string[] = [];
  await Promise.all([...turns, ...also].map(([label, turn]) => turn.then(() => seen.push(label))));
  return seen;
}

describe('LearnerFirst', () => {
  it('lets effects and background work of a cause wait for its request, and background wait for its effects', async () => {
    const board = new LearnerFirst(bounds);
    const endRequest = board.begin('request-1', 'learner');
    const endEffect = board.begin('request-1', 'effect');
    const effect = board.turn(['request-1'], 'effect');
    const background = board.turn(['request-1'], 'background');
    const steps = [
      ['request answered', sleep(30).then(endRequest)],
      ['effect done', effect.then(() => sleep(30)).then(endEffect)],
    ] as Array<[string, Promise<unknown>]>;
    expect(
      await order(
        [
          ['effect turn', effect],
          ['background turn', background],
        ],
        steps,
      ),
    ).toEqual(['request answered', 'effect turn', 'effect done', 'background turn']);
    expect(board.size()).toBe(0);
  });

  it('never makes work of another cause wait', async () => {
    const board = new LearnerFirst(bounds);
    const end = board.begin('request-1', 'learner');
    expect(await board.turn(['request-2'], 'background')).toBe(0);
    expect(await board.turn(['request-2'], 'effect')).toBe(0);
    end();
  });

  it('lets work of the same urgency run side by side', async () => {
    const board = new LearnerFirst(bounds);
    const end = board.begin('request-1', 'effect');
    expect(await board.turn(['request-1'], 'effect')).toBe(0);
    end();
  });

  it('waits no longer than its bound for work that does not end', async () => {
    const board = new LearnerFirst({ effect: { maxMs: 40, graceMs: 0 }, background: { maxMs: 60, graceMs: 10 } });
    const end = board.begin('stuck', 'learner');
    const waited = await board.turn(['stuck'], 'background');
    expect(waited).toBeGreaterThanOrEqual(55);
    expect(waited).toBeLessThan(200);
    end();
    expect(board.size()).toBe(0);
  });

  it('looks again after its grace: the next effect of a chain, registered in between, still goes first', async () => {
    const board = new LearnerFirst(bounds);
    const endFirst = board.begin('request-1', 'effect');
    const background = board.turn(['request-1'], 'background');
    let endSecond: (() => void) | undefined;
    const chain = sleep(10)
      .then(endFirst)
      // The staged event reaches the next effect consumer a few ms later.
      .then(() => sleep(5))
      .then(() => (endSecond = board.begin('request-1', 'effect')))
      .then(() => sleep(40))
      .then(() => endSecond!());
    expect(await order([['background turn', background]], [['chain over', chain]])).toEqual(['chain over', 'background turn']);
  });

  it('does not wait when BACKGROUND_WAIT_MAX_MS is 0', async () => {
    const board = new LearnerFirst(waitBounds(0));
    const end = board.begin('request-1', 'learner');
    expect(await board.turn(['request-1'], 'background')).toBe(0);
    end();
  });
});
