/** The badge rule table: code definitions upserted at start, read by the API and the handlers. */
import type { GamificationDb } from '../db.ts';
import type { Badge } from '../generated/prisma/client.ts';
import { BADGES } from '../rules/badges.ts';

const SLUGS = BADGES.map((badge) => badge.slug);

export class BadgeCatalog {
  private synced: Badge[] | undefined;

  constructor(private readonly db: GamificationDb) {}

  /**
   * Upserts every definition by slug (at start): ids stay stable across restarts, and edited
   * names, descriptions or thresholds take effect. Replicas starting together upsert the same rows.
   */
  async sync(): Promise<Badge[]> {
    const rows: Badge[] = [];
    for (const [position, definition] of BADGES.entries()) {
      const data = { ...definition, position };
      rows.push(await this.db.badge.upsert({ where: { slug: definition.slug }, create: data, update: data }));
    }
    this.synced = rows;
    return rows;
  }

  /** The badges handlers evaluate: the definitions of this version of the code, as synced. */
  rules(): readonly Badge[] {
    if (!this.synced) throw new Error('Badge definitions are not synced yet (BadgeCatalog.sync runs at start)');
    return this.synced;
  }

  /** Every badge there is to earn, in display order (rows of retired definitions stay for their awards). */
  list(): Promise<Badge[]> {
    return this.db.badge.findMany({ where: { slug: { in: SLUGS } }, orderBy: { position: 'asc' } });
  }

  byIds(ids: readonly string[]): Promise<Badge[]> {
    return this.db.badge.findMany({ where: { id: { in: [...ids] } } });
  }
}
