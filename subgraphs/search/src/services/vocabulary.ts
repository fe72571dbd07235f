/**
 * The vocabulary of public documents (typo correction and suggestions of the Postgres engine),
 * rebuilt shortly after documents change: one rebuild for a burst of events, within the second.
 */
import type { Logger } from '#platform/logger.ts';
import type { PostgresEngine } from './postgres-engine.ts';

const DEBOUNCE_MS = 150;

export class Vocabulary {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: PostgresEngine,
    private readonly logger: Logger,
  ) {}

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.running
        .then(() => this.engine.rebuildVocabulary())
        .catch((error: unknown) => this.logger.warn({ err: error }, 'search vocabulary rebuild failed'));
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  rebuild(): Promise<void> {
    return this.engine.rebuildVocabulary();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
