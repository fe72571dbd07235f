/**
 * Background work a subgraph repeats (sweepers, schedulers, senders): run every `intervalMs`,
 * never two runs at once (a tick while one runs is skipped), a failure logged and retried on the
 * next tick, the timer not keeping the process alive. stop() starts nothing new and waits for the
 * run under way.
 */
import type { Logger } from './logger.ts';

export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    /** Logged when a run fails. */
    private readonly failure: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.run()
        .catch((error: unknown) => this.logger.error({ err: error }, this.failure))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
