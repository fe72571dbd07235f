/** The replay script against a real JetStream: dead letters go back to their consumer only. */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, expect, it } from '@jest/globals';
import { repoRoot } from '#platform/catalog.ts';
import { consumeEach, type Delivery } from '#platform/events/bus.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { JetStreamBus } from '#platform/events/jetstream-bus.ts';
import { createLogger } from '#platform/logger.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { eventually } from '#platform/testing/helpers.ts';
import { testSettingsFromProcess } from '#platform/testing/test-env.ts';

const natsUrl = testSettingsFromProcess().TEST_NATS_URL;
const namespace = `replay_${randomUUID().slice(0, 6)}`;
const bus = new JetStreamBus(natsUrl, namespace, createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }, 'test'));
afterAll(async () => {
  await bus.close();
  await deleteStreams(natsUrl, namespace);
});

const replay = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/events-replay.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NATS_URL: natsUrl, EVENTS_NAMESPACE: namespace, LOG_LEVEL: 'silent' },
  });

it('replays dead letters to their own consumer and skips malformed ones', async () => {
  const event = createEnvelope('USER_AUTHENTICATED', { userId: randomUUID(), sessionId: randomUUID() }, 'accounts');
  const letter = (consumer: string, payload: unknown) => ({
    id: randomUUID(),
    consumer,
    reason: 'failed',
    attempts: 5,
    failedAt: new Date().toISOString(),
    event: payload,
  });
  await bus.deadLetter(letter('analytics-store', event));
  await bus.deadLetter(letter('analytics-store', { id: 'broken', name: 'USER_AUTHENTICATED', payload: {} }));
  await bus.deadLetter(letter('notifications-inbox', event));

  const received: Delivery[] = [];
  const reader = consumeEach(bus, 'events', 'replay-reader', async (delivery) => {
    received.push(delivery);
    delivery.ack();
  });

  const dryRun = await replay('--consumer', 'analytics-store', '--dry-run');
  expect(dryRun.stdout).toContain(`would replay analytics-store USER_AUTHENTICATED ${event.id}`);
  expect(dryRun.stdout).toContain('would replay 1, skipped 1 malformed');

  const { stdout } = await replay('--consumer', 'analytics-store');
  expect(stdout).toContain('replayed 1, skipped 1 malformed');
  const delivered = await eventually(async () => received.find((delivery) => (delivery.data as { id: string }).id === event.id));
  expect(delivered.replayFor).toBe('analytics-store');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(received).toHaveLength(1); // the dry run sent nothing, the other consumer's letter was left alone
  await reader.stop();
}, 30_000);
