/**
 * Learners play quests: a run starts (QUEST_STARTED), collects answers step by step, and completes
 * when its last unsolved step is solved (QUEST_COMPLETED, with the score and the XP earned).
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { badInput, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { liveDeclarationIn, mayFollow } from '#platform/graphql/live.ts';
import { parseInput } from '#platform/validation.ts';
import { checkAnswer } from '#libs/python-answers/answer-checker.ts';
import type { QuestsDb, QuestsTx } from '../db.ts';
import type { QuestProgress, StepAnswer } from '../generated/prisma/client.ts';
import type { QuestCompletion } from '../models.ts';
import { answerInput, runId, STORED_ANSWER_LENGTH } from './inputs.ts';
import { feedback, runScore, stepStates, xpFor } from './scoring.ts';

export interface AnswerOutcome {
  correct: boolean;
  feedback: string;
  hint: string | null;
  progress: QuestProgress;
}

const activeKeyOf = (userId: string, questId: string) => `${userId}:${questId}`;
const completedRun = () => badInput('This run of the quest is completed: start the quest again to replay it');
/**
 * The gateway answers each QUEST_COMPLETED pushed to a `questCompleted` subscriber with the
 * `questCompletion` query, with the subscriber's token: that query admits whom the subscription
 * admits, by the one rule schema.graphql declares for both (its learner, and the roles it names).
 */
const questCompleted = liveDeclarationIn(new URL('../../schema.graphql', import.meta.url), 'questCompleted');

export class QuestRuns {
  constructor(
    private readonly db: QuestsDb,
    private readonly events: SubgraphEvents,
  ) {}

  /** The viewer's run in progress of the quest, or a new one. */
  async start(viewer: Viewer, rawQuestId: unknown): Promise<QuestProgress> {
    const questId = parseInput(runId, rawQuestId);
    const quest = await this.db.quest.findUnique({ where: { id: questId } });
    if (!quest) throw notFound('Quest', questId);
    const activeKey = activeKeyOf(viewer.userId, quest.id);
    const running = await this.db.questProgress.findUnique({ where: { activeKey } });
    if (running) return running;
    try {
      return await this.events.transaction(this.db, async (tx) => {
        const run = await tx.questProgress.create({ data: { questId: quest.id, userId: viewer.userId, activeKey } });
        await this.events.stage(tx, 'QUEST_STARTED', {
          progressId: run.id,
          userId: viewer.userId,
          questId: quest.id,
          questSlug: quest.slug,
        });
        return run;
      });
    } catch (error) {
      // The same learner starting twice at once: the unique activeKey let the other request win.
      if (isUniqueViolation(error)) return this.db.questProgress.findUniqueOrThrow({ where: { activeKey } });
      throw error;
    }
  }

