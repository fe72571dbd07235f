/** Reading quests: the public catalog, lookups, and the batch queries behind the DataLoaders. */
import { notFound } from '#platform/errors.ts';
import { pageQuery, toConnection, type PageArgs } from '#platform/graphql/connection.ts';
import { parseInput } from '#platform/validation.ts';
import type { QuestsDb } from '../db.ts';
import type { Prisma, Quest, QuestStep } from '../generated/prisma/client.ts';
import { questFilter, questKey } from './inputs.ts';

/** Catalog order; ending with the id makes it total, as cursor pagination needs. */
const CATALOG_ORDER: Prisma.QuestOrderByWithRelationInput[] = [
  { category: 'asc' },
  { difficulty: 'asc' },
  { title: 'asc' },
  { id: 'asc' },
];

export class QuestCatalog {
  constructor(private readonly db: QuestsDb) {}

  async list(rawFilter: unknown, page: PageArgs) {
    const filter = parseInput(questFilter, rawFilter);
    const where: Prisma.QuestWhereInput = {
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.difficulty ? { difficulty: filter.difficulty } : {}),
    };
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.quest.findMany({ where, orderBy: CATALOG_ORDER, ...prisma });
    return toConnection(rows, size, () => this.db.quest.count({ where }));
  }

  async find(rawKey: unknown): Promise<Quest> {
    const key = parseInput(questKey, rawKey);
    const quest = key.id
      ? await this.db.quest.findUnique({ where: { id: key.id } })
      : await this.db.quest.findUnique({ where: { slug: key.slug! } });
    if (!quest) throw notFound('Quest', (key.id ?? key.slug)!);
    return quest;
  }

  async categories(): Promise<string[]> {
    const rows = await this.db.quest.groupBy({ by: ['category'], orderBy: { category: 'asc' } });
    return rows.map((row) => row.category);
  }

  questsByIds(ids: readonly string[]): Promise<Quest[]> {
    return this.db.quest.findMany({ where: { id: { in: [...ids] } } });
  }

  questsByCourses(courseIds: readonly string[]): Promise<Quest[]> {
    return this.db.quest.findMany({ where: { courseId: { in: [...courseIds] } }, orderBy: CATALOG_ORDER });
  }

  stepsByQuests(questIds: readonly string[]): Promise<QuestStep[]> {
    return this.db.questStep.findMany({
      where: { questId: { in: [...questIds] } },
      orderBy: [{ questId: 'asc' }, { position: 'asc' }],
    });
  }
}
