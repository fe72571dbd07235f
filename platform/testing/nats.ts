/** JetStream housekeeping for tests: a test stack's streams go away with it. */
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { jetStreamNames } from '../events/jetstream-bus.ts';

export async function deleteStreams(url: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of Object.values(jetStreamNames(namespace))) {
      await jsm.streams.delete(name).catch((error: unknown) => {
        if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
      });
    }
  } finally {
    await nc.close();
  }
}
