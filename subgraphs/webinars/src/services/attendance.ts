/**
 * Joining: the room's URL for the host and learners holding a seat, while the room is open
 * (rules/join-window.ts). A learner's first join records their attendance with a conditional
 * update (attendedAt still null) and stages WEBINAR_ATTENDED in the same transaction, so twins and
 * repeated joins announce it once.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { AppError, conflict, deadlinePassed, ErrorCode, forbidden } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { WebinarsDb } from '../db.ts';
import { webinarFacts } from '../events/facts.ts';
import type { Webinar, WebinarRegistration } from '../generated/prisma/client.ts';
import { joinWindow, mayJoin } from '../rules/join-window.ts';
import { roomUrl } from '../rules/room.ts';
import { isHost } from './access.ts';
import type { WebinarCatalog } from './catalog.ts';
import type { Clock } from './clock.ts';

export class Attendance {
  constructor(
    private readonly db: WebinarsDb,
    private readonly events: SubgraphEvents,
    private readonly catalog: WebinarCatalog,
    private readonly roomBaseUrl: string,
    private readonly now: Clock,
  ) {}

  /** What `Webinar.joinUrl` shows the viewer: the room while they may join it, else null. Records nothing. */
  joinUrlFor(webinar: Webinar, viewer: Viewer | undefined, registration: WebinarRegistration | undefined): string | null {
    if (!viewer || !mayJoin(isHost(viewer, webinar), registration?.status)) return null;
    return joinWindow(webinar, this.now()).open ? roomUrl(this.roomBaseUrl, webinar.roomName) : null;
  }

  async join(viewer: Viewer, rawId: unknown): Promise<string> {
    const webinar = await this.catalog.one(rawId);
    const hosting = isHost(viewer, webinar);
    const registration = hosting
      ? null
      : await this.db.webinarRegistration.findUnique({
          where: { webinarId_userId: { webinarId: webinar.id, userId: viewer.userId } },
        });
    if (!mayJoin(hosting, registration?.status)) {
      throw forbidden(
        registration?.status === 'WAITLISTED'
          ? 'You are on the waitlist: you can join once you get a seat'
          : 'Register for this webinar (and hold a seat) to join it',
      );
    }
    const now = this.now();
    const window = joinWindow(webinar, now);
    if (!window.open) {
      if (window.reason === 'NOT_YET')
        throw new AppError(ErrorCode.CONFLICT, `The room opens at ${window.opensAt.toISOString()}`, {
          opensAt: window.opensAt.toISOString(),
        });
      if (window.reason === 'CANCELLED') throw conflict('The webinar was cancelled');
      throw deadlinePassed('The webinar is over', webinar.endedAt ?? webinar.endsAt);
    }
    if (registration && !registration.attendedAt) await this.recordAttendance(webinar, registration.id, now);
    return roomUrl(this.roomBaseUrl, webinar.roomName);
  }

  private recordAttendance(webinar: Webinar, registrationId: string, now: Date): Promise<void> {
    return this.events.transaction(this.db, async (tx) => {
      // Still holding the seat, and not yet recorded (a twin or an earlier join may have been first).
      const [attended] = await tx.webinarRegistration.updateManyAndReturn({
        where: { id: registrationId, status: 'REGISTERED', attendedAt: null },
        data: { attendedAt: now },
      });
      if (attended) await this.events.stage(tx, 'WEBINAR_ATTENDED', { ...webinarFacts(webinar), userId: attended.userId });
    });
  }
}
