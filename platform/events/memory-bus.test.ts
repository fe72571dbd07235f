import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { deliverInBatches } from '../testing/bus-contract.ts';
import { consumeEach } from './bus.ts';
import { eventually } from '../testing/helpers.ts';
import { createEnvelope } from './envelope.ts';
import { MemoryBus } from './memory-bus.ts';

const event = () => createEnvelope('USER_AUTHENTICATED', { userId: randomUUID(), sessionId: randomUUID() }, 'accounts');
const idOf = (data: unknown) => (data as { id: string }).id;

describe('MemoryBus', () => {
  it('gives a late consumer everything published before it, once per id', async () => {
    const bus = new MemoryBus();
    const early = event();
    await bus.publish(early);
    await bus.publish(early);
    const seen: string[] = [];
    const consumer = consumeEach(bus, 'events', 'late', async (delivery) => {
      seen.push(idOf(delivery.data));
      delivery.ack();
    });
    const later = event();
    await bus.publish(later);
    await eventually(async () => (seen.length === 2 ? true : undefined));
    expect(seen).toEqual([early.id, later.id]);
    await consumer.stop();
    await bus.close();
  });

  it('retries a delivery after its delay without holding back the next events', async () => {
    const bus = new MemoryBus();
    const slow = event();
    const fast = event();
    const log: string[] = [];
    const consumer = consumeEach(bus, 'events', 'retrying', async (delivery) => {
      log.push(`${idOf(delivery.data) === slow.id ? 'slow' : 'fast'}#${delivery.attempt}`);
      if (idOf(delivery.data) === slow.id && delivery.attempt === 1) return delivery.retry(100);
      delivery.ack();
    });
    await bus.publish(slow);
    await bus.publish(fast);
    await eventually(async () => (log.length === 3 ? true : undefined));
    expect(log).toEqual(['slow#1', 'fast#1', 'slow#2']);
    await consumer.stop();
    await bus.close();
  });

  it('delivers a replay despite the duplicate id, marked for its consumer', async () => {
    const bus = new MemoryBus();
    const original = event();
    await bus.publish(original);
    await bus.publish(original, { replayFor: 'analytics-store' });
    const replays: Array<string | undefined> = [];
    const consumer = consumeEach(bus, 'events', 'reader', async (delivery) => {
      replays.push(delivery.replayFor);
      delivery.ack();
    });
    await eventually(async () => (replays.length === 2 ? true : undefined));
    expect(replays).toEqual([undefined, 'analytics-store']);
    await consumer.stop();
    await bus.close();
  });

  it('hands over what is due together, up to the batch size, and redelivers what a batch left unsettled', async () => {
    const bus = new MemoryBus();
    const { batches, expected } = await deliverInBatches(bus, event, 20, 5_000);
    expect(batches).toEqual(expected);
    await bus.close();
  });

  it('hands a consumer only the events it names', async () => {
    const bus = new MemoryBus();
    const other = createEnvelope('USER_AUTHENTICATED', { userId: randomUUID(), sessionId: randomUUID() }, 'accounts');
    const wanted = createEnvelope('PROFILE_UPDATED', { userId: randomUUID(), locale: 'en', timezone: 'UTC' }, 'profiles');
    await bus.publish(other);
    await bus.publish(wanted);
    const seen: string[] = [];
    const consumer = consumeEach(
      bus,
      'events',
      'picky',
      async (delivery) => {
        seen.push(idOf(delivery.data));
        delivery.ack();
      },
      { events: ['PROFILE_UPDATED'] },
    );
    const later = createEnvelope('PROFILE_UPDATED', { userId: randomUUID(), locale: 'fr', timezone: 'UTC' }, 'profiles');
    await bus.publish(other);
    await bus.publish(later);
    await eventually(async () => (seen.length === 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([wanted.id, later.id]);
    await consumer.stop();
    await bus.close();
  });

  it('tells listeners about events, once per id, and live signals', async () => {
    const bus = new MemoryBus();
    const heard: string[] = [];
    bus.listen((signal) => heard.push(signal.channel === 'live' ? `live:${signal.topic}` : `event:${idOf(signal.data)}`));
    const published = event();
    await bus.publish(published);
    await bus.publish(published);
    bus.publishLive('leaderboard', { courseId: null });
    await eventually(async () => (heard.length === 2 ? true : undefined));
    expect(heard).toEqual([`event:${published.id}`, 'live:leaderboard']);
    await bus.close();
  });
});
