/**
 * Instructors and admins write quests; a quest is playable as soon as it is created, and announced
 * (QUEST_CREATED) with its public text only: the accepted answers never leave quests.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { conflict, isUniqueViolation } from '#platform/errors.ts';
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { QuestsDb } from '../db.ts';
import type { Quest, QuestStep } from '../generated/prisma/client.ts';
import { createQuestInput } from './inputs.ts';

export class QuestAuthoring {
  constructor(
    private readonly db: QuestsDb,
    private readonly events: SubgraphEvents,
  ) {}

  async createQuest(viewer: Viewer, raw: unknown): Promise<Quest> {
    const { steps, ...quest } = parseInput(createQuestInput, raw);
    try {
      return await this.events.transaction(this.db, async (tx) => {
        const created = await tx.quest.create({
          data: {
            ...quest,
            authorId: viewer.userId,
            steps: { create: steps.map((step, index) => ({ ...step, position: index + 1 })) },
          },
          include: { steps: { orderBy: { position: 'asc' } } },
        });
        await this.events.stage(tx, 'QUEST_CREATED', questCreatedPayload(created, created.steps));
        const { steps: _steps, ...row } = created;
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The slug "${quest.slug}" is taken`);
      throw error;
    }
  }
}

/** Built field by field, so a new column (an answer key) never slips into the event. */
export const questCreatedPayload = (quest: Quest, steps: QuestStep[]): EventPayload<'QUEST_CREATED'> => ({
  questId: quest.id,
  slug: quest.slug,
  title: quest.title,
  description: quest.description,
  category: quest.category,
  difficulty: quest.difficulty,
  courseId: quest.courseId,
  authorId: quest.authorId,
  steps: steps.map((step) => ({
    stepId: step.id,
    position: step.position,
    kind: step.kind,
    prompt: step.prompt,
    choices: step.choices,
    hint: step.hint,
  })),
});
