/** The wire format of every event: an envelope around a payload of the published contract. */
import { uuid7 } from '../db/uuid7.ts';
import { z } from 'zod';
import { currentVersion, eventContract, isEventName, type EventName, type EventPayload } from './catalog.ts';

export interface EventEnvelope<N extends EventName = EventName> {
  /** Unique and stable: the JetStream message id and the consumers' inbox key. */
  id: string;
  name: N;
  /** The payload's version; a received event is upgraded to the current one before handlers see it. */
  version: number;
  /** The subgraph that published it. */
  source: string;
  occurredAt: string;
  /** The request (or event) that caused it, for tracing a chain of events in the logs. */
  correlationId?: string;
  payload: EventPayload<N>;
}

/** Exactly the events named in `N`, as a union a handler can switch on (`EventOf<'A' | 'B'>`). */
export type EventOf<N extends EventName> = { [K in N]: EventEnvelope<K> }[N];

/** Any event of the contract; switch on `name` to get a typed payload. */
export type AnyEvent = EventOf<EventName>;

/** An envelope around a payload already checked by its publisher. */
export function sealEnvelope<N extends EventName>(
  name: N,
  version: number,
  payload: EventPayload<N>,
  source: string,
  correlationId?: string,
): EventEnvelope<N> {
  return {
    id: uuid7(),
    name,
    version,
    source,
    occurredAt: new Date().toISOString(),
    ...(correlationId ? { correlationId } : {}),
    payload,
  };
}

/** A new envelope at the current version, its payload checked against the contract (tests, tools). */
export function createEnvelope<N extends EventName>(
  name: N,
  payload: EventPayload<N>,
  source: string,
  correlationId?: string,
): EventEnvelope<N> {
  return sealEnvelope(name, currentVersion(name), eventContract.current(name, payload) as EventPayload<N>, source, correlationId);
}

const envelopeShape = z.object({
  id: z.string().min(1),
  name: z.string(),
  version: z.number().int(),
  source: z.string(),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().optional(),
  payload: z.unknown(),
});

export type ParsedEvent =
  | { ok: true; event: AnyEvent; /** The version it was published at, when older than the current one. */ upgradedFrom?: number }
  | { ok: false; reason: string; id?: string };

/**
 * Validates an envelope received from the bus against the contract. An older supported version
 * is upgraded: the event comes back at the current version, in the current shape.
 */
export function parseEnvelope(raw: unknown): ParsedEvent {
  const shape = envelopeShape.safeParse(raw);
  if (!shape.success) return { ok: false, reason: `not an event envelope: ${shape.error.issues[0]?.message}` };
  const { name, version, id } = shape.data;
  if (!isEventName(name)) return { ok: false, reason: `unknown event ${name}`, id };
  const received = eventContract.receive(name, version, shape.data.payload);
  if (!received.ok) return { ok: false, reason: received.reason, id };
  const event = { ...shape.data, name, version: received.version, payload: received.payload } as AnyEvent;
  return received.upgradedFrom === undefined ? { ok: true, event } : { ok: true, event, upgradedFrom: received.upgradedFrom };
}
