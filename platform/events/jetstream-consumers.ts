/**
 * Durable JetStream consumers as the code declares them:
 * - filtered by the broker: one event type is `filter_subject` `<ns>.events.<NAME>`; several are
 *   `filter_subjects` on NATS >= 2.10 (read from the connection's server info); on an older server
 *   the consumer takes the whole stream and the bus skips (acks) the other events on receipt;
 * - a changed config (filter, ack wait, max ack pending) is applied to the existing durable, not
 *   ignored: updated in place where the server allows it, otherwise deleted and recreated from
 *   its ack floor (a logged, explicit step). NATS 2.9 accepts a new filter subject in an update but
 *   then delivers nothing more (measured on 2.9.10): filters change in place from 2.10 only. Everything after the ack floor is delivered again
 *   (what was in flight, and anything acked out of order, which the consumer's inbox absorbs);
 *   nothing before it comes back, and nothing is skipped.
 */
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from '../logger.ts';

export interface ConsumerSettings {
  /** The event names taken (undefined or empty: every subject of the stream). */
  events?: readonly string[];
  ackWaitMs: number;
  maxAckPending: number;
}

export interface SubjectFilter {
  filter_subject?: string;
  filter_subjects?: string[];
  /** Set when the broker cannot filter as asked: the subjects the bus must keep, skipping the rest. */
  clientSide?: ReadonlySet<string>;
}

/** Multiple filter subjects, and changing a consumer's filter in place, came with NATS 2.10. */
export function supportsFilterSubjects(serverVersion: string | undefined): boolean {
  const [major = 0, minor = 0] = (serverVersion ?? '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  return major > 2 || (major === 2 && minor >= 10);
}

/** The filter of a consumer of `<prefix>.<NAME>` subjects, as the server allows. */
export function subjectFilter(
  prefix: string,
  events: readonly string[] | undefined,
  serverVersion: string | undefined,
): SubjectFilter {
  const subjects = [...new Set(events ?? [])].sort().map((name) => `${prefix}.${name}`);
  if (!subjects.length) return { filter_subject: `${prefix}.>` };
  if (subjects.length === 1) return { filter_subject: subjects[0]! };
  if (supportsFilterSubjects(serverVersion)) return { filter_subjects: subjects };
  return { filter_subject: `${prefix}.>`, clientSide: new Set(subjects) };
}

/** The part of a consumer's config the code decides, and that differences are looked for in. */
export function desiredConfig(durable: string, filter: SubjectFilter, settings: ConsumerSettings): Partial<ConsumerConfig> {
  return {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: settings.maxAckPending,
    ...(filter.filter_subjects
      ? { filter_subject: '', filter_subjects: filter.filter_subjects }
      : { filter_subject: filter.filter_subject! }),
  };
}

const subjectsOf = (config: Partial<ConsumerConfig>) =>
  config.filter_subjects?.length ? [...config.filter_subjects].sort() : config.filter_subject ? [config.filter_subject] : [];

/** What differs between the consumer's config and the desired one ({} when nothing does). */
export function configChanges(
  current: Partial<ConsumerConfig>,
  desired: Partial<ConsumerConfig>,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  const compare = (field: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = [from, to];
  };
  compare('filter', subjectsOf(current), subjectsOf(desired));
  compare('ack_policy', current.ack_policy, desired.ack_policy);
  compare('ack_wait', current.ack_wait, desired.ack_wait);
  compare('max_ack_pending', current.max_ack_pending, desired.max_ack_pending);
  // A push consumer (from another client or an older version) cannot serve pulls.
  if (current.deliver_subject) changes.deliver_subject = [current.deliver_subject, undefined];
  return changes;
}

const notFound = (error: unknown) => error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound;

async function consumerInfo(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerInfo | undefined> {
  return jsm.consumers.info(stream, durable).catch((error: unknown) => {
    if (notFound(error)) return undefined;
    throw error;
  });
}

export type Reconciled = 'created' | 'unchanged' | 'updated' | 'recreated';

/**
 * Makes the durable `desired` (see the header): creates, leaves, updates or recreates it. With
 * `onlyIfMissing`, an existing durable is left as it is.
 */
export async function reconcileConsumer(
  jsm: JetStreamManager,
  stream: string,
  desired: Partial<ConsumerConfig>,
  logger: Logger,
  { onlyIfMissing = false, serverVersion }: { onlyIfMissing?: boolean; serverVersion: string | undefined },
): Promise<Reconciled> {
  const durable = desired.durable_name!;
  const info = await consumerInfo(jsm, stream, durable);
  if (!info) {
    try {
      await jsm.consumers.add(stream, { ...desired, deliver_policy: DeliverPolicy.All });
      return 'created';
    } catch (error) {
      // Another replica created it meanwhile: judge that one.
      if (!(error instanceof JetStreamApiError) || !(await consumerInfo(jsm, stream, durable))) throw error;
      return reconcileConsumer(jsm, stream, desired, logger, { onlyIfMissing, serverVersion });
    }
  }
  if (onlyIfMissing) return 'unchanged';
  const changes = configChanges(info.config, desired);
  if (!Object.keys(changes).length) return 'unchanged';
  const log = logger.child({ consumer: durable, stream, changes });
  const inPlace = !changes.ack_policy && !changes.deliver_subject && (!changes.filter || supportsFilterSubjects(serverVersion));
  if (inPlace) {
    try {
      const { durable_name: _name, ack_policy: _policy, ...mutable } = desired;
      await jsm.consumers.update(stream, durable, mutable);
      log.info('event consumer config updated in place');
      return 'updated';
    } catch (error) {
      if (!(error instanceof JetStreamApiError)) throw error;
      log.warn({ err: error }, 'the server refused to update the event consumer in place');
    }
  }
  // Recreated from just after its ack floor: nothing acked in order comes back, nothing is skipped.
  const startSeq = info.ack_floor.stream_seq + 1;
  log.warn({ startSeq }, 'recreating the event consumer with its new config, from its ack floor');
  await jsm.consumers.delete(stream, durable).catch((error: unknown) => {
    if (!notFound(error)) throw error;
  });
  await jsm.consumers.add(stream, { ...desired, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq });
  return 'recreated';
}
