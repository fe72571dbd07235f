/** The domain events a test stack publishes, as its tests see them on the stack's bus. */
import type { EventName } from '#platform/events/catalog.ts';
import { parseEnvelope, type AnyEvent, type EventOf } from '#platform/events/envelope.ts';
import type { TestStack } from './stack.ts';

/** Every domain event that passes on the bus from now on, as checked envelopes. */
export function recordEvents(platform: TestStack) {
  const heard: AnyEvent[] = [];
  const stop = platform.runtime.eventBus().listen((signal) => {
    if (signal.channel !== 'event') return;
    const parsed = parseEnvelope(signal.data);
    if (parsed.ok) heard.push(parsed.event);
  });
  return {
    heard,
    stop,
    /** The events named `name` whose payload holds every field of `match`. */
    named: <N extends EventName>(name: N, match: Record<string, unknown> = {}) =>
      heard.filter(
        (event) =>
          event.name === name &&
          Object.entries(match).every(([key, value]) => (event.payload as Record<string, unknown>)[key] === value),
      ) as Array<EventOf<N>>,
  };
}
