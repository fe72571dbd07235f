/** Instructors and admins write quests; a quest is playable as soon as it is created. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { conflict, isUniqueViolation } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import type { QuestsDb } from '../db.ts';
import type { Quest } from '../generated/prisma/client.ts';
import { createQuestInput } from './inputs.ts';

export class QuestAuthoring {
  constructor(private readonly db: QuestsDb) {}

  async createQuest(viewer: Viewer, raw: unknown): Promise<Quest> {
    const { steps, ...quest } = parseInput(createQuestInput, raw);
    try {
      // A nested create is one transaction: the quest never exists without its steps.
      return await this.db.quest.create({
        data: {
          ...quest,
          authorId: viewer.userId,
          steps: { create: steps.map((step, index) => ({ ...step, position: index + 1 })) },
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The slug "${quest.slug}" is taken`);
      throw error;
    }
  }
}
