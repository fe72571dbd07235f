/**
 * Instructors' slots: publishing a window (all slots or none; the database refuses overlaps) and
 * listing the open ones. Wall-clock input is read in the instructor's timezone.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import type { BookingsDb } from '../db.ts';
import type { Slot } from '../generated/prisma/client.ts';
import { toInstant } from '../rules/date-input.ts';
import { listWindowProblem, planSlots, type Problem } from '../rules/slots.ts';
import { SLOT_OVERLAP, violatedExclusion } from './constraints.ts';
import { listInput, publishInput } from './inputs.ts';
import type { Timezones } from './timezones.ts';

const refused = (problem: Problem) => badInput(`Invalid input: ${problem.field}: ${problem.message}`, [problem]);

export class Slots {
  constructor(
    private readonly db: BookingsDb,
    private readonly timezones: Timezones,
  ) {}

  async publish(viewer: Viewer, raw: unknown, now = new Date()): Promise<Slot[]> {
    const input = parseInput(publishInput, raw);
    const zone = await this.timezones.of(viewer.userId);
    const window = { startsAt: toInstant(input.startsAt, zone), endsAt: toInstant(input.endsAt, zone) };
    const plan = planSlots({ ...window, slotMinutes: input.slotMinutes }, now);
    if (!plan.ok) throw refused(plan.problem);
    try {
      // One statement: every slot is inserted, or none when one overlaps (Slot_no_overlap_per_instructor).
      const slots = await this.db.slot.createManyAndReturn({
        data: plan.slots.map((period) => ({ instructorId: viewer.userId, ...period })),
      });
      return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    } catch (error) {
      if (violatedExclusion(error) === SLOT_OVERLAP) throw conflict('These slots overlap slots you have already published');
      throw error;
    }
  }

  /** OPEN slots starting in [from, to) and not started yet, soonest first. */
  async open(raw: unknown, now = new Date()): Promise<Slot[]> {
    const { instructorId, from, to } = parseInput(listInput, raw);
    const zone = await this.timezones.of(instructorId);
    const window = { startsAt: toInstant(from, zone), endsAt: toInstant(to, zone) };
    const problem = listWindowProblem(window);
    if (problem) throw refused(problem);
    return this.db.slot.findMany({
      where: { instructorId, status: 'OPEN', startsAt: { gte: window.startsAt, lt: window.endsAt, gt: now } },
      orderBy: [{ startsAt: 'asc' }],
    });
  }

  byIds(ids: readonly string[]): Promise<Slot[]> {
    return this.db.slot.findMany({ where: { id: { in: [...ids] } } });
  }
}
