/**
 * A budget of requests per client address for the public certificate pages and PDFs, which the
 * gateway streams through without its own rate limit. Guessing codes is hopeless anyway (60 bits);
 * this bounds what one address can make courses render. In Redis when there is one (shared by the
 * replicas), in memory otherwise.
 */
import { createRateLimiter, RateLimiterRes, type RateLimiter } from '#platform/cache.ts';
import type { Runtime } from '#platform/runtime.ts';

export class RequestLimit {
  private readonly limiter: RateLimiter;

  constructor(runtime: Runtime, name: string, perMinute: number) {
    this.limiter = createRateLimiter(runtime, { keyPrefix: name, points: perMinute, duration: 60 });
  }

  /** 0 when the request may go on, else the seconds to wait. */
  async admit(clientAddress: string): Promise<number> {
    try {
      await this.limiter.consume(clientAddress);
      return 0;
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result;
      return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    }
  }
}
