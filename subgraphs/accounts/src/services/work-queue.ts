/**
 * Runs CPU-heavy jobs (argon2 hashing) a few at a time, the others waiting in line. Each argon2
 * job holds a libuv thread (4 by default) for ~60 ms: unbounded, 100 sign-ups fill the pool and
 * token signing, file and DNS work queue behind them for seconds. A job that would start too late
 * to be answered in time is refused at once (SERVICE_UNAVAILABLE, the expected wait as Retry-After)
 * instead of timing out at the gateway.
 */
import { serviceUnavailable } from '#platform/errors.ts';

export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Moving average of one job, in ms; starts optimistic, a few jobs correct it. */
  private averageMs = 50;

  constructor(
    /** Names the queue in the overload metric. */
    private readonly name: string,
    private readonly concurrency: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Jobs running or waiting now. */
  get length(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running += 1;
    else {
      const expectedWaitMs = ((this.waiting.length + 1) / this.concurrency) * this.averageMs;
      if (expectedWaitMs > this.maxWaitMs) throw this.refusal(expectedWaitMs);
      const queuedAt = performance.now();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      // The estimate was short (the machine slowed down): its caller has likely given up, spare the work.
      const waitedMs = performance.now() - queuedAt;
      if (waitedMs > this.maxWaitMs) {
        this.release();
        throw this.refusal(this.averageMs * Math.max(1, this.waiting.length / this.concurrency));
      }
    }
    const started = performance.now();
    try {
      return await job();
    } finally {
      this.averageMs += (performance.now() - started - this.averageMs) / 5;
      this.release();
    }
  }

  /** The slot passes to the next job in line, or frees up. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }

  private refusal(waitMs: number) {
    return serviceUnavailable(waitMs / 1000, 'Too many sign-ins at once, try again shortly', this.name);
  }
}
