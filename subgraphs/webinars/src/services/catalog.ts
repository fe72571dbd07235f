/** Reading webinars: one by id, the public list (upcoming or past, of a course), and batches for the DataLoaders. */
import { notFound } from '#platform/errors.ts';
import { pageQuery, toConnection, type PageArgs } from '#platform/graphql/connection.ts';
import { parseInput } from '#platform/validation.ts';
import type { WebinarsDb } from '../db.ts';
import type { Prisma, Webinar } from '../generated/prisma/client.ts';
import type { Clock } from './clock.ts';
import { id, listArgs } from './inputs.ts';

export interface WebinarFilter {
  upcoming?: boolean | null;
  courseId?: string | null;
}

/** Not over yet: live, or scheduled and before its end. */
export const notOver = (now: Date): Prisma.WebinarWhereInput => ({
  OR: [{ status: 'LIVE' }, { status: 'SCHEDULED', endsAt: { gt: now } }],
});
const over = (now: Date): Prisma.WebinarWhereInput => ({
  OR: [{ status: { in: ['ENDED', 'CANCELLED'] } }, { status: 'SCHEDULED', endsAt: { lte: now } }],
});

export class WebinarCatalog {
  constructor(
    private readonly db: WebinarsDb,
    private readonly now: Clock,
  ) {}

  async one(rawId: unknown): Promise<Webinar> {
    const webinarId = parseInput(id, rawId);
    const webinar = await this.db.webinar.findUnique({ where: { id: webinarId } });
    if (!webinar) throw notFound('Webinar', webinarId);
    return webinar;
  }

  byIds(ids: readonly string[]): Promise<Webinar[]> {
    return this.db.webinar.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Upcoming: soonest first; past or all: latest start first. The id breaks ties (a total order for cursors). */
  async list(rawFilter: WebinarFilter, page: PageArgs) {
    const { upcoming, courseId } = parseInput(listArgs, rawFilter);
    const now = this.now();
    const where: Prisma.WebinarWhereInput = {
      AND: [upcoming === true ? notOver(now) : upcoming === false ? over(now) : {}, courseId ? { courseId } : {}],
    };
    const direction = upcoming === true ? 'asc' : 'desc';
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.webinar.findMany({
      where,
      orderBy: [{ startsAt: direction }, { id: direction }],
      ...prisma,
    });
    return toConnection(rows, size, () => this.db.webinar.count({ where }));
  }
}
