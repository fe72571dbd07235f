/** The JetStream bus against a real nats-server of the test's own, stopped and restarted. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../logger.ts';
import { deliverInBatches } from '../testing/bus-contract.ts';
import { eventually } from '../testing/helpers.ts';
import { startNatsServer, type TestNatsServer } from '../testing/nats-server.ts';
import { consumeEach, type BusSignal, type DeadLetterRecord, type Delivery } from './bus.ts';
import { createEnvelope } from './envelope.ts';
import { JetStreamBus } from './jetstream-bus.ts';

const logger = createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }, 'test');
let nats: TestNatsServer;
let bus: JetStreamBus;

const event = (userId = randomUUID()) => createEnvelope('USER_AUTHENTICATED', { userId, sessionId: randomUUID() }, 'accounts');

beforeAll(async () => {
  nats = await startNatsServer();
  bus = new JetStreamBus(nats.url, `t${randomUUID().slice(0, 6)}`, logger);
});
afterAll(async () => {
  await bus?.close();
  await nats?.dispose();
});

describe('JetStreamBus', () => {
  it('delivers each event once to every consumer, drops duplicate ids, and fans out to listeners', async () => {
    const seen: Record<string, string[]> = { a: [], b: [] };
    const heard: BusSignal[] = [];
    const stopListening = bus.listen((signal) => heard.push(signal));
    const consumers = ['a', 'b'].map((name) =>
      consumeEach(bus, 'events', `consumer-${name}`, async (delivery) => {
        seen[name]!.push((delivery.data as { id: string }).id);
        delivery.ack();
      }),
    );
    const first = event();
    await bus.publish(first);
    await bus.publish(first);
    const second = event();
    await bus.publish(second);
    await eventually(async () => (seen.a!.length >= 2 && seen.b!.length >= 2 ? true : undefined));
    expect(seen.a).toEqual([first.id, second.id]);
    expect(seen.b).toEqual([first.id, second.id]);
    await eventually(async () => (heard.length >= 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Listeners hear the republished event once too.
    expect(heard.map((signal) => (signal.data as { id: string }).id)).toEqual([first.id, second.id]);
    stopListening();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });

  it('hands over what arrives within the linger time together, and redelivers what a batch left unsettled', async () => {
    // A stream of its own: the other tests' events stay out of the batches.
    const own = new JetStreamBus(nats.url, `t${randomUUID().slice(0, 6)}`, logger);
    const { batches, expected } = await deliverInBatches(own, event, 200, 10_000);
    expect(batches).toEqual(expected);
    await own.close();
  });

  it('redelivers after a retry, counting attempts', async () => {
    const attempts: number[] = [];
    const target = event();
    const consumer = consumeEach(bus, 'events', 'consumer-retry', async (delivery: Delivery) => {
      if ((delivery.data as { id: string }).id !== target.id) return delivery.ack();
      attempts.push(delivery.attempt);
      if (delivery.attempt < 3) delivery.retry(50);
      else delivery.ack();
    });
    await bus.publish(target);
    await eventually(async () => (attempts.length === 3 ? true : undefined));
    expect(attempts).toEqual([1, 2, 3]);
    await consumer.stop();
  });

  it('keeps dead letters on their own stream', async () => {
    const records: DeadLetterRecord[] = [];
    const consumer = consumeEach(bus, 'dead-letters', 'dead-letter-reader', async (delivery) => {
      records.push(delivery.data as DeadLetterRecord);
      delivery.ack();
    });
    const record = {
      id: randomUUID(),
      consumer: 'someone',
      reason: 'broken',
      attempts: 5,
      failedAt: new Date().toISOString(),
      event: { id: 'x' },
    };
    await bus.deadLetter(record);
    await eventually(async () => (records.length ? true : undefined));
    expect(records).toEqual([record]);
    await consumer.stop();
  });

  it('fails a publish fast while the server is down, and resumes consuming once it is back', async () => {
    const received: string[] = [];
    const consumer = consumeEach(bus, 'events', 'consumer-outage', async (delivery) => {
      received.push((delivery.data as { id: string }).id);
      delivery.ack();
    });
    await nats.stop();
    const started = Date.now();
    await expect(bus.publish(event())).rejects.toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(5_000);

    await nats.start();
    const after = event();
    await eventually(
      async () => {
        await bus.publish(after);
        return true;
      },
      15_000,
      'publish after restart',
    );
    await eventually(async () => (received.includes(after.id) ? true : undefined), 15_000, 'delivery after restart');
    await consumer.stop();
  }, 40_000);
});
