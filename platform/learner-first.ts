/**
 * What a learner waits for goes first, within one process (all of `npm start`; each process of a
 * split deployment). A learner's mutation sets off more work than its answer: its events reach the
 * live pushes the learner is subscribed to, the consumers whose effects are pushed to them next (XP,
 * badges, notifications), and the rest (analytics, indexing, the assistant's guard...). On one
 * event loop they all start together and the learner's push waits behind the rest. So work is
 * registered under its cause (the id of the request that started it, which its events carry as
 * correlation id) with an urgency, and a consumer waits, before handling an event, until no more
 * urgent work of the same cause is under way.
 *
 * The waits are bounded (a slow push delays analytics a little, never stops it) and concern one
 * cause only: under sustained load an event waits at most for the request and pushes it came
 * from, and events behind a backlog find their cause finished long ago.
 */

/** `learner`: a request, or a live push; `effect`: a consumer whose effect is pushed to the learner; `background`: the rest. */
export type Urgency = 'learner' | 'effect' | 'background';

const RANK: Record<Urgency, 0 | 1 | 2> = { learner: 0, effect: 1, background: 2 };

export interface WaitBounds {
  /** The longest a consumer of this urgency waits for its cause's more urgent work. */
  maxMs: number;
  /**
   * Once that work is over, how long to look again before starting: the next step of a chain (an
   * event staged by an effect consumer, on its way to the next one) is not registered yet.
   */
  graceMs: number;
}

export type Bounds = Record<Exclude<Urgency, 'learner'>, WaitBounds>;

/** From BACKGROUND_WAIT_MAX_MS (platform/env.ts): effect consumers wait a fifth of the background bound. */
export const waitBounds = (backgroundMaxMs: number): Bounds => ({
  effect: { maxMs: Math.round(backgroundMaxMs / 5), graceMs: 0 },
  background: { maxMs: backgroundMaxMs, graceMs: Math.min(10, backgroundMaxMs) },
});

interface Cause {
  /** Work under way per urgency rank. */
  counts: [number, number, number];
  /** Woken when some work of this cause ends. */
  waiters: Set<() => void>;
}

export class LearnerFirst {
  private readonly causes = new Map<string, Cause>();

  constructor(private bounds: Bounds = waitBounds(250)) {}

  /** Every runtime of the process sets the bounds of its settings (one environment, the same bounds). */
  configure(bounds: Bounds): void {
    this.bounds = bounds;
  }

  /** Registers work of `cause`; the returned function ends it (once). */
  begin(cause: string, urgency: Urgency): () => void {
    const entry = this.causes.get(cause) ?? { counts: [0, 0, 0], waiters: new Set() };
    this.causes.set(cause, entry);
    const rank = RANK[urgency];
    entry.counts[rank] += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      entry.counts[rank] -= 1;
      // Each waiter removes itself: deleting the visited entry of a Set keeps the iteration going.
      for (const wake of entry.waiters) wake();
      this.release(cause, entry);
    };
  }

  /** Resolves when none of `causes` has work more urgent than `urgency` under way, or at the bound. Resolves with the ms waited. */
  async turn(causes: readonly string[], urgency: Exclude<Urgency, 'learner'>): Promise<number> {
    const { maxMs, graceMs } = this.bounds[urgency];
    const started = performance.now();
    if (maxMs <= 0) return 0;
    const busy = () =>
      causes.some((cause) => this.causes.get(cause)?.counts.some((count, rank) => rank < RANK[urgency] && count > 0));
    if (!busy()) return 0;
    const deadline = started + maxMs;
    while (performance.now() < deadline) {
      if (busy()) await this.change(causes, deadline - performance.now());
      else if (graceMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(graceMs, deadline - performance.now())));
        if (!busy()) break;
      } else break;
    }
    return performance.now() - started;
  }

  /** Work registered now (the tests check that nothing is left behind). */
  size(): number {
    let total = 0;
    for (const { counts } of this.causes.values()) total += counts[0] + counts[1] + counts[2];
    return total;
  }

  /** Forgets a cause with no work and no waiter left (an entry of a later begin stays). */
  private release(cause: string, entry: Cause): void {
    if (!entry.counts.some(Boolean) && !entry.waiters.size && this.causes.get(cause) === entry) this.causes.delete(cause);
  }

  /** Until some work of one of `causes` ends, or `ms` pass. */
  private change(causes: readonly string[], ms: number): Promise<void> {
    return new Promise((resolve) => {
      const watched = causes.flatMap((cause) => {
        const entry = this.causes.get(cause);
        return entry ? [[cause, entry] as const] : [];
      });
      const wake = () => {
        clearTimeout(timer);
        for (const [cause, entry] of watched) {
          entry.waiters.delete(wake);
          this.release(cause, entry);
        }
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      for (const [, entry] of watched) entry.waiters.add(wake);
    });
  }
}

/** The cause of an event (the request that started it): its correlation id, else its id; undefined for data that is no event (live signals). */
export const causeOf = (data: unknown): string | undefined => {
  const { correlationId, id } = (data ?? {}) as { correlationId?: unknown; id?: unknown };
  const cause = correlationId ?? id;
  return typeof cause === 'string' ? cause : undefined;
};

/** The process's one board: the gateway registers requests and pushes, consumers wait their turn on it. */
export const learnerFirst = new LearnerFirst();
