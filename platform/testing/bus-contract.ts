/**
 * The batch contract every event bus keeps, run the same way against each: five events published,
 * consumed three at a time; the first delivery of the first batch is left unsettled and must come
 * back. Returns what the consumer saw and what it should have seen ("<event id>#<attempt>").
 */
import type { EventBus } from '../events/bus.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { eventually } from './helpers.ts';

/** `event` makes a new envelope (any event: the bus does not look into it). */
export async function deliverInBatches(bus: EventBus, event: () => EventEnvelope, lingerMs: number, timeoutMs: number) {
  const published = Array.from({ length: 5 }, event);
  for (const envelope of published) await bus.publish(envelope);
  const batches: string[][] = [];
  const consumer = bus.consumeBatches(
    'events',
    'consumer-batches',
    async (deliveries) => {
      batches.push(deliveries.map((delivery) => `${(delivery.data as { id: string }).id}#${delivery.attempt}`));
      for (const [index, delivery] of deliveries.entries()) if (batches.length > 1 || index > 0) delivery.ack();
    },
    { max: 3, lingerMs },
  );
  await eventually(async () => (batches.flat().length === 6 ? true : undefined), timeoutMs);
  await consumer.stop();
  const [a, b, c, d, e] = published.map((envelope) => envelope.id);
  return { batches, expected: [[`${a}#1`, `${b}#1`, `${c}#1`], [`${d}#1`, `${e}#1`], [`${a}#2`]] };
}
