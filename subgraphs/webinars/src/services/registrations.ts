/**
 * Seats and the waitlist. Every change of a webinar's registrations first takes the webinar's row
 * lock (an update of the row, held until commit), so registrations, cancellations and promotions
 * of one webinar run one at a time in arrival order: counting the seats taken under that lock can
 * never let two learners take the last seat. The unique (webinar, learner) is a second guard.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict, forbidden, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { WebinarsDb, WebinarsTx } from '../db.ts';
import { webinarFacts } from '../events/facts.ts';
import type { Webinar, WebinarRegistration } from '../generated/prisma/client.ts';
import { acceptsRegistrations, promotions, seatFor } from '../rules/registration.ts';
import { isAdmin, isHost } from './access.ts';
import { notOver, type WebinarCatalog } from './catalog.ts';
import type { Clock } from './clock.ts';
import { id } from './inputs.ts';
import type { CourseReplicas } from './replica.ts';

/** Holds a seat or a place in line. */
const isActive = (registration: WebinarRegistration): boolean => registration.status !== 'CANCELLED';
const closed = (webinar: Webinar) => conflict(`The webinar is ${webinar.status === 'SCHEDULED' ? 'over' : webinar.status}`);

export interface RegistrationKey {
  webinarId: string;
  userId: string;
}

export class Registrations {
  constructor(
    private readonly db: WebinarsDb,
    private readonly events: SubgraphEvents,
    private readonly catalog: WebinarCatalog,
    private readonly replicas: CourseReplicas,
    private readonly now: Clock,
  ) {}

