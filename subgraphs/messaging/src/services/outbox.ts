/** What admins see of the email outbox (`sentEmails`): newest first, optionally for one address. */
import { pageSize } from '#platform/graphql/connection.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { MessagingDb } from '../db.ts';
import type { Email } from '../generated/prisma/client.ts';

const address = z.string().trim().toLowerCase().min(1, 'must not be empty').max(254, 'must be at most 254 characters');

export class EmailOutbox {
  constructor(private readonly db: MessagingDb) {}

  list(rawTo: unknown, first: number | null | undefined): Promise<Email[]> {
    const take = pageSize(first);
    const to = rawTo === null || rawTo === undefined ? undefined : parseInput(z.object({ to: address }), { to: rawTo }).to;
    return this.db.email.findMany({
      // Addresses are stored lower-case (accounts lower-cases them), as `to` is here.
      where: to ? { to } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }
}
