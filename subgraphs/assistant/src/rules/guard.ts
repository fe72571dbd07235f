/**
 * The pedagogy guard's rules: while a learner has a quest run or a quiz attempt in progress on
 * what a question is about, answers are hints that go one step further each time (nudge, then the
 * concept, then a partial path) and never show code, inline code and the authors' hints' code included. The accepted answers are never indexed, so
 * no passage can hold them; leaving code out keeps an example from doing the work either.
 */
export const GUARD_STAGES = ['NUDGE', 'CONCEPT', 'PARTIAL'] as const;
export type GuardStage = (typeof GUARD_STAGES)[number];

/** The stage of the next hint, from the hints already given on that run. */
export const stageAfter = (hintsGiven: number): GuardStage =>
  GUARD_STAGES[Math.min(Math.max(hintsGiven, 0), GUARD_STAGES.length - 1)]!;

/** What the model is told for each stage (the {guard} placeholder of the templates). */
export const GUARD_INSTRUCTIONS: Record<GuardStage, string> = {
  NUDGE: 'a nudge: point to the passage to reread and ask a guiding question, no code',
  CONCEPT: 'the concept behind the step, explained on a different example in words, no code',
  PARTIAL: 'the first step of the approach in words, leaving the rest to the learner, no code',
};

/** Work in progress the guard knows of (a quest run, a quiz attempt). */
export interface ActiveWorkLike {
  source: string;
  subjectId: string;
  courseId: string | null;
  lessonId: string | null;
}

/** What the question is about: the context given, and the quests and lessons its passages come from. */
export interface QuestionScope {
  questId?: string | null;
  courseId?: string | null;
  lessonId?: string | null;
  citedQuestIds: string[];
  citedLessonIds: string[];
}

/** The work in progress the question touches, if any. */
export function guardedWork<W extends ActiveWorkLike>(active: W[], scope: QuestionScope): W | undefined {
  return active.find((work) => {
    if (work.source === 'QUEST') return work.subjectId === scope.questId || scope.citedQuestIds.includes(work.subjectId);
    // A quiz attempt covers its lesson, or its whole course when it is not about one lesson.
    if (work.lessonId) return work.lessonId === scope.lessonId || scope.citedLessonIds.includes(work.lessonId);
    return Boolean(work.courseId) && work.courseId === scope.courseId;
  });
}
