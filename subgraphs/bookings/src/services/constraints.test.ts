/**
 * The migration's guarantees on PGlite, the embedded Postgres of `npm start`, which has no
 * btree_gist loaded: the exclusion constraints on [id, id] ranges and the partial unique index
 * refuse double bookings there too, and Prisma's errors name them. (test/bookings.test.ts tries
 * the same constraints on the Postgres server.)
 */
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyMigrations } from '#platform/db/migrations.ts';
import { pgliteAdapter } from '#platform/db/prisma-adapters.ts';
import { pgliteDatabase } from '#platform/db/sql.ts';
import { isUniqueViolation } from '#platform/errors.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import { SLOT_OVERLAP, STUDENT_OVERLAP, violatedExclusion } from './constraints.ts';

const migrations = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
let instance: PGlite;
let db: PrismaClient;

beforeAll(async () => {
  instance = new PGlite();
  await applyMigrations(pgliteDatabase(instance, 'bookings'), migrations);
  db = new PrismaClient({ adapter: pgliteAdapter(instance, 'bookings') });
});
afterAll(async () => {
  await db?.$disconnect();
  await instance?.close();
});

const at = (hour: number) => new Date(Date.UTC(2030, 0, 7, Math.floor(hour), (hour % 1) * 60));
const slot = (instructorId: string, from: number, to: number) => ({ instructorId, startsAt: at(from), endsAt: at(to) });
/** What the database said when refusing `write`: the exclusion constraint, else unique, else the message. */
const refusal = async (write: Promise<unknown>) => {
  const error = await write.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!error) return 'accepted';
  return violatedExclusion(error) ?? (isUniqueViolation(error) ? 'unique' : String((error as Error).message));
};

describe("an instructor's slots", () => {
  it('never overlap, unless cancelled; touching is fine, and other instructors are free', async () => {
    await db.slot.create({ data: slot('ines', 9, 10) });
    expect(await refusal(db.slot.create({ data: slot('ines', 9.5, 10.5) }))).toBe(SLOT_OVERLAP);
    expect(await refusal(db.slot.create({ data: slot('ines', 8, 12) }))).toBe(SLOT_OVERLAP);
    expect(await refusal(db.slot.create({ data: slot('ines', 10, 10.5) }))).toBe('accepted');
    expect(await refusal(db.slot.create({ data: slot('otto', 9, 10) }))).toBe('accepted');
    expect(await refusal(db.slot.create({ data: { ...slot('ines', 9, 10), status: 'CANCELLED' } }))).toBe('accepted');
    // A batch with one overlapping slot is refused whole.
    const batch = [slot('ines', 7, 7.5), slot('ines', 9.75, 10)];
    expect(await refusal(db.slot.createMany({ data: batch }))).toBe(SLOT_OVERLAP);
    expect(await db.slot.count({ where: { instructorId: 'ines', startsAt: at(7) } })).toBe(0);
  });

  it('end after they start', async () => {
    expect(await refusal(db.slot.create({ data: slot('ines', 15, 14) }))).toMatch(/Slot_window_check/);
  });
});

describe("a slot's bookings and a learner's", () => {
  it('hold one CONFIRMED booking per slot and never overlap for one learner', async () => {
    const [nine, half, other] = await Promise.all([
      db.slot.create({ data: slot('nadia', 9, 10) }),
      db.slot.create({ data: slot('nadia', 10, 11) }),
      db.slot.create({ data: slot('tom', 9.5, 10.5) }),
    ]);
    const booking = (slotId: string, studentId: string, times: { startsAt: Date; endsAt: Date }) =>
      db.booking.create({
        data: {
          slotId,
          studentId,
          instructorId: 'x',
          startsAt: times.startsAt,
          endsAt: times.endsAt,
          meetingUrl: 'https://meet.example.org/x',
        },
      });

    const first = await booking(nine.id, 'leo', nine);
    expect(await refusal(booking(nine.id, 'mia', nine))).toBe('unique');
    expect(await refusal(booking(other.id, 'leo', other))).toBe(STUDENT_OVERLAP);
    expect(await refusal(booking(half.id, 'leo', half))).toBe('accepted');
    await db.booking.update({ where: { id: first.id }, data: { status: 'CANCELLED' } });
    expect(await refusal(booking(nine.id, 'mia', nine))).toBe('accepted');
  });
});
