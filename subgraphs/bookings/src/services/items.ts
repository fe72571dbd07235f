/** Items: validated creation by signed-in users, newest first. */
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { BookingsItem, PrismaClient } from '../generated/prisma/client.ts';

const newItem = z.object({ title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters') });
const first = z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100');

export class Items {
  constructor(private readonly db: PrismaClient) {}

  newest(rawFirst: unknown): Promise<BookingsItem[]> {
    const take = parseInput(first, rawFirst);
    return this.db.bookingsItem.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take });
  }

  byIds(ids: readonly string[]): Promise<BookingsItem[]> {
    return this.db.bookingsItem.findMany({ where: { id: { in: [...ids] } } });
  }

  create(ownerId: string, raw: unknown): Promise<BookingsItem> {
    const { title } = parseInput(newItem, raw);
    return this.db.bookingsItem.create({ data: { title, ownerId } });
  }
}
