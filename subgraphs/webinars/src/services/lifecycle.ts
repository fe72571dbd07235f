/**
 * Scheduling and running webinars: instructors and admins schedule (a course webinar on a course
 * they own), the host or an admin starts, ends or cancels. Each transition is one update
 * conditional on the status it leaves, with its WEBINAR_STATUS_CHANGED staged in the same
 * transaction: of two racing transitions one wins and publishes, the other is refused.
 */
import { randomBytes } from 'node:crypto';
import type { Viewer } from '#platform/auth/viewer.ts';
import { AppError, badInput, conflict, ErrorCode, forbidden, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { WebinarsDb } from '../db.ts';
import { webinarFacts } from '../events/facts.ts';
import type { Prisma, Webinar } from '../generated/prisma/client.ts';
import { roomNameFrom } from '../rules/room.ts';
import { scheduledEnd, startsAtProblem } from '../rules/schedule.ts';
import { TRANSITIONS, transitionRefusal, type Refusal, type Transition } from '../rules/transitions.ts';
import { isAdmin, requireManager } from './access.ts';
import type { WebinarCatalog } from './catalog.ts';
import type { Clock } from './clock.ts';
import { recordingUrl, scheduleInput } from './inputs.ts';
import type { CourseReplicas } from './replica.ts';

const refused = ({ message, opensAt }: Refusal) =>
  opensAt ? new AppError(ErrorCode.CONFLICT, message, { opensAt: opensAt.toISOString() }) : conflict(message);

export class WebinarLifecycle {
  constructor(
    private readonly db: WebinarsDb,
    private readonly events: SubgraphEvents,
    private readonly catalog: WebinarCatalog,
    private readonly replicas: CourseReplicas,
    private readonly now: Clock,
  ) {}

  async schedule(viewer: Viewer, raw: unknown): Promise<Webinar> {
    const input = parseInput(scheduleInput, raw);
    const problem = startsAtProblem(input.startsAt, this.now());
    if (problem) throw badInput(`Invalid input: startsAt: ${problem}`, [{ field: 'startsAt', message: problem }]);
    if (input.courseId) {
      const course = await this.replicas.course(input.courseId);
      if (!course) throw notFound('Course', input.courseId);
      if (course.instructorId !== viewer.userId && !isAdmin(viewer))
        throw forbidden('A course webinar is scheduled by the owner of the course (or an admin)');
    }
    return this.events.transaction(this.db, async (tx) => {
      const webinar = await tx.webinar.create({
        data: {
          ...input,
          hostId: viewer.userId,
          endsAt: scheduledEnd(input.startsAt, input.durationMinutes),
          roomName: roomNameFrom(randomBytes(16)),
        },
      });
      await this.events.stage(tx, 'WEBINAR_SCHEDULED', webinarFacts(webinar));
      return webinar;
    });
  }

  start(viewer: Viewer, id: unknown): Promise<Webinar> {
    return this.apply(viewer, id, 'start', (now) => ({ startedAt: now }));
  }

  end(viewer: Viewer, id: unknown, rawRecordingUrl: unknown): Promise<Webinar> {
    const recording = parseInput(recordingUrl, rawRecordingUrl);
    return this.apply(viewer, id, 'end', (now) => ({ endedAt: now, recordingUrl: recording }));
  }

  cancel(viewer: Viewer, id: unknown): Promise<Webinar> {
    return this.apply(viewer, id, 'cancel', (now) => ({ cancelledAt: now }));
  }

  private async apply(
    viewer: Viewer,
    id: unknown,
    transition: Transition,
    changes: (now: Date) => Prisma.WebinarUpdateManyMutationInput,
  ): Promise<Webinar> {
    const webinar = await this.catalog.one(id);
    requireManager(viewer, webinar);
    const now = this.now();
    const refusal = transitionRefusal(transition, webinar, now);
    if (refusal) throw refused(refusal);
    const { from, to } = TRANSITIONS[transition];
    return this.events.transaction(this.db, async (tx) => {
      const [changed] = await tx.webinar.updateManyAndReturn({
        where: { id: webinar.id, status: { in: [...from] } },
        data: { ...changes(now), status: to },
      });
      if (!changed) {
        // Another transition committed since we read it: refuse with the status it left.
        const current = await tx.webinar.findUniqueOrThrow({ where: { id: webinar.id } });
        throw refused(transitionRefusal(transition, current, now) ?? { message: 'The webinar changed meanwhile: try again' });
      }
      await this.events.stage(tx, 'WEBINAR_STATUS_CHANGED', {
        ...webinarFacts(changed),
        status: to,
        recordingUrl: changed.recordingUrl,
      });
      return changed;
    });
  }
}
