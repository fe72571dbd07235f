/**
 * Learners play quests: a run starts (QUEST_STARTED), collects answers step by step, and completes
 * when its last unsolved step is solved (QUEST_COMPLETED, with the score and the XP earned).
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { uuid7 } from '#platform/db/uuid7.ts';
import { badInput, conflict, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { liveDeclarationIn, mayFollow } from '#platform/graphql/live.ts';
import { parseInput } from '#platform/validation.ts';
import { checkAnswer } from '#libs/python-answers/answer-checker.ts';
import type { QuestsDb } from '../db.ts';
import type { QuestProgress, StepAnswer } from '../generated/prisma/client.ts';
import type { QuestCompletion } from '../models.ts';
import { answerInput, runId, STORED_ANSWER_LENGTH } from './inputs.ts';
import type { QuestCache } from './quest-cache.ts';
import { RunStatements } from './run-statements.ts';
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

/** Answers to one run racing each other: each loser is judged again, up to this many times in all. */
const MAX_ANSWER_ATTEMPTS = 10;

export class QuestRuns {
  private readonly statements: RunStatements;

  constructor(
    private readonly db: QuestsDb,
    private readonly events: SubgraphEvents,
    private readonly quests: QuestCache,
    schema: string,
  ) {
    this.statements = new RunStatements(db, schema);
  }

  /** The viewer's run in progress of the quest, or a new one (with QUEST_STARTED, in one statement). */
  async start(viewer: Viewer, rawQuestId: unknown): Promise<QuestProgress> {
    const questId = parseInput(runId, rawQuestId);
    const quest = await this.quests.get(questId);
    if (!quest) throw notFound('Quest', questId);
    const activeKey = activeKeyOf(viewer.userId, quest.id);
    const id = uuid7();
    const event = this.events.envelope('QUEST_STARTED', {
      progressId: id,
      userId: viewer.userId,
      questId: quest.id,
      questSlug: quest.slug,
    });
    const outcome = await this.statements.start(
      { id, questId: quest.id, userId: viewer.userId, activeKey, startedAt: new Date() },
      event,
    );
    // The same learner starting twice at once: the other request's run, committed since.
    if (!outcome) return this.db.questProgress.findUniqueOrThrow({ where: { activeKey } });
    if (outcome.started) this.events.committed([event]);
    return outcome.run;
  }

  /**
   * Checks and records an answer. The run is read once (with its answers); the answer is written
   * only if no other answer was recorded meanwhile, else judged again on the run as it now is, so
   * each answer counts the ones before it and exactly one completes the run.
   */
  async submit(viewer: Viewer, raw: unknown): Promise<AnswerOutcome> {
    const input = parseInput(answerInput, raw);
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.tryAnswer(viewer, input);
      if (outcome) return outcome;
      if (attempt >= MAX_ANSWER_ATTEMPTS) throw conflict('This run is being answered from elsewhere; try again');
    }
  }

  /** Undefined when the run changed between its read and the write. */
  private async tryAnswer(
    viewer: Viewer,
    { progressId, stepId, answer }: { progressId: string; stepId: string; answer: string },
  ): Promise<AnswerOutcome | undefined> {
    const snapshot = await this.statements.read(progressId);
    // Someone else's run does not exist for the viewer.
    if (!snapshot || snapshot.run.userId !== viewer.userId) throw notFound('QuestProgress', progressId);
    const { run, answers } = snapshot;
    // The quest and its steps: the step answered, the steps left, the reward.
    const quest = (await this.quests.get(run.questId))!;
    const step = quest.steps.find((each) => each.id === stepId);
    if (!step) throw notFound('QuestStep', stepId);
    const solvedBefore = answers.some((earlier) => earlier.stepId === stepId && earlier.correct);
    // Retrying a solved step (a double click, a replayed request) changes nothing, even when that
    // answer completed the run.
    if (solvedBefore) return { correct: true, feedback: feedback.alreadySolved, hint: null, progress: run };
    if (run.status !== 'IN_PROGRESS') throw completedRun();

    const verdict = checkAnswer(step, answer);
    const recorded = {
      id: uuid7(),
      stepId,
      text: answer.slice(0, STORED_ANSWER_LENGTH),
      correct: verdict.correct,
      at: new Date(),
    };
    const states = stepStates(
      quest.steps.map((each) => each.id),
      [...answers, { stepId, correct: verdict.correct }],
    );
    const remaining = states.filter((state) => !state.solved).length;
    if (!verdict.correct || remaining) {
      const progress = await this.statements.answer(snapshot, recorded);
      if (!progress) return undefined;
      return verdict.correct
        ? { correct: true, feedback: feedback.correct(remaining), hint: null, progress }
        : { correct: false, feedback: feedback.wrong(verdict.problem), hint: step.hint, progress };
    }

    const firstCompletion = snapshot.completions === 0;
    const score = runScore(states);
    const xpAwarded = xpFor(quest.xpReward, score, firstCompletion);
    const event = this.events.envelope('QUEST_COMPLETED', {
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
    const completed = await this.statements.answer(snapshot, recorded, { score, xpAwarded, event });
    if (!completed) return undefined;
    this.events.committed([event]);
    return {
      correct: true,
      feedback: feedback.completed(score, xpAwarded, firstCompletion),
      hint: null,
      progress: completed,
    };
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
