/** Shared steps of the quest-loop tests: authoring a quest, playing it, admin and analyst sign-in. */
import type { TestStack, TestUser } from '#gateway/testing/stack.ts';
import { unique } from '#platform/testing/helpers.ts';

export const TEST_ADMIN = { email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' };

/** A two-step quest (a multiple choice, then code) the tests answer right the first time. */
export async function createQuest(platform: TestStack, token: string, options: { xpReward: number }): Promise<string> {
  const { createQuest: quest } = await platform.data<{ createQuest: { id: string } }>(
    `mutation Q($input: CreateQuestInput!) { createQuest(input: $input) { id } }`,
    {
      input: {
        slug: unique('loop_quest').replace(/-/g, '_'),
        title: 'Loop quest',
        description: 'Two quick questions.',
        category: 'python_basics',
        difficulty: 'BEGINNER',
        xpReward: options.xpReward,
        steps: [
          {
            prompt: 'Which keyword defines a function?',
            kind: 'MULTIPLE_CHOICE',
            choices: ['func', 'def', 'lambda'],
            acceptedAnswers: ['B'],
          },
          { prompt: 'Assign 25 to `age`.', kind: 'CODE', acceptedAnswers: ['age = 25'], hint: 'name = value' },
        ],
      },
    },
    token,
  );
  return quest.id;
}

/** Starts the quest and answers every step right; returns the completed run. */
export async function playQuest(platform: TestStack, token: string, questId: string) {
  const { startQuest } = await platform.data<{
    startQuest: { id: string; quest: { steps: Array<{ id: string; kind: string }> } };
  }>(`mutation S($id: ID!) { startQuest(questId: $id) { id quest { steps { id kind } } } }`, { id: questId }, token);
  let last: { status: string; score: number | null; xpAwarded: number | null } | undefined;
  for (const step of startQuest.quest.steps) {
    const { submitAnswer } = await platform.data<{
      submitAnswer: { correct: boolean; progress: { status: string; score: number | null; xpAwarded: number | null } };
    }>(
      `mutation A($p: ID!, $s: ID!, $a: String!) { submitAnswer(progressId: $p, stepId: $s, answer: $a) { correct progress { status score xpAwarded } } }`,
      { p: startQuest.id, s: step.id, a: step.kind === 'CODE' ? 'age=25' : 'def' },
      token,
    );
    if (!submitAnswer.correct) throw new Error(`step ${step.kind} was not accepted`);
    last = submitAnswer.progress;
  }
  return last!;
}

export async function signInAdmin(platform: TestStack): Promise<string> {
  const { login } = await platform.data<{ login: { accessToken: string } }>(
    `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
    {
      input: TEST_ADMIN,
    },
  );
  return login.accessToken;
}

/** Grants a role and returns the user's new access token carrying it. */
export async function grantRole(
  platform: TestStack,
  adminToken: string,
  user: TestUser,
  role: 'ANALYST' | 'ADMIN' | 'INSTRUCTOR',
): Promise<string> {
  await platform.data(
    `mutation G($id: ID!, $role: Role!) { grantRole(userId: $id, role: $role) { id } }`,
    { id: user.id, role },
    adminToken,
  );
  const { refreshSession } = await platform.data<{ refreshSession: { accessToken: string; refreshToken: string } }>(
    `mutation R($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`,
    { t: user.refreshToken },
  );
  user.refreshToken = refreshSession.refreshToken;
  return refreshSession.accessToken;
}
