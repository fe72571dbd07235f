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

  /**
   * Badges by id: the synced definitions from memory (every notification push resolves its badge
   * here), rows of retired definitions from Postgres.
   */
  async byIds(ids: readonly string[]): Promise<Badge[]> {
    const current = new Map(this.rules().map((badge) => [badge.id, badge]));
    const known = ids.flatMap((id) => current.get(id) ?? []);
    const retired = ids.filter((id) => !current.has(id));
    return retired.length ? [...known, ...(await this.db.badge.findMany({ where: { id: { in: retired } } }))] : known;
  }
}
