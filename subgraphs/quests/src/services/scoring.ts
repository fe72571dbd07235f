/** How a run is scored and what the learner is told: pure functions, unit-tested. */

export interface RecordedAnswer {
  stepId: string;
  correct: boolean;
}

export interface StepState {
  stepId: string;
  /** Answers given to the step (none are recorded once it is solved). */
  attempts: number;
  solved: boolean;
}

/** The state of each step (in the order given) from a run's answers. */
export function stepStates(stepIds: readonly string[], answers: readonly RecordedAnswer[]): StepState[] {
  const states = new Map(stepIds.map((stepId) => [stepId, { stepId, attempts: 0, solved: false }]));
  for (const answer of answers) {
    const state = states.get(answer.stepId);
    if (!state || state.solved) continue;
    state.attempts += 1;
    state.solved = answer.correct;
  }
  return [...states.values()];
}

/** 100 for a step solved on the first try, 60 on the second, 30 after. */
export const stepPoints = (attempts: number): number => (attempts <= 1 ? 100 : attempts === 2 ? 60 : 30);

/** 0-100: the rounded mean of the steps' points. */
export function runScore(states: readonly StepState[]): number {
  if (!states.length) return 0;
  return Math.round(states.reduce((sum, state) => sum + stepPoints(state.attempts), 0) / states.length);
}

/** XP of a completion: proportional to the score for the first completion (at least 1), none after. */
export const xpFor = (xpReward: number, score: number, firstCompletion: boolean): number =>
  firstCompletion ? Math.max(1, Math.round((xpReward * score) / 100)) : 0;

export const feedback = {
  correct: (remaining: number) => `Correct! ${remaining} step${remaining === 1 ? '' : 's'} to go.`,
  alreadySolved: 'You already solved this step: nothing was recorded.',
  wrong: (problem?: string) => (problem ? `Not quite, try again. ${problem}` : 'Not quite, try again.'),
  completed: (score: number, xpAwarded: number, firstCompletion: boolean) =>
    `Quest complete: ${score}/100, +${xpAwarded} XP${firstCompletion ? '' : ' (XP is earned on the first completion only)'}`,
};
