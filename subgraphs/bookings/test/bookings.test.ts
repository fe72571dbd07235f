/**
 * bookings through the gateway, as clients reach it: instructors publish slots (in their profile's
 * timezone), learners book and cancel them, and the database keeps anyone from double booking,
 * races included. BOOKING_CONFIRMED and BOOKING_CANCELLED go out once per change.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { adminEnv, errorCode, errorCodes, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import {
  BOOK,
  BOOKING,
  bookingsSql,
  CANCEL,
  CANCEL_SLOT,
  DAY,
  HOUR,
  minutesFromNow,
  nextFifteenth,
  OPEN_SLOTS,
  PUBLISH,
  recordEvents,
  UPDATE_PROFILE,
  USER_BOOKINGS,
  utc,
  type BookingView,
  type SlotView,
} from './support.ts';

const ADMIN = testAdmin();
let platform: TestStack;
let events: ReturnType<typeof recordEvents>;
let sql: pg.Pool;
let adminToken: string;

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'profiles', 'bookings'],
    env: { ...adminEnv(ADMIN), BOOKING_MEETING_BASE_URL: 'https://meet.example.org/rooms' },
  });
  events = recordEvents(platform);
  sql = bookingsSql(platform);
  adminToken = await signIn(platform, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  events?.stop();
  await sql?.end();
  await platform?.close();
});

const instructor = () => platform.signUp('INSTRUCTOR', 'Ines Instructor');
const learner = () => platform.signUp('STUDENT', 'Leo Learner');

const publish = async (who: TestUser, startsAt: string, endsAt: string, slotMinutes = 30) =>
  (await platform.data<{ publishSlots: SlotView[] }>(PUBLISH, { input: { startsAt, endsAt, slotMinutes } }, who.accessToken))
    .publishSlots;
const openSlots = async (instructorId: string, from: string, to: string) =>
  (await platform.data<{ openSlots: SlotView[] }>(OPEN_SLOTS, { instructorId, from, to })).openSlots;
const book = async (who: TestUser, slotId: string, topic?: string) =>
  (await platform.data<{ bookSlot: BookingView }>(BOOK, { slotId, topic }, who.accessToken)).bookSlot;
const cancel = async (token: string, id: string, reason?: string) =>
  (await platform.data<{ cancelBooking: BookingView }>(CANCEL, { id, reason }, token)).cancelBooking;
const readBooking = (token: string, id: string) => platform.gql<{ booking: BookingView | null }>(BOOKING, { id }, token);
/** One slot of a fresh instructor, `days` days ahead at `hour` UTC. */
async function oneSlot(days = 0, hour = 9, minutes = 30) {
  const teacher = await instructor();
  const [slot] = await publish(teacher, utc(days, hour), utc(days, hour + minutes / 60), minutes);
  return { teacher, slot: slot! };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('publishing slots', () => {
  it('splits the window into consecutive slots that anyone can list, soonest first', async () => {
    const teacher = await instructor();
    const slots = await publish(teacher, utc(1, 9), utc(1, 11), 30);
    expect(slots.map((slot) => [slot.startsAt, slot.endsAt, slot.status])).toEqual([
      [utc(1, 9), utc(1, 9.5), 'OPEN'],
      [utc(1, 9.5), utc(1, 10), 'OPEN'],
      [utc(1, 10), utc(1, 10.5), 'OPEN'],
      [utc(1, 10.5), utc(1, 11), 'OPEN'],
    ]);
    expect(slots[0]).toMatchObject({ instructor: { id: teacher.id }, instructorTimezone: 'UTC' });
    expect(slots[0]!.localStartsAt).toBe(`${utc(1, 9).slice(0, 19)}+00:00`);
    // 50-minute slots in 11:00-13:00: the last 20 minutes are left out.
    expect((await publish(teacher, utc(1, 11), utc(1, 13), 50)).map((slot) => slot.endsAt)).toEqual([
      utc(1, 11 + 50 / 60),
      utc(1, 11 + 100 / 60),
    ]);

    const open = await openSlots(teacher.id, utc(1), utc(2));
    expect(open.map((slot) => slot.startsAt)).toEqual([...slots.map((slot) => slot.startsAt), utc(1, 11), utc(1, 11 + 50 / 60)]);
    expect(await openSlots(teacher.id, utc(1, 10), utc(1, 10.5))).toHaveLength(1);
    expect(await openSlots(randomUUID(), utc(1), utc(2))).toEqual([]);
  });

  it('is for instructors and admins only', async () => {
    const input = { startsAt: utc(1, 9), endsAt: utc(1, 10), slotMinutes: 30 };
    expect(errorCode(await platform.gql(PUBLISH, { input }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(PUBLISH, { input }, (await learner()).accessToken))).toBe('FORBIDDEN');
    const { publishSlots } = await platform.data<{ publishSlots: SlotView[] }>(PUBLISH, { input }, adminToken);
    expect(publishSlots).toHaveLength(2);
  });

  it('refuses a window overlapping published slots as a whole (CONFLICT), and accepts one that touches them', async () => {
    const teacher = await instructor();
    await publish(teacher, utc(3, 9), utc(3, 10));
    const overlapping = await platform.gql(
      PUBLISH,
      { input: { startsAt: utc(3, 8), endsAt: utc(3, 9.5), slotMinutes: 30 } },
      teacher.accessToken,
    );
    expect(errorCode(overlapping)).toBe('CONFLICT');
    // Nothing of the refused window was kept, not even 08:00-09:00 which overlapped nothing.
    expect((await openSlots(teacher.id, utc(3), utc(4))).map((slot) => slot.startsAt)).toEqual([utc(3, 9), utc(3, 9.5)]);
    expect(await publish(teacher, utc(3, 8), utc(3, 9))).toHaveLength(2);
    expect(await publish(teacher, utc(3, 10), utc(3, 10.5))).toHaveLength(1);
    // Another instructor's slots are theirs: the same times are free for them.
    expect(await publish(await instructor(), utc(3, 9), utc(3, 10))).toHaveLength(2);
  });

  it('refuses twin windows published at once: one wins, the other is a CONFLICT', async () => {
    const teacher = await instructor();
    const input = { startsAt: utc(4, 9), endsAt: utc(4, 12), slotMinutes: 30 };
    const results = await Promise.all([1, 2, 3].map(() => platform.gql(PUBLISH, { input }, teacher.accessToken)));
    expect(results.map((result) => errorCode(result) ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    expect(await openSlots(teacher.id, utc(4), utc(5))).toHaveLength(6);
  });

  it('answers hostile input with coded errors', async () => {
    const teacher = await instructor();
    const refused = async (input: Record<string, unknown>) =>
      errorCode(await platform.gql(PUBLISH, { input }, teacher.accessToken));
    const window = { startsAt: utc(5, 9), endsAt: utc(5, 12), slotMinutes: 30 };
    for (const startsAt of [
      'tomorrow',
      '1',
      '',
      '2030-02-30T09:00:00Z',
      '2030-01-07T25:00:00Z',
      'x'.repeat(10_000),
      utc(5, 9).replace('Z', '+99:00'),
    ])
      expect({ startsAt, code: await refused({ ...window, startsAt }) }).toEqual({ startsAt, code: 'BAD_USER_INPUT' });
    for (const slotMinutes of [0, 5, -30, 241, 2 ** 40])
      expect({ slotMinutes, code: await refused({ ...window, slotMinutes }) }).toEqual({ slotMinutes, code: 'BAD_USER_INPUT' });
    const cases: Array<[string, Record<string, unknown>]> = [
      ['ends before it starts', { ...window, endsAt: utc(5, 8) }],
      ['empty window', { ...window, endsAt: window.startsAt }],
      ['15 days long', { ...window, endsAt: utc(20, 9) }],
      ['201 slots', { startsAt: utc(6), endsAt: utc(6, 33.5), slotMinutes: 10 }],
      ['in the past', { ...window, startsAt: minutesFromNow(-60) }],
      ['with seconds', { ...window, startsAt: utc(5, 9).replace(':00.000Z', ':30.000Z') }],
      ['two years ahead', { startsAt: utc(730, 9), endsAt: utc(730, 10), slotMinutes: 30 }],
    ];
    for (const [what, input] of cases) expect({ what, code: await refused(input) }).toEqual({ what, code: 'BAD_USER_INPUT' });
    expect(await openSlots(teacher.id, utc(0), utc(30))).toEqual([]);

    const list = (variables: Record<string, unknown>) =>
      platform.gql(OPEN_SLOTS, { instructorId: teacher.id, from: utc(0), to: utc(1), ...variables });
    expect(errorCode(await list({ to: utc(-1) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await list({ to: utc(32) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await list({ from: 'next week' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await list({ instructorId: 'a\u0000b' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await list({ instructorId: 'x'.repeat(5_000) }))).toBe('BAD_USER_INPUT');
  });
});

describe("the instructor's timezone", () => {
  it('reads wall-clock input in their profile timezone and shows slots on their wall clock, daylight saving included', async () => {
    const teacher = await instructor();
    await platform.data(UPDATE_PROFILE, { input: { timezone: 'Europe/Paris' } }, teacher.accessToken);
    // profiles announces PROFILE_UPDATED; bookings' replica follows within moments.
    const [probe] = await publish(teacher, utc(7, 9), utc(7, 9.5));
    await eventually(
      async () => ((await openSlots(teacher.id, utc(7), utc(8)))[0]?.instructorTimezone === 'Europe/Paris' ? true : undefined),
      10_000,
      'the Paris timezone in bookings',
    );
    expect((await openSlots(teacher.id, utc(7), utc(8)))[0]).toMatchObject({
      id: probe!.id,
      localStartsAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T1[01]:00:00\+0[12]:00$/),
    });

    const winter = nextFifteenth(1);
    const summer = nextFifteenth(7);
    const january = await publish(teacher, `${winter}T09:00`, `${winter}T10:00`, 60);
    const july = await publish(teacher, `${summer}T09:00`, `${summer}T10:00`, 60);
    expect(january[0]).toMatchObject({
      startsAt: `${winter}T08:00:00.000Z`,
      endsAt: `${winter}T09:00:00.000Z`,
      localStartsAt: `${winter}T09:00:00+01:00`,
      localEndsAt: `${winter}T10:00:00+01:00`,
    });
    expect(july[0]).toMatchObject({ startsAt: `${summer}T07:00:00.000Z`, localStartsAt: `${summer}T09:00:00+02:00` });
    // An instant with an offset is an instant, whoever publishes it.
    const [explicit] = await publish(teacher, `${winter}T12:00:00-05:00`, `${winter}T17:30:00Z`, 30);
    expect(explicit).toMatchObject({ startsAt: `${winter}T17:00:00.000Z`, localStartsAt: `${winter}T18:00:00+01:00` });
    // A day without offset is the instructor's midnight: 23:00 UTC the day before, in winter.
    const day = await openSlots(teacher.id, winter, `${winter}T23:59`);
    expect(day.map((slot) => slot.localStartsAt)).toEqual([`${winter}T09:00:00+01:00`, `${winter}T18:00:00+01:00`]);
    // With an offset, from and to are instants: 08:30Z-09:00Z holds no slot start (09:00 Paris is 08:00Z).
    expect(await openSlots(teacher.id, `${winter}T08:30:00Z`, `${winter}T09:00:00Z`)).toEqual([]);
  });

  it('keeps the latest profile when an older PROFILE_UPDATED arrives late, and reads unknown zones as UTC', async () => {
    const teacher = await instructor();
    await platform.data(UPDATE_PROFILE, { input: { timezone: 'Asia/Tokyo' } }, teacher.accessToken);
    await publish(teacher, utc(8, 0), utc(8, 0.5));
    const zone = async () => (await openSlots(teacher.id, utc(8), utc(9)))[0]?.instructorTimezone;
    await eventually(async () => ((await zone()) === 'Asia/Tokyo' ? true : undefined), 10_000, 'Tokyo in bookings');

    const stale = {
      ...createEnvelope('PROFILE_UPDATED', { userId: teacher.id, locale: 'en', timezone: 'America/Lima' }, 'profiles'),
      occurredAt: new Date(Date.now() - DAY).toISOString(),
    };
    await platform.runtime.eventBus().publish(stale);
    const handled = async (eventId: string) =>
      (await sql.query('SELECT 1 FROM "ProcessedEvent" WHERE "consumer" = $1 AND "eventId" = $2', ['bookings-profiles', eventId]))
        .rowCount
        ? true
        : undefined;
    await eventually(() => handled(stale.id), 10_000, 'the stale event handled');
    expect(await zone()).toBe('Asia/Tokyo');

    const martian = createEnvelope('PROFILE_UPDATED', { userId: teacher.id, locale: 'en', timezone: 'Mars/Olympus' }, 'profiles');
    await platform.runtime.eventBus().publish(martian);
    await eventually(() => handled(martian.id), 10_000, 'the unknown zone handled');
    expect(await zone()).toBe('UTC');
  });
});

describe('booking', () => {
  it('gives a slot to exactly one of 20 learners booking it at once; the others get CONFLICT', async () => {
    const { teacher, slot } = await oneSlot(9);
    const learners = await Promise.all(Array.from({ length: 20 }, () => learner()));
    const results = await Promise.all(
      learners.map((who) => platform.gql<{ bookSlot: BookingView }>(BOOK, { slotId: slot.id }, who.accessToken)),
    );
    const codes = results.map((result) => errorCode(result) ?? 'CONFIRMED');
    expect(codes.filter((code) => code === 'CONFIRMED')).toHaveLength(1);
    expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(19);

    const booking = results.find((result) => result.data?.bookSlot)!.data!.bookSlot;
    expect(booking).toMatchObject({
      status: 'CONFIRMED',
      instructor: { id: teacher.id },
      slot: { id: slot.id, status: 'BOOKED' },
    });
    expect(booking.meetingUrl).toMatch(/^https:\/\/meet\.example\.org\/rooms\/doctorpy-[0-9a-f]{32}$/);
    expect(await openSlots(teacher.id, utc(9), utc(10))).toEqual([]);
    await eventually(
      async () => (events.named('BOOKING_CONFIRMED', { bookingId: booking.id }).length ? true : undefined),
      10_000,
      'BOOKING_CONFIRMED',
    );
    await settle();
    expect(events.named('BOOKING_CONFIRMED', { bookingId: booking.id }).map((event) => event.payload)).toEqual([
      {
        bookingId: booking.id,
        slotId: slot.id,
        studentId: booking.student.id,
        instructorId: teacher.id,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        topic: null,
        meetingUrl: booking.meetingUrl,
      },
    ]);
  });

  it("refuses a learner's overlapping bookings, even booked at once", async () => {
    const [first, second, third] = await Promise.all([oneSlot(10, 9, 60), oneSlot(10, 9.5, 60), oneSlot(10, 10, 30)]);
    const leo = await learner();
    const results = await Promise.all(
      [first!, second!].map(({ slot }) =>
        platform.gql<{ bookSlot: BookingView }>(BOOK, { slotId: slot.id, topic: 'Decorators' }, leo.accessToken),
      ),
    );
    expect(results.map((result) => errorCode(result) ?? 'CONFIRMED').sort()).toEqual(['CONFIRMED', 'CONFLICT']);
    const won = results.find((result) => result.data?.bookSlot)!.data!.bookSlot;
    // The slot the learner lost is still open for others.
    const lost = won.slot.id === first!.slot.id ? second! : first!;
    expect((await openSlots(lost.teacher.id, utc(10), utc(11))).map((slot) => slot.id)).toEqual([lost.slot.id]);
    // 10:00-10:30 touches 09:00-10:00 (fine) and overlaps 09:30-10:30 (refused).
    const next = await platform.gql(BOOK, { slotId: third!.slot.id }, leo.accessToken);
    expect(errorCode(next) ?? 'CONFIRMED').toBe(won.slot.id === first!.slot.id ? 'CONFIRMED' : 'CONFLICT');
  });

  it('refuses booking your own slot, a slot that started, an unknown slot and hostile input', async () => {
    const { teacher, slot } = await oneSlot(11);
    const leo = await learner();
    expect(errorCode(await platform.gql(BOOK, { slotId: slot.id }, teacher.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(BOOK, { slotId: slot.id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(BOOK, { slotId: randomUUID() }, leo.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(BOOK, { slotId: 'x'.repeat(5_000) }, leo.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(BOOK, { slotId: `${slot.id}\u0000` }, leo.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(BOOK, { slotId: slot.id, topic: 'x'.repeat(501) }, leo.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await platform.gql(BOOK, { slotId: slot.id, topic: 'bell \u0007' }, leo.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
    const booked = await book(leo, slot.id, '  Generators:\nyield vs return  ');
    expect(booked.topic).toBe('Generators:\nyield vs return');

    const { slot: started } = await oneSlot(11, 12);
    await sql.query(`UPDATE "Slot" SET "startsAt" = $2, "endsAt" = $3 WHERE id = $1`, [
      started.id,
      new Date(Date.now() - 10 * 60_000),
      new Date(Date.now() + 20 * 60_000),
    ]);
    expect(errorCode(await platform.gql(BOOK, { slotId: started.id }, leo.accessToken))).toBe('DEADLINE_PASSED');
  });

  it('shows a booking to its learner, its instructor and admins only', async () => {
    const { teacher, slot } = await oneSlot(12);
    const leo = await learner();
    const booking = await book(leo, slot.id, 'Closures');
    for (const token of [leo.accessToken, teacher.accessToken, adminToken])
      expect((await readBooking(token, booking.id)).data?.booking).toMatchObject({ id: booking.id, topic: 'Closures' });
    const stranger = await learner();
    expect(errorCode(await readBooking(stranger.accessToken, booking.id))).toBe('NOT_FOUND');
    expect(errorCode(await readBooking((await instructor()).accessToken, booking.id))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(BOOKING, { id: booking.id }))).toBe('UNAUTHENTICATED');
    // Nor through the entity: the gateway's _entities lookup answers null for strangers.
    const entity = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Booking { id meetingUrl } } }`;
    const representation = { r: [{ __typename: 'Booking', id: booking.id }] };
    expect((await platform.subgraphGql('bookings', entity, representation, stranger.accessToken)).data).toEqual({
      _entities: [null],
    });
    expect((await platform.subgraphGql('bookings', entity, representation, leo.accessToken)).data).toEqual({
      _entities: [{ id: booking.id, meetingUrl: booking.meetingUrl }],
    });
  });
});

describe('cancelling', () => {
  it('lets the learner cancel in time: the slot opens again and BOOKING_CANCELLED goes out once', async () => {
    const { teacher, slot } = await oneSlot(13);
    const leo = await learner();
    const booking = await book(leo, slot.id, 'Async');
    const [cancelled, twin] = await Promise.all([
      cancel(leo.accessToken, booking.id, 'Sick'),
      cancel(leo.accessToken, booking.id, 'Sick'),
    ]);
    for (const result of [cancelled, twin])
      expect(result).toMatchObject({ status: 'CANCELLED', cancelledBy: 'STUDENT', cancellationReason: 'Sick', meetingUrl: null });
    expect((await openSlots(teacher.id, utc(13), utc(14))).map((open) => open.id)).toEqual([slot.id]);
    await eventually(
      async () => (events.named('BOOKING_CANCELLED', { bookingId: booking.id }).length ? true : undefined),
      10_000,
      'BOOKING_CANCELLED',
    );
    await settle();
    expect(events.named('BOOKING_CANCELLED', { bookingId: booking.id }).map((event) => event.payload)).toEqual([
      {
        bookingId: booking.id,
        slotId: slot.id,
        studentId: leo.id,
        instructorId: teacher.id,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        topic: 'Async',
        cancelledById: leo.id,
        cancelledBy: 'STUDENT',
        reason: 'Sick',
      },
    ]);
    // Someone else may book the reopened slot; the cancelled booking stays cancelled.
    const mia = await learner();
    expect(await book(mia, slot.id)).toMatchObject({ status: 'CONFIRMED' });
    expect((await cancel(leo.accessToken, booking.id)).status).toBe('CANCELLED');
  });

  it('refuses a learner less than two hours before the start; the instructor may still cancel, which cancels the slot', async () => {
    const teacher = await instructor();
    const startsAt = minutesFromNow(60);
    const [soon] = await publish(teacher, startsAt, new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(), 30);
    const leo = await learner();
    const booking = await book(leo, soon!.id);
    const late = await platform.gql(CANCEL, { id: booking.id }, leo.accessToken);
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    expect(new Date(late.errors![0]!.extensions!.deadline as string).getTime()).toBe(
      new Date(soon!.startsAt).getTime() - 2 * HOUR,
    );

    const cancelled = await cancel(teacher.accessToken, booking.id, 'Called away');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelledBy: 'INSTRUCTOR', slot: { status: 'CANCELLED' } });
    await eventually(
      async () => (events.named('BOOKING_CANCELLED', { bookingId: booking.id }).length ? true : undefined),
      10_000,
      'BOOKING_CANCELLED',
    );
    expect(events.named('BOOKING_CANCELLED', { bookingId: booking.id })[0]!.payload).toMatchObject({
      cancelledBy: 'INSTRUCTOR',
      cancelledById: teacher.id,
      reason: 'Called away',
    });
    expect(errorCode(await platform.gql(BOOK, { slotId: soon!.id }, (await learner()).accessToken))).toBe('CONFLICT');
  });

  it("refuses other users' bookings and slots, and hostile reasons", async () => {
    const { teacher, slot } = await oneSlot(14);
    const leo = await learner();
    const booking = await book(leo, slot.id);
    const stranger = await learner();
    const otherTeacher = await instructor();
    expect(errorCode(await platform.gql(CANCEL, { id: booking.id }, stranger.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(CANCEL, { id: booking.id }, otherTeacher.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(CANCEL, { id: randomUUID() }, leo.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(CANCEL, { id: booking.id, reason: 'x'.repeat(501) }, leo.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await platform.gql(CANCEL_SLOT, { id: slot.id }, otherTeacher.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(CANCEL_SLOT, { id: slot.id }, leo.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(USER_BOOKINGS, { id: leo.id }, stranger.accessToken))).toBe('FORBIDDEN');
    expect((await readBooking(leo.accessToken, booking.id)).data?.booking?.status).toBe('CONFIRMED');
    expect((await openSlots(teacher.id, utc(14), utc(15))).length).toBe(0);
  });

  it("cancelSlot takes the booking with it; an admin's cancellation reopens the slot", async () => {
    const teacher = await instructor();
    const [booked, free] = await publish(teacher, utc(15, 9), utc(15, 10));
    const leo = await learner();
    const booking = await book(leo, booked!.id);
    const { cancelSlot } = await platform.data<{ cancelSlot: SlotView }>(
      CANCEL_SLOT,
      { id: booked!.id, reason: 'Conference' },
      teacher.accessToken,
    );
    expect(cancelSlot.status).toBe('CANCELLED');
    expect((await readBooking(leo.accessToken, booking.id)).data?.booking).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: 'INSTRUCTOR',
      cancellationReason: 'Conference',
    });
    await eventually(
      async () => (events.named('BOOKING_CANCELLED', { bookingId: booking.id }).length ? true : undefined),
      10_000,
      'BOOKING_CANCELLED',
    );
    expect((await platform.data<{ cancelSlot: SlotView }>(CANCEL_SLOT, { id: free!.id }, adminToken)).cancelSlot.status).toBe(
      'CANCELLED',
    );
    // A cancelled slot frees its time: the instructor may publish it again.
    expect(await publish(teacher, utc(15, 9), utc(15, 10))).toHaveLength(2);

    const { slot } = await oneSlot(16);
    const mine = await book(leo, slot.id);
    expect(await cancel(adminToken, mine.id, 'Duplicate')).toMatchObject({ cancelledBy: 'ADMIN', slot: { status: 'OPEN' } });
  });

  it('settles a learner cancelling while the instructor withdraws the slot: one cancellation, one event', async () => {
    const { teacher, slot } = await oneSlot(17);
    const leo = await learner();
    const booking = await book(leo, slot.id);
    const results = await Promise.all([
      platform.gql(CANCEL, { id: booking.id }, leo.accessToken),
      platform.gql(CANCEL_SLOT, { id: slot.id }, teacher.accessToken),
    ]);
    expect(results.flatMap(errorCodes)).toEqual([]);
    const final = (await readBooking(leo.accessToken, booking.id)).data!.booking!;
    expect(final).toMatchObject({ status: 'CANCELLED', slot: { status: 'CANCELLED' } });
    await eventually(
      async () => (events.named('BOOKING_CANCELLED', { bookingId: booking.id }).length ? true : undefined),
      10_000,
      'BOOKING_CANCELLED',
    );
    await settle();
    expect(events.named('BOOKING_CANCELLED', { bookingId: booking.id })).toHaveLength(1);
  });
});

describe('User.bookings', () => {
  it('lists bookings as learner and as instructor, upcoming or past, for the user and admins', async () => {
    const teacher = await instructor();
    const [a, b, c] = await publish(teacher, utc(18, 9), utc(18, 10.5));
    const leo = await learner();
    const first = await book(leo, a!.id);
    const second = await book(leo, b!.id);
    const third = await book(leo, c!.id);
    await cancel(leo.accessToken, second.id);
    const list = async (token: string, id: string, upcoming?: boolean) =>
      (
        await platform.data<{ user: { bookings: Array<{ id: string }> } }>(USER_BOOKINGS, { id, upcoming }, token)
      ).user.bookings.map((booking) => booking.id);
    expect(await list(leo.accessToken, leo.id, true)).toEqual([first.id, third.id]);
    expect(await list(leo.accessToken, leo.id, false)).toEqual([second.id]);
    expect(await list(leo.accessToken, leo.id)).toEqual([third.id, second.id, first.id]);
    expect(await list(teacher.accessToken, teacher.id, true)).toEqual([first.id, third.id]);
    expect(await list(adminToken, leo.id, true)).toEqual([first.id, third.id]);
    expect(errorCode(await platform.gql(USER_BOOKINGS, { id: leo.id }, teacher.accessToken))).toBe('FORBIDDEN');
  });
});

describe('the database', () => {
  it('refuses overlapping slots and a second confirmed booking of a slot, whatever the code does', async () => {
    const instructorId = randomUUID();
    const insertSlot = (startsAt: string, endsAt: string, status = 'OPEN') =>
      sql.query(
        `INSERT INTO "Slot" (id, "instructorId", "startsAt", "endsAt", status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [randomUUID(), instructorId, startsAt, endsAt, status],
      );
    const { rows } = await insertSlot(utc(19, 9), utc(19, 10));
    await expect(insertSlot(utc(19, 9.5), utc(19, 10.5))).rejects.toMatchObject({ code: '23P01' });
    await expect(insertSlot(utc(19, 10), utc(19, 9))).rejects.toMatchObject({ code: '23514' });
    await insertSlot(utc(19, 9.5), utc(19, 10.5), 'CANCELLED');
    const insertBooking = (studentId: string) =>
      sql.query(
        `INSERT INTO "Booking" (id, "slotId", "studentId", "instructorId", "startsAt", "endsAt", "meetingUrl") VALUES ($1, $2, $3, $4, $5, $6, 'x')`,
        [randomUUID(), rows[0].id, studentId, instructorId, utc(19, 9), utc(19, 10)],
      );
    await insertBooking(randomUUID());
    await expect(insertBooking(randomUUID())).rejects.toMatchObject({ code: '23505' });
  });
});
