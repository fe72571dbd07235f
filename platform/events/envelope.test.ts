/** Envelopes against the published contract (schema/events.json), and what a typed consumer is handed. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { currentVersion } from './catalog.ts';
import type { EventConsumer } from './consumer.ts';
import { createEnvelope, parseEnvelope } from './envelope.ts';

const raw = <P>(name: string, version: number, payload: P) => ({
  id: randomUUID(),
  name,
  version,
  source: 'test',
  occurredAt: new Date().toISOString(),
  payload,
});

describe('parseEnvelope', () => {
  it('accepts the current version as it is', () => {
    const event = createEnvelope('LEVEL_REACHED', { userId: 'u1', level: 3, totalXp: 900 }, 'gamification');
    expect(parseEnvelope(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
  });

  it('upgrades an older version listed by the contract to the current shape', () => {
    const v1 = raw('COURSE_PUBLISHED', 1, { courseId: 'c1', instructorId: 'i1', title: 'T', slug: 't' });
    expect(currentVersion('COURSE_PUBLISHED')).toBe(2);
    expect(parseEnvelope(v1)).toEqual({
      ok: true,
      upgradedFrom: 1,
      event: { ...v1, version: 2, payload: { ...v1.payload, description: null, level: null, tags: [] } },
    });
  });

  it('rejects what the contract does not describe, saying why', () => {
    expect(parseEnvelope({ id: 'x' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^not an event envelope/) });
    expect(parseEnvelope(raw('NO_SUCH_EVENT', 1, {}))).toMatchObject({ ok: false, reason: 'unknown event NO_SUCH_EVENT' });
    expect(parseEnvelope(raw('LEVEL_REACHED', 2, {}))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/version 2 is not supported/),
    });
    expect(parseEnvelope(raw('LEVEL_REACHED', 1, { userId: 'u1', level: 1, totalXp: 0 }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid LEVEL_REACHED payload: level/),
    });
    expect(parseEnvelope(raw('COURSE_PUBLISHED', 1, { courseId: 'c1' }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid COURSE_PUBLISHED v1 payload: instructorId/),
    });
  });

  it('refuses to create an envelope the contract would reject', () => {
    expect(() => createEnvelope('LEVEL_REACHED', { userId: '', level: 3, totalXp: 0 }, 'gamification')).toThrow(/userId/);
  });
});

describe('a typed consumer', () => {
  it('is handed exactly the union of the events it declares (checked by the compiler)', async () => {
    const handled: string[] = [];
    const consumer: EventConsumer<never, 'QUEST_COMPLETED' | 'LESSON_COMPLETED'> = {
      name: 'typed',
      events: ['QUEST_COMPLETED', 'LESSON_COMPLETED'],
      async handle(event) {
        // @ts-expect-error USER_REGISTERED is not one of its events, so it cannot be handed one
        if (event.name === 'USER_REGISTERED') throw new Error('unreachable');
        // Fields of either payload, without a check of the name first.
        handled.push(`${event.payload.userId}@${event.payload.courseId ?? 'none'}`);
      },
    };
    const wrong: EventConsumer<never, 'QUEST_COMPLETED'> = {
      name: 'wrong',
      // @ts-expect-error a consumer cannot list an event its type does not name
      events: ['LESSON_COMPLETED'],
      handle: async () => {},
    };
    const lesson = createEnvelope(
      'LESSON_COMPLETED',
      { enrollmentId: 'e1', userId: 'u1', courseId: 'c1', lessonId: 'l1', progressPercent: 10 },
      'courses',
    );
    await consumer.handle(lesson, { tx: undefined as never, log: undefined as never });
    expect(handled).toEqual(['u1@c1']);
    expect(wrong.events).toEqual(['LESSON_COMPLETED']);
  });
});
