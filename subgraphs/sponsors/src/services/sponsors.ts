/** Sponsors and their sponsorships (admins create them; anyone sees sponsors). */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { badInput, notFound } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import type { SponsorsDb, SponsorsTx } from '../db.ts';
import type { Sponsor, Sponsorship } from '../generated/prisma/client.ts';

const id = z.string().min(1).max(200);
const httpsUrl = z
  .url({ protocol: /^https$/, error: 'must be an https URL' })
  .max(500)
  .nullish();

const sponsorInput = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(120, 'must be at most 120 characters'),
  website: httpsUrl,
  logoUrl: httpsUrl,
  tier: z.enum(['GOLD', 'SILVER', 'BRONZE']),
});

const sponsorshipInput = z.object({
  sponsorId: id,
  courseId: id,
  seats: z.number().int().min(1, 'must be at least 1').max(100_000, 'must be at most 100000'),
  validUntil: z
    .date()
    .refine((date) => date.getTime() > Date.now(), 'must be in the future')
    .nullish(),
});

/** 20 random bytes as 32 letters and digits (Crockford base32), grouped for typing: ~160 bits. */
export function newCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{1,8}/g)!.join('-');
}

const TIER_ORDER = { GOLD: 0, SILVER: 1, BRONZE: 2 } as const;

export class Sponsors {
  constructor(private readonly db: SponsorsDb) {}

  createSponsor(raw: unknown): Promise<Sponsor> {
    const input = parseInput(sponsorInput, raw);
    return this.db.sponsor.create({
      data: { name: input.name, website: input.website ?? null, logoUrl: input.logoUrl ?? null, tier: input.tier },
    });
  }

  async createSponsorship(raw: unknown): Promise<Sponsorship> {
    const input = parseInput(sponsorshipInput, raw);
    if (!(await this.db.sponsor.findUnique({ where: { id: input.sponsorId } }))) throw notFound('Sponsor', input.sponsorId);
    const course = await this.db.courseReplica.findUnique({ where: { id: input.courseId } });
    if (!course) throw notFound('Course', input.courseId);
    if (!course.publishedAt) throw badInput('Seats can only be sponsored in a published course');
    return this.db.sponsorship.create({
      data: {
        sponsorId: input.sponsorId,
        courseId: input.courseId,
        seats: input.seats,
        validUntil: input.validUntil ?? null,
        code: newCode(),
      },
    });
  }

  async all(): Promise<Sponsor[]> {
    const sponsors = await this.db.sponsor.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
    return sponsors.sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier]);
  }

  sponsorsByIds(ids: readonly string[]): Promise<Sponsor[]> {
    return this.db.sponsor.findMany({ where: { id: { in: [...ids] } } });
  }

  sponsorshipsBySponsors(ids: readonly string[]): Promise<Sponsorship[]> {
    return this.db.sponsorship.findMany({
      where: { sponsorId: { in: [...ids] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** Sponsors with a sponsorship in each course (any tier order is the caller's). */
  async sponsorsByCourses(courseIds: readonly string[]): Promise<Array<Sponsorship & { sponsor: Sponsor }>> {
    return this.db.sponsorship.findMany({ where: { courseId: { in: [...courseIds] } }, include: { sponsor: true } });
  }

  async recordCourse(tx: SponsorsTx, courseId: string, title: string, publishedAt: Date | null): Promise<void> {
    await tx.courseReplica.upsert({
      where: { id: courseId },
      create: { id: courseId, title, publishedAt },
      update: { title, ...(publishedAt ? { publishedAt } : {}) },
    });
  }
}