  /** A seat while one is left, else the end of the waitlist; the registration held if there is one. */
  async register(viewer: Viewer, rawId: unknown): Promise<WebinarRegistration> {
    const webinar = await this.catalog.one(rawId);
    if (isHost(viewer, webinar)) throw badInput('You host this webinar: hosts join without registering');
    if (webinar.courseId && !isAdmin(viewer) && !(await this.replicas.isEnrolled(viewer.userId, webinar.courseId)))
      throw forbidden("Enroll in the webinar's course to register for it");
    const key = { webinarId: webinar.id, userId: viewer.userId };
    const held = await this.find(this.db, key);
    if (held && isActive(held)) return held;
    try {
      return await this.events.transaction(this.db, async (tx) => {
        const locked = await this.lock(tx, webinar.id, { nextSequence: true });
        const now = this.now();
        if (!acceptsRegistrations(locked, now)) throw closed(locked);
        // A twin request of the same learner may have committed while we waited for the lock.
        const current = await this.find(tx, key);
        if (current && isActive(current)) return current;
        const registered = await tx.webinarRegistration.count({ where: { webinarId: webinar.id, status: 'REGISTERED' } });
        const fresh = {
          status: seatFor(registered, locked.capacity),
          sequence: locked.registrationSeq,
          promoted: false,
          registeredAt: now,
          cancelledAt: null,
        };
        const registration = current
          ? await tx.webinarRegistration.update({ where: { id: current.id }, data: fresh })
          : await tx.webinarRegistration.create({ data: { ...key, ...fresh } });
        await this.announceRegistered(tx, locked, registration);
        return registration;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.find(this.db, key);
      if (winner && isActive(winner)) return winner;
      throw conflict('Another registration for this webinar was made at the same time: try again');
    }
  }

  /**
   * Cancels the viewer's registration for the webinar `rawId`; a freed seat goes to the first in
   * line in the same transaction. Cancelling a cancelled registration returns it unchanged.
   */
  async cancel(viewer: Viewer, rawId: unknown): Promise<WebinarRegistration> {
    const webinarId = parseInput(id, rawId);
    return this.events.transaction(this.db, async (tx) => {
      const cancelled = await this.cancelIn(tx, webinarId, viewer.userId);
      if (!cancelled) throw notFound('Registration for webinar', webinarId);
      return cancelled;
    });
  }

  /**
   * A learner whose enrollment ended leaves the course's webinars that are not over (in the
   * consumer's transaction): course webinars are for enrolled learners, and the seat goes to the next.
   */
  async releaseCourseSeats(tx: WebinarsTx, userId: string, courseId: string): Promise<void> {
    const held = await tx.webinarRegistration.findMany({
      where: { userId, status: { in: ['REGISTERED', 'WAITLISTED'] }, webinar: { courseId, ...notOver(this.now()) } },
      select: { webinarId: true },
      orderBy: { webinarId: 'asc' },
    });
    for (const { webinarId } of held) await this.cancelIn(tx, webinarId, userId);
  }

  /** Cancels in `tx` after taking the webinar's lock, then fills the freed seat; null without a registration. */
  private async cancelIn(tx: WebinarsTx, webinarId: string, userId: string): Promise<WebinarRegistration | null> {
    const locked = await this.lock(tx, webinarId, { nextSequence: false });
    const held = await this.find(tx, { webinarId, userId });
    if (!held || held.status === 'CANCELLED') return held;
    if (!acceptsRegistrations(locked, this.now())) throw closed(locked);
    const cancelled = await tx.webinarRegistration.update({
      where: { id: held.id },
      data: { status: 'CANCELLED', cancelledAt: this.now() },
    });
    await this.events.stage(tx, 'WEBINAR_REGISTRATION_CANCELLED', {
      ...webinarFacts(locked),
      registrationId: cancelled.id,
      userId: cancelled.userId,
    });
    if (held.status === 'REGISTERED') await this.promote(tx, locked);
    return cancelled;
  }

  /** Fills free seats from the head of the waitlist (one, after a cancellation). */
  private async promote(tx: WebinarsTx, webinar: Webinar): Promise<void> {
    const [registered, waiting] = await Promise.all([
      tx.webinarRegistration.count({ where: { webinarId: webinar.id, status: 'REGISTERED' } }),
      tx.webinarRegistration.count({ where: { webinarId: webinar.id, status: 'WAITLISTED' } }),
    ]);
    const seats = promotions(webinar.capacity, registered, waiting);
    if (!seats) return;
    const next = await tx.webinarRegistration.findMany({
      where: { webinarId: webinar.id, status: 'WAITLISTED' },
      orderBy: { sequence: 'asc' },
      take: seats,
    });
    for (const waitlisted of next) {
      const promoted = await tx.webinarRegistration.update({
        where: { id: waitlisted.id },
        data: { status: 'REGISTERED', promoted: true },
      });
      await this.announceRegistered(tx, webinar, promoted);
    }
  }

  private announceRegistered(tx: WebinarsTx, webinar: Webinar, registration: WebinarRegistration) {
    return this.events.stage(tx, 'WEBINAR_REGISTERED', {
      ...webinarFacts(webinar),
      registrationId: registration.id,
      userId: registration.userId,
      status: registration.status === 'REGISTERED' ? 'REGISTERED' : 'WAITLISTED',
      promoted: registration.promoted,
    });
  }

  /**
   * Locks the webinar's row until commit (the update waits for any other holder). A registration
   * also takes the next arrival number: its place in line.
   */
  private async lock(tx: WebinarsTx, webinarId: string, { nextSequence }: { nextSequence: boolean }): Promise<Webinar> {
    const [locked] = await tx.webinar.updateManyAndReturn({
      where: { id: webinarId },
      data: nextSequence ? { registrationSeq: { increment: 1 } } : { updatedAt: new Date() },
    });
    if (!locked) throw notFound('Webinar', webinarId);
    return locked;
  }

  private find(db: WebinarsDb | WebinarsTx, key: RegistrationKey): Promise<WebinarRegistration | null> {
    return db.webinarRegistration.findUnique({ where: { webinarId_userId: key } });
  }

  /** The webinar for its participants: host, admins, learners holding a seat or a place in line. */
  async forParticipant(viewer: Viewer, rawId: unknown): Promise<Webinar> {
    const webinar = await this.catalog.one(rawId);
    if (isHost(viewer, webinar) || isAdmin(viewer)) return webinar;
    const registration = await this.find(this.db, { webinarId: webinar.id, userId: viewer.userId });
    if (registration && isActive(registration)) return webinar;
    throw forbidden('Only the host and the learners registered for this webinar follow it');
  }

  // Batches behind the DataLoaders: one statement per batch, whatever its size.

  async registeredCounts(webinarIds: readonly string[]): Promise<Array<{ webinarId: string; count: number }>> {
    const groups = await this.db.webinarRegistration.groupBy({
      by: ['webinarId'],
      where: { webinarId: { in: [...webinarIds] }, status: 'REGISTERED' },
      _count: { _all: true },
    });
    return groups.map((group) => ({ webinarId: group.webinarId, count: group._count._all }));
  }

  byKeys(keys: readonly RegistrationKey[]): Promise<WebinarRegistration[]> {
    return this.db.webinarRegistration.findMany({
      where: {
        webinarId: { in: [...new Set(keys.map((key) => key.webinarId))] },
        userId: { in: [...new Set(keys.map((key) => key.userId))] },
      },
    });
  }

  waitlisted(webinarIds: readonly string[]) {
    return this.db.webinarRegistration.findMany({
      where: { webinarId: { in: [...webinarIds] }, status: 'WAITLISTED' },
      select: { id: true, webinarId: true, sequence: true },
    });
  }
}
