/**
 * The listeners of a bus (the gateway's live feed, tests). The outbox publishes at least once, so
 * the same event can pass twice (a relay retrying after a lost acknowledgement, two replicas
 * polling one outbox, a replay to one consumer); listeners hear each event id once.
 */
import { LRUCache } from 'lru-cache';
import type { BusSignal } from './bus.ts';

/** Far more ids than can be republished within the window in which a duplicate arrives. */
const REMEMBERED_IDS = 10_000;

export class BusListeners {
  private readonly handlers = new Set<(signal: BusSignal) => void>();
  private readonly announced = new LRUCache<string, true>({ max: REMEMBERED_IDS });

  add(handler: (signal: BusSignal) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  emit(signal: BusSignal): void {
    if (signal.channel === 'event') {
      const id = (signal.data as { id?: unknown } | null)?.id;
      if (typeof id === 'string') {
        if (this.announced.has(id)) return;
        this.announced.set(id, true);
      }
    }
    for (const handler of this.handlers) handler(signal);
  }
}
