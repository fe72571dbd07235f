/**
 * Durable consumers on the machine's real NATS: filtered by the broker where it can, the other
 * events skipped by the bus where it cannot, and a changed config applied to the existing durable
 * (in place, or by recreating it from its ack floor) without losing or replaying what was acked.
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../logger.ts';
import { deleteStreams } from '../testing/nats.ts';
import { eventually } from '../testing/helpers.ts';
import { testSettingsFromProcess } from '../testing/test-env.ts';
import type { BusSubscription, ConsumerOptions } from './bus.ts';
import type { EventEnvelope } from './envelope.ts';
import { JetStreamBus, jetStreamNames } from './jetstream-bus.ts';
import { configChanges, desiredConfig, reconcileConsumer, subjectFilter, supportsFilterSubjects } from './jetstream-consumers.ts';

const logger = createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }, 'test');
const url = testSettingsFromProcess().TEST_NATS_URL;
const namespace = `t${randomUUID().slice(0, 8)}`;
const stream = jetStreamNames(namespace).events;
let bus: JetStreamBus;
let nc: NatsConnection;
let jsm: JetStreamManager;

/** The bus does not look into payloads: envelopes of made-up event kinds are enough here. */
const envelope = (name: string) => ({
  id: randomUUID(),
  name,
  version: 1,
  source: 'test',
  occurredAt: new Date().toISOString(),
  payload: {},
});
const publish = async (...names: string[]) => {
  const published = names.map((name) => envelope(name));
  for (const event of published) await bus.publish(event as unknown as EventEnvelope);
  return published.map((event) => `${event.name}:${event.id}`);
};

/** Starts a consumer that acks everything and records "<name>:<id>" of each delivery. */
function record(durable: string, options: ConsumerOptions) {
  const seen: string[] = [];
  const subscription: BusSubscription = bus.consumeBatches(
    'events',
    durable,
    async (deliveries) => {
      for (const delivery of deliveries) {
        const { name, id } = delivery.data as { name: string; id: string };
        seen.push(`${name}:${id}`);
        delivery.ack();
      }
    },
    { max: 1, lingerMs: 0 },
    options,
  );
  return { seen, stop: () => subscription.stop() };
}
const consumer = (durable: string) => jsm.consumers.info(stream, durable);
const settled = (durable: string) =>
  eventually(async () => {
    const info = await consumer(durable);
    return info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
  });

