/**
 * `npm run events:replay -- [--consumer <name>] [--event <id>] [--dry-run]`: sends dead-lettered
 * events back to the consumer that gave up on them, read straight from the JetStream dead-letter
 * stream (NATS_URL, EVENTS_NAMESPACE). Only that consumer handles a replay, and its inbox makes a
 * replay of something it handled meanwhile a no-op, so replaying twice is safe. Records whose
 * event is malformed are listed and skipped: they would fail again.
 * Admins can do the same one record at a time with the `replayDeadLetter` mutation, which also
 * works on the embedded default (where the dead letters live in the running process).
 */
import { parseArgs } from 'node:util';
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { loadEnv } from '#platform/env.ts';
import type { DeadLetterRecord } from '#platform/events/bus.ts';
import { parseEnvelope } from '#platform/events/envelope.ts';
import { JetStreamBus, jetStreamNames } from '#platform/events/jetstream-bus.ts';
import { createLogger } from '#platform/logger.ts';

const { values: options } = parseArgs({
  options: { consumer: { type: 'string' }, event: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
});
const env = loadEnv({ dotenv: true });
if (!env.NATS_URL) {
  console.error(
    'NATS_URL is not set: on the embedded default the dead letters live in the running process; use the replayDeadLetter mutation.',
  );
  process.exit(2);
}

const stream = jetStreamNames(env.EVENTS_NAMESPACE)['dead-letters'];
const nc = await connect({ servers: env.NATS_URL });
let bus: JetStreamBus | undefined;
try {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream).catch((error: unknown) => {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw error;
  });
  if (!info) {
    console.log(`No dead letters: ${stream} does not exist (yet).`);
    process.exit(0);
  }
  const { state } = info;
  let replayed = 0;
  let skipped = 0;
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq += 1) {
    const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (!stored) continue;
    const record = stored.json<DeadLetterRecord>();
    const parsed = parseEnvelope(record.event);
    const eventId = parsed.ok ? parsed.event.id : (parsed.id ?? '?');
    if ((options.consumer && record.consumer !== options.consumer) || (options.event && eventId !== options.event)) continue;
    if (!parsed.ok) {
      skipped += 1;
      console.log(`skip   ${record.consumer} ${eventId}: malformed (${parsed.reason})`);
      continue;
    }
    console.log(
      `${options['dry-run'] ? 'would replay' : 'replay'} ${record.consumer} ${parsed.event.name} ${eventId} (failed ${record.failedAt}: ${record.reason})`,
    );
    if (!options['dry-run']) {
      bus ??= new JetStreamBus(
        env.NATS_URL,
        env.EVENTS_NAMESPACE,
        createLogger(env, 'events-replay'),
        env.EVENTS_STREAM_REPLICAS,
      );
      await bus.publish(parsed.event, { replayFor: record.consumer });
    }
    replayed += 1;
  }
  console.log(`${options['dry-run'] ? 'would replay' : 'replayed'} ${replayed}, skipped ${skipped} malformed, from ${stream}`);
} finally {
  await bus?.close();
  await nc.close();
}
