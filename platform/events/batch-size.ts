/**
 * How many events a batch consumer handles in one transaction: as many as fit in `targetMs` at the
 * time per event measured lately, between 1 and `max`. When statements slow down (a busy database,
 * waits for a connection or for row locks, a starved process), batches shrink at the next one and
 * grow back as it eases, so a batch transaction stays far inside its time limit. It starts at a
 * quarter of `max` (nothing measured yet); a failed batch halves it.
 */
export class AdaptiveBatchSize {
  private msPerEvent: number | undefined;
  private size: number;

  constructor(
    private readonly max: number,
    private readonly targetMs: number,
  ) {
    this.size = Math.max(1, Math.ceil(max / 4));
  }

  get current(): number {
    return this.size;
  }

  /** A batch of `events` committed in `elapsedMs` (waiting to start included). */
  observe(events: number, elapsedMs: number): void {
    const sample = Math.max(elapsedMs, 0.01) / events;
    // Half the weight on the last batch: pressure is felt at the next one.
    this.msPerEvent = this.msPerEvent === undefined ? sample : (this.msPerEvent + sample) / 2;
    this.size = Math.min(this.max, Math.max(1, Math.floor(this.targetMs / this.msPerEvent)));
  }

  failed(events: number): void {
    this.size = Math.max(1, Math.floor(Math.min(this.size, events) / 2));
  }
}