  async submit(viewer: Viewer, raw: unknown): Promise<AnswerOutcome> {
    const { progressId, stepId, answer } = parseInput(answerInput, raw);
    const run = await this.db.questProgress.findUnique({ where: { id: progressId } });
    // Someone else's run does not exist for the viewer.
    if (!run || run.userId !== viewer.userId) throw notFound('QuestProgress', progressId);
    // The quest and its steps, read once: the step answered, the steps left, the reward.
    const quest = await this.db.quest.findUniqueOrThrow({
      where: { id: run.questId },
      include: { steps: { orderBy: { position: 'asc' } } },
    });
    const step = quest.steps.find((each) => each.id === stepId);
    if (!step) throw notFound('QuestStep', stepId);
    if (run.status !== 'IN_PROGRESS') {
      // Retrying a solved step (a double click, a replayed request) changes nothing, even when
      // that answer completed the run.
      if (await this.solved(this.db, progressId, stepId)) {
        return { correct: true, feedback: feedback.alreadySolved, hint: null, progress: run };
      }
      throw completedRun();
    }
    const verdict = checkAnswer(step, answer);

    return this.events.transaction(this.db, async (tx): Promise<AnswerOutcome> => {
      // Touching the run locks its row until commit: concurrent answers to one run queue here, so
      // each sees the answers committed before it and exactly one completes the run.
      const lastAnswerAt = new Date();
      const locked = await tx.questProgress.updateMany({
        where: { id: progressId, status: 'IN_PROGRESS' },
        data: { lastAnswerAt },
      });
      if (locked.count === 0) {
        // Completed meanwhile: by this very answer sent twice at once, or by another step.
        if (!(await this.solved(tx, progressId, stepId))) throw completedRun();
        const completed = await tx.questProgress.findUniqueOrThrow({ where: { id: progressId } });
        return { correct: true, feedback: feedback.alreadySolved, hint: null, progress: completed };
      }
      const current = { ...run, lastAnswerAt };
      const answers = await tx.stepAnswer.findMany({
        where: { progressId },
        select: { stepId: true, correct: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      if (answers.some((earlier) => earlier.stepId === stepId && earlier.correct)) {
        return { correct: true, feedback: feedback.alreadySolved, hint: null, progress: current };
      }
      await tx.stepAnswer.create({
        data: { progressId, stepId, answer: answer.slice(0, STORED_ANSWER_LENGTH), correct: verdict.correct },
      });
      if (!verdict.correct)
        return { correct: false, feedback: feedback.wrong(verdict.problem), hint: step.hint, progress: current };

      const states = stepStates(
        quest.steps.map((each) => each.id),
        [...answers, { stepId, correct: true }],
      );
      const remaining = states.filter((state) => !state.solved).length;
      if (remaining) return { correct: true, feedback: feedback.correct(remaining), hint: null, progress: current };

      const earlier = await tx.questProgress.count({
        where: { userId: run.userId, questId: run.questId, status: 'COMPLETED' },
      });
      const firstCompletion = earlier === 0;
      const score = runScore(states);
      const xpAwarded = xpFor(quest.xpReward, score, firstCompletion);
      const completed = await tx.questProgress.update({
        where: { id: progressId },
        data: { status: 'COMPLETED', score, xpAwarded, completedAt: lastAnswerAt, activeKey: null },
      });
      await this.events.stage(tx, 'QUEST_COMPLETED', {
        progressId,
        userId: run.userId,
        questId: quest.id,
        questSlug: quest.slug,
        questTitle: quest.title,
        score,
        xpAwarded,
        firstCompletion,
        courseId: quest.courseId,
      });
      return {
        correct: true,
        feedback: feedback.completed(score, xpAwarded, firstCompletion),
        hint: null,
        progress: completed,
      };
    });
  }

  private async solved(db: QuestsDb | QuestsTx, progressId: string, stepId: string): Promise<boolean> {
    const answer = await db.stepAnswer.findFirst({ where: { progressId, stepId, correct: true }, select: { id: true } });
    return answer !== null;
  }

  /** A run, for its learner and admins; NOT_FOUND for anyone else. */
  async find(viewer: Viewer, rawId: unknown): Promise<QuestProgress> {
    const id = parseInput(runId, rawId);
    const run = await this.db.questProgress.findUnique({ where: { id } });
    if (!run || (run.userId !== viewer.userId && !hasRole(viewer, 'ADMIN'))) throw notFound('QuestProgress', id);
    return run;
  }

  /** A completed run, for whoever may follow its learner's completions (see `questCompleted` above). */
  async completion(viewer: Viewer, rawId: unknown): Promise<QuestCompletion> {
    const id = parseInput(runId, rawId);
    const run = await this.db.questProgress.findUnique({ where: { id } });
    const allowed = run !== null && mayFollow(questCompleted, viewer, run.userId);
    if (!run || !allowed || run.status !== 'COMPLETED' || run.score === null || run.xpAwarded === null || !run.completedAt) {
      throw notFound('QuestCompletion', id);
    }
    return {
      progressId: run.id,
      questId: run.questId,
      userId: run.userId,
      score: run.score,
      xpAwarded: run.xpAwarded,
      completedAt: run.completedAt,
    };
  }

  /** Newest first. */
  byUsers(userIds: readonly string[]): Promise<QuestProgress[]> {
    return this.db.questProgress.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** The latest run for each "userId:questId" key (the viewer's progress in each listed quest). */
  async latestByUserAndQuest(keys: readonly string[]): Promise<Array<QuestProgress | null>> {
    const pairs = keys.map((key) => key.split(':') as [string, string]);
    const rows = await this.db.questProgress.findMany({
      where: {
        userId: { in: [...new Set(pairs.map(([userId]) => userId))] },
        questId: { in: [...new Set(pairs.map(([, questId]) => questId))] },
      },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    });
    const latest = new Map<string, QuestProgress>();
    for (const row of rows) {
      const key = activeKeyOf(row.userId, row.questId);
      if (!latest.has(key)) latest.set(key, row);
    }
    return keys.map((key) => latest.get(key) ?? null);
  }

  answersByRuns(progressIds: readonly string[]): Promise<Array<Pick<StepAnswer, 'progressId' | 'stepId' | 'correct'>>> {
    return this.db.stepAnswer.findMany({
      where: { progressId: { in: [...progressIds] } },
      select: { progressId: true, stepId: true, correct: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** Distinct quests each user has completed at least once. */
  async completedQuestCounts(userIds: readonly string[]): Promise<number[]> {
    const rows = await this.db.questProgress.groupBy({
      by: ['userId', 'questId'],
      where: { userId: { in: [...userIds] }, status: 'COMPLETED' },
    });
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
    return userIds.map((userId) => counts.get(userId) ?? 0);
  }
}