beforeAll(async () => {
  bus = new JetStreamBus(url, namespace, logger);
  await publish('WARM_UP'); // waits for the connection and the streams
  nc = await connect({ servers: url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await bus?.close();
  await nc?.close();
  await deleteStreams(url, namespace);
});

describe('the filter of a consumer', () => {
  it('is one subject for one event, several subjects from NATS 2.10, else the whole stream skipped by the bus', () => {
    expect(subjectFilter('ns.events', ['A'], '2.9.10')).toEqual({ filter_subject: 'ns.events.A' });
    expect(subjectFilter('ns.events', undefined, '2.9.10')).toEqual({ filter_subject: 'ns.events.>' });
    expect(subjectFilter('ns.events', ['B', 'A'], '2.10.0')).toEqual({ filter_subjects: ['ns.events.A', 'ns.events.B'] });
    expect(subjectFilter('ns.events', ['B', 'A'], '2.9.10')).toEqual({
      filter_subject: 'ns.events.>',
      clientSide: new Set(['ns.events.A', 'ns.events.B']),
    });
    expect([supportsFilterSubjects('2.9.10'), supportsFilterSubjects('2.10.0'), supportsFilterSubjects('3.0.1')]).toEqual([
      false,
      true,
      true,
    ]);
    const multiple = desiredConfig('c', subjectFilter('ns.events', ['A', 'B'], '2.11.1'), { ackWaitMs: 1000, maxAckPending: 10 });
    expect(multiple).toMatchObject({ filter_subject: '', filter_subjects: ['ns.events.A', 'ns.events.B'] });
    expect(configChanges({ ...multiple, filter_subject: undefined }, multiple)).toEqual({});
  });

  it('makes the broker hold back other events for a consumer of one event type', async () => {
    const expected = await publish('ONE_A', 'ONE_B', 'ONE_A', 'ONE_B');
    const one = record('one-kind', { events: ['ONE_A'] });
    await eventually(async () => (one.seen.length === 2 ? true : undefined));
    const info = await settled('one-kind');
    expect(info.config.filter_subject).toBe(`${namespace}.events.ONE_A`);
    // Only the matching messages were ever delivered.
    expect(info.delivered.consumer_seq).toBe(2);
    expect(one.seen).toEqual(expected.filter((event) => event.startsWith('ONE_A:')));
    await one.stop();
  });

  it('hands over only the named events of a consumer of several (the broker filters from NATS 2.10, the bus before)', async () => {
    const expected = await publish('MANY_A', 'MANY_B', 'MANY_C', 'MANY_A');
    const many = record('many-kinds', { events: ['MANY_A', 'MANY_C'] });
    await eventually(async () => (many.seen.length === 3 ? true : undefined));
    const info = await settled('many-kinds');
    const byBroker = supportsFilterSubjects(nc.info?.version);
    const subjects = (names: string[]) => names.map((name) => `${namespace}.events.${name}`);
    expect(info.config.filter_subjects ?? [info.config.filter_subject]).toEqual(
      subjects(byBroker ? ['MANY_A', 'MANY_C'] : ['>']),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(many.seen).toEqual(expected.filter((event) => !event.startsWith('MANY_B:')));
    await many.stop();
  });
});

describe('a changed consumer config', () => {
  it('is applied to the existing durable (in place, or recreated from its ack floor), which keeps its position', async () => {
    const [first] = await publish('MOVE_A');
    const before = record('moving', { events: ['MOVE_A'] });
    await eventually(async () => (before.seen.length === 1 ? true : undefined));
    await settled('moving');
    await before.stop();

    const later = await publish('MOVE_C', 'MOVE_B', 'MOVE_A');
    const after = record('moving', { events: ['MOVE_A', 'MOVE_C'], ackWaitMs: 12_000, maxAckPending: 50 });
    await eventually(async () => (after.seen.length === 2 ? true : undefined));
    const info = await settled('moving');
    // NATS 2.9 cannot change a filter in place: the durable was recreated from its ack floor.
    const inPlace = supportsFilterSubjects(nc.info?.version);
    expect(info.config).toMatchObject({
      ack_wait: nanos(12_000),
      max_ack_pending: 50,
      deliver_policy: inPlace ? DeliverPolicy.All : DeliverPolicy.StartSequence,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The acked event is not delivered again; the ones published meanwhile arrive under the new filter.
    expect(after.seen).toEqual([later[0], later[2]]);
    expect(after.seen).not.toContain(first);
    await after.stop();
  });

  it('changes its pace in place (ack wait, max ack pending) and goes on from where it was', async () => {
    const [first] = await publish('PACE');
    const before = record('paced', { events: ['PACE'] });
    await eventually(async () => (before.seen.length === 1 ? true : undefined));
    await settled('paced');
    await before.stop();
    const [second] = await publish('PACE');
    const after = record('paced', { events: ['PACE'], ackWaitMs: 5_000, maxAckPending: 20 });
    await eventually(async () => (after.seen.length === 1 ? true : undefined));
    const info = await settled('paced');
    expect(info.config).toMatchObject({ ack_wait: nanos(5_000), max_ack_pending: 20, deliver_policy: DeliverPolicy.All });
    expect(after.seen).toEqual([second]);
    expect(before.seen).toEqual([first]);
    await after.stop();
  });

  it('reports what it did: created, unchanged, updated', async () => {
    const serverVersion = nc.info?.version;
    const filter = (name: string) => subjectFilter(`${namespace}.events`, [name], serverVersion);
    const desired = desiredConfig('reported', filter('R'), { ackWaitMs: 30_000, maxAckPending: 1_000 });
    const reconcile = (config: typeof desired, onlyIfMissing = false) =>
      reconcileConsumer(jsm, stream, config, logger, { serverVersion, onlyIfMissing });
    expect(await reconcile(desired)).toBe('created');
    expect(await reconcile(desired)).toBe('unchanged');
    expect(await reconcile({ ...desired, max_ack_pending: 5 }, true)).toBe('unchanged');
    expect(await reconcile({ ...desired, max_ack_pending: 5 })).toBe('updated');
    expect((await consumer('reported')).config.max_ack_pending).toBe(5);
    // A new filter changes in place from NATS 2.10 only.
    const refiltered = desiredConfig('reported', filter('S'), { ackWaitMs: 30_000, maxAckPending: 5 });
    expect(await reconcile(refiltered)).toBe(supportsFilterSubjects(serverVersion) ? 'updated' : 'recreated');
    expect((await consumer('reported')).config.filter_subject).toBe(`${namespace}.events.S`);
  });

  it('recreates a durable the server will not update, from its ack floor: nothing acked comes back, nothing is lost', async () => {
    // A durable left by an older version with another ack policy (the server refuses to change that in place).
    await jsm.consumers.add(stream, {
      durable_name: 'legacy',
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${namespace}.events.OLD_A`,
    });
    const published = await publish('OLD_A', 'OLD_A', 'OLD_A');
    const legacy = await jetstream(nc).consumers.get(stream, 'legacy');
    const fetched = await legacy.fetch({ max_messages: 2, expires: 2_000 });
    const handled: string[] = [];
    for await (const message of fetched) {
      handled.push(message.json<{ id: string }>().id);
      if (handled.length === 2) message.ack(); // AckPolicy.All: acks both
    }
    expect(handled).toHaveLength(2);
    await eventually(async () => ((await consumer('legacy')).ack_floor.stream_seq > 0 ? true : undefined));

    const current = record('legacy', { events: ['OLD_A'] });
    const [later] = await publish('OLD_A');
    await eventually(async () => (current.seen.length === 2 ? true : undefined));
    const info = await settled('legacy');
    expect(info.config).toMatchObject({ ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.StartSequence });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(current.seen).toEqual([published[2], later]);
    await current.stop();
  });
});
