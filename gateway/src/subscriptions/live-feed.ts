/**
 * The gateway's single tap on the event bus: it listens once per process and hands each event or
 * live signal to the subscriptions waiting for it. With JetStream, every gateway replica listens
 * (core NATS fan-out) and serves its own sockets.
 */
import type { EventBus } from '#platform/events/bus.ts';
import type { EventName } from '#platform/events/catalog.ts';
import { parseEnvelope } from '#platform/events/envelope.ts';

export type Trigger = { kind: 'event'; name: EventName } | { kind: 'live'; topic: string };

type Listener = (data: unknown) => void;

const keyOf = (trigger: Trigger) => (trigger.kind === 'event' ? `event:${trigger.name}` : `live:${trigger.topic}`);

export class LiveFeed {
  private readonly listeners = new Map<string, Set<Listener>>();
  private stopListening: (() => void) | undefined;

  constructor(private readonly bus: EventBus) {}

  /** Calls `listener` with the envelope (events) or the signal data (live) until unsubscribed. */
  subscribe(trigger: Trigger, listener: Listener): () => void {
    this.stopListening ??= this.bus.listen((signal) => {
      if (signal.channel === 'live') return this.dispatch(`live:${signal.topic}`, signal.data);
      // Every event of the platform passes here: only those someone waits for are validated, against
      // the published contract (schema/events.json), an older version upgraded to the current shape.
      const name = (signal.data as { name?: unknown } | null)?.name;
      if (!this.listeners.has(`event:${String(name)}`)) return;
      const parsed = parseEnvelope(signal.data);
      if (parsed.ok) this.dispatch(`event:${parsed.event.name}`, parsed.event);
    });
    const key = keyOf(trigger);
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(key);
    };
  }

  /** Subscriptions currently waiting (for metrics and the "released on close" tests). */
  size(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  close(): void {
    this.stopListening?.();
    this.listeners.clear();
  }

  private dispatch(key: string, data: unknown): void {
    for (const listener of this.listeners.get(key) ?? []) listener(data);
  }
}
