/** The per-user daily question quota (24 hours from the first question of the window), Redis-backed; staff are not limited. */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { createRateLimiter, RateLimiterRes, type RateLimiter } from '#platform/cache.ts';
import { rateLimited } from '#platform/errors.ts';
import type { Runtime } from '#platform/runtime.ts';

export const UNLIMITED_ROLES = ['ADMIN', 'INSTRUCTOR', 'ANALYST'];
const DAY_SECONDS = 86_400;

export class Quotas {
  private readonly limiter: RateLimiter;

  constructor(runtime: Runtime, dailyQuestions: number) {
    this.limiter = createRateLimiter(runtime, {
      keyPrefix: 'assistant-questions',
      points: dailyQuestions,
      duration: DAY_SECONDS,
    });
  }

  /** Counts one question, or RATE_LIMITED with the seconds until the next one is allowed. */
  async take(viewer: Viewer): Promise<void> {
    if (hasRole(viewer, ...UNLIMITED_ROLES)) return;
    try {
      await this.limiter.consume(viewer.userId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw rateLimited(error.msBeforeNext / 1000, 'You have reached your daily number of questions to the assistant');
    }
  }
}
