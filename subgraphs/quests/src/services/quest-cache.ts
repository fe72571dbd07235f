/**
 * Quests with their steps, kept by the process: nothing edits or deletes a quest once created
 * (createQuest is the only write), so a cached quest is never stale, in any replica. Learners'
 * runs read their quest on every start and answer; this saves those reads.
 */
import { LRUCache } from 'lru-cache';
import type { QuestsDb } from '../db.ts';
import type { Quest, QuestStep } from '../generated/prisma/client.ts';

export type QuestWithSteps = Quest & { steps: QuestStep[] };

export class QuestCache {
  private readonly quests = new LRUCache<string, QuestWithSteps>({ max: 2_000 });

  constructor(private readonly db: QuestsDb) {}

  /** The quest and its steps in position order; null when there is no such quest (not cached). */
  async get(id: string): Promise<QuestWithSteps | null> {
    const cached = this.quests.get(id);
    if (cached) return cached;
    const quest = await this.db.quest.findUnique({ where: { id }, include: { steps: { orderBy: { position: 'asc' } } } });
    if (quest) this.quests.set(id, quest);
    return quest;
  }
}
