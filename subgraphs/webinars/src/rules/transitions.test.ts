import { describe, expect, it } from '@jest/globals';
import type { WebinarStatus } from '../generated/prisma/enums.ts';
import { TRANSITIONS, transitionRefusal, type Transition } from './transitions.ts';

const startsAt = new Date('2026-12-10T18:00:00.000Z');
const now = new Date('2026-12-10T17:50:00.000Z');
const STATUSES: WebinarStatus[] = ['SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED'];

describe('transitionRefusal', () => {
  it('allows exactly SCHEDULED → LIVE, LIVE → ENDED, SCHEDULED|LIVE → CANCELLED', () => {
    const allowed = (Object.keys(TRANSITIONS) as Transition[]).flatMap((transition) =>
      STATUSES.filter((status) => !transitionRefusal(transition, { status, startsAt }, now)).map(
        (status) => `${status} -${transition}-> ${TRANSITIONS[transition].to}`,
      ),
    );
    expect(allowed).toEqual([
      'SCHEDULED -start-> LIVE',
      'LIVE -end-> ENDED',
      'SCHEDULED -cancel-> CANCELLED',
      'LIVE -cancel-> CANCELLED',
    ]);
  });

  it('names the status that refuses a transition', () => {
    expect(transitionRefusal('end', { status: 'SCHEDULED', startsAt }, now)?.message).toBe(
      'The webinar is SCHEDULED: it must be LIVE to end',
    );
    expect(transitionRefusal('cancel', { status: 'ENDED', startsAt }, now)?.message).toMatch(/SCHEDULED or LIVE/);
  });

  it('starts from 15 minutes before the start, and says when when asked earlier', () => {
    const early = new Date('2026-12-10T17:44:59.000Z');
    expect(transitionRefusal('start', { status: 'SCHEDULED', startsAt }, early)).toEqual({
      message: 'Too early: the webinar can start from 2026-12-10T17:45:00.000Z',
      opensAt: new Date('2026-12-10T17:45:00.000Z'),
    });
    expect(transitionRefusal('start', { status: 'SCHEDULED', startsAt }, new Date('2026-12-10T17:45:00.000Z'))).toBeUndefined();
    // Late is fine: a host may start after the scheduled time.
    expect(transitionRefusal('start', { status: 'SCHEDULED', startsAt }, new Date('2026-12-10T19:30:00.000Z'))).toBeUndefined();
  });
});
