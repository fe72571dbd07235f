/** The wire format of every event: an envelope around a catalog payload. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { eventCatalog, isEventName, type EventName, type EventPayload } from './catalog.ts';

export interface EventEnvelope<N extends EventName = EventName> {
  /** Unique and stable: the JetStream message id and the consumers' inbox key. */
  id: string;
  name: N;
  version: number;
  /** The subgraph that published it. */
  source: string;
  occurredAt: string;
  /** The request (or event) that caused it, for tracing a chain of events in the logs. */
  correlationId?: string;
  payload: EventPayload<N>;
}

/** Any catalog event; switch on `name` to get a typed payload. */
export type AnyEvent = { [N in EventName]: EventEnvelope<N> }[EventName];

export function createEnvelope<N extends EventName>(
  name: N,
  payload: EventPayload<N>,
  source: string,
  correlationId?: string,
): EventEnvelope<N> {
  return {
    id: randomUUID(),
    name,
    version: eventCatalog[name].version,
    source,
    occurredAt: new Date().toISOString(),
    ...(correlationId ? { correlationId } : {}),
    payload: eventCatalog[name].payload.parse(payload) as EventPayload<N>,
  };
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

export type ParsedEvent = { ok: true; event: AnyEvent } | { ok: false; reason: string; id?: string };

/** Validates an envelope received from the bus against the catalog. */
export function parseEnvelope(raw: unknown): ParsedEvent {
  const shape = envelopeShape.safeParse(raw);
  if (!shape.success) return { ok: false, reason: `not an event envelope: ${shape.error.issues[0]?.message}` };
  const { name, version, id } = shape.data;
  if (!isEventName(name)) return { ok: false, reason: `unknown event ${name}`, id };
  const definition = eventCatalog[name];
  if (version !== definition.version) return { ok: false, reason: `${name} version ${version} is not supported`, id };
  const payload = definition.payload.safeParse(shape.data.payload);
  if (!payload.success) {
    return {
      ok: false,
      reason: `invalid ${name} payload: ${payload.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      id,
    };
  }
  return { ok: true, event: { ...shape.data, name, payload: payload.data } as AnyEvent };
}
