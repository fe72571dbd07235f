/**
 * The quests subgraph through the gateway, on real Postgres and NATS: authoring, visibility of
 * the answers, playing a quest to completion with its score and XP, who may see which run, the
 * events it publishes, the catalog's pages, and batching.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

const ADMIN = { email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' };

let platform: TestStack;
let author: TestUser;
let student: TestUser;
let stranger: TestUser;
let adminToken: string;
/** Events as seen on the bus (payloads checked field by field, whatever the event). */
type SeenEvent = { name: string; source: string; payload: Record<string, unknown> };
const events: SeenEvent[] = [];
let stopListening: () => void;

const slug = (prefix: string) => unique(prefix).replace('-', '_');

const CREATE = `mutation Create($input: CreateQuestInput!) {
  createQuest(input: $input) { id slug category difficulty xpReward estimatedMinutes stepCount author { id }
    steps { id position kind prompt choices { label text } } }
}`;
const START = `mutation Start($questId: ID!) { startQuest(questId: $questId) { id status startedAt currentStep { position } } }`;
const SUBMIT = `mutation Submit($progressId: ID!, $stepId: ID!, $answer: String!) {
  submitAnswer(progressId: $progressId, stepId: $stepId, answer: $answer) {
    correct feedback hint
    progress { id status score xpAwarded completedAt currentStep { id position } steps { step { id } attempts solved } }
  }
}`;

interface CreatedQuest {
  id: string;
  slug: string;
  steps: Array<{ id: string; position: number; kind: string; prompt: string; choices: Array<{ label: string; text: string }> }>;
}
interface AnswerResult {
  correct: boolean;
  feedback: string;
  hint: string | null;
  progress: {
    id: string;
    status: string;
    score: number | null;
    xpAwarded: number | null;
    completedAt: string | null;
    currentStep: { id: string; position: number } | null;
    steps: Array<{ step: { id: string }; attempts: number; solved: boolean }>;
  };
}

/** Four steps, one of each kind: 80 points when two of them take a second try. */
const questInput = (overrides: Record<string, unknown> = {}) => ({
  slug: slug('python_types'),
  title: 'Python types, hands on',
  description: 'Tuples, assignment, `len` and `def`: four quick checks.',
  category: 'python_basics',
  difficulty: 'BEGINNER',
  xpReward: 80,
  estimatedMinutes: 8,
  steps: [
    {
      prompt: 'Which of these types is **immutable**?',
      kind: 'MULTIPLE_CHOICE',
      choices: ['list', 'tuple', 'dict', 'set'],
      acceptedAnswers: ['B'],
      hint: 'Think of `(1, 2)`: can you change its first item?',
    },
    { prompt: 'Store 25 in a variable named `age`.', kind: 'CODE', acceptedAnswers: ['age = 25'], hint: 'name = value' },
    {
      prompt: 'What does `len([1, [2, 3]])` return?',
      kind: 'NUMERIC',
      acceptedAnswers: ['2'],
      hint: 'The inner list counts as one item.',
    },
    { prompt: 'Which keyword defines a function?', kind: 'TEXT', acceptedAnswers: ['def'] },
  ],
  ...overrides,
});

const createQuest = async (input: Record<string, unknown>, token = author.accessToken) =>
  (await platform.data<{ createQuest: CreatedQuest }>(CREATE, { input }, token)).createQuest;
const start = async (questId: string, token: string) =>
  (
    await platform.data<{ startQuest: { id: string; status: string; currentStep: { position: number } | null } }>(
      START,
      { questId },
      token,
    )
  ).startQuest;
const submit = async (progressId: string, stepId: string, answer: string, token: string) =>
  (await platform.data<{ submitAnswer: AnswerResult }>(SUBMIT, { progressId, stepId, answer }, token)).submitAnswer;
const eventsNamed = (name: string) => events.filter((event) => event.name === name);

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses', 'quests'],
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  stopListening = platform.runtime.eventBus().listen((signal) => {
    if (signal.channel === 'event') events.push(signal.data as SeenEvent);
  });
  author = await platform.signUp('INSTRUCTOR', 'Quest Author');
  student = await platform.signUp('STUDENT', 'Quest Learner');
  stranger = await platform.signUp('STUDENT', 'Someone Else');
  const { login } = await platform.data<{ login: { accessToken: string } }>(
    `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
    { input: ADMIN },
  );
  adminToken = login.accessToken;
});
afterAll(async () => {
  stopListening?.();
  await platform?.close();
});

describe('authoring', () => {
  it('lets an instructor create a quest, labelled and ordered', async () => {
    const input = questInput();
    const quest = await platform.data<{ createQuest: Record<string, unknown> & CreatedQuest }>(
      CREATE,
      { input },
      author.accessToken,
    );
    expect(quest.createQuest).toMatchObject({
      slug: input.slug,
      category: 'python_basics',
      difficulty: 'BEGINNER',
      xpReward: 80,
      estimatedMinutes: 8,
      stepCount: 4,
      author: { id: author.id },
    });
    expect(quest.createQuest.steps.map((step) => [step.position, step.kind])).toEqual([
      [1, 'MULTIPLE_CHOICE'],
      [2, 'CODE'],
      [3, 'NUMERIC'],
      [4, 'TEXT'],
    ]);
    expect(quest.createQuest.steps[0]!.choices).toEqual([
      { label: 'A', text: 'list' },
      { label: 'B', text: 'tuple' },
      { label: 'C', text: 'dict' },
      { label: 'D', text: 'set' },
    ]);
    expect(quest.createQuest.steps[1]!.choices).toEqual([]);
    const bySlug = await platform.data<{ quest: { id: string; title: string } }>(
      `query Q($slug: String) { quest(slug: $slug) { id title } }`,
      { slug: input.slug },
    );
    expect(bySlug.quest).toEqual({ id: quest.createQuest.id, title: input.title });
  });

  it('announces a new quest with its prompts, choices and hints, never its accepted answers', async () => {
    const input = questInput({ courseId: 'course-of-the-quest' });
    const quest = await createQuest(input);
    const announced = await eventually(
      async () => eventsNamed('QUEST_CREATED').find((event) => event.payload.questId === quest.id),
      10_000,
      'QUEST_CREATED',
    );
    expect(announced.payload).toEqual({
      questId: quest.id,
      slug: input.slug,
      title: input.title,
      description: input.description,
      category: 'python_basics',
      difficulty: 'BEGINNER',
      courseId: 'course-of-the-quest',
      authorId: author.id,
      steps: quest.steps.map((step, index) => ({
        stepId: step.id,
        position: index + 1,
        kind: step.kind,
        prompt: input.steps[index]!.prompt,
        choices: step.choices.map((choice) => choice.text),
        hint: input.steps[index]!.hint ?? null,
      })),
    });
    // The accepted answers appear nowhere in the event (the prompts do not contain them either).
    const serialized = JSON.stringify(announced);
    for (const accepted of ['"B"', 'age = 25', '"2"', '"def"']) expect(serialized).not.toContain(accepted);
    // A refused quest (a slug taken) announces nothing.
    expect(errorCode(await platform.gql(CREATE, { input: { ...input } }, author.accessToken))).toBe('CONFLICT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventsNamed('QUEST_CREATED').filter((event) => event.payload.slug === input.slug)).toHaveLength(1);
  });

  it('keeps authoring to instructors and admins', async () => {
    expect(errorCode(await platform.gql(CREATE, { input: questInput() }, student.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(CREATE, { input: questInput() }))).toBe('UNAUTHENTICATED');
    const byAdmin = await platform.data<{ createQuest: { author: { id: string } } }>(CREATE, { input: questInput() }, adminToken);
    expect(byAdmin.createQuest.author.id).toBeTruthy();
  });

  it.each([
    ['a bad slug', { slug: 'Not A Slug' }, 'slug'],
    ['no steps', { steps: [] }, 'steps'],
    ['an XP reward out of range', { xpReward: 5000 }, 'xpReward'],
    [
      'a choice step without choices',
      { steps: [{ prompt: 'Pick', kind: 'MULTIPLE_CHOICE', acceptedAnswers: ['A'] }] },
      'steps.0.choices',
    ],
    [
      'an accepted answer that is not a choice',
      { steps: [{ prompt: 'Pick', kind: 'MULTIPLE_CHOICE', choices: ['x', 'y'], acceptedAnswers: ['z'] }] },
      'steps.0.acceptedAnswers.0',
    ],
    [
      'a NUMERIC answer that is no number',
      { steps: [{ prompt: 'How many?', kind: 'NUMERIC', acceptedAnswers: ['many'] }] },
      'steps.0.acceptedAnswers.0',
    ],
    [
      'CODE that does not parse',
      { steps: [{ prompt: 'Code', kind: 'CODE', acceptedAnswers: ['print("hi"'] }] },
      'steps.0.acceptedAnswers.0',
    ],
    [
      'an invalid pattern',
      { steps: [{ prompt: 'Code', kind: 'CODE', acceptedAnswers: ['re:(unclosed'] }] },
      'steps.0.acceptedAnswers.0',
    ],
    ['a 1 MB description', { description: 'x'.repeat(1_000_000) }, 'description'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, change, field) => {
    const result = await platform.gql(CREATE, { input: questInput(change) }, author.accessToken);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    const fields = result.errors?.[0]?.extensions?.fields as Array<{ field: string }>;
    expect(fields.map((problem) => problem.field)).toContain(field);
  });

  it('refuses a slug that is taken with CONFLICT', async () => {
    const input = questInput();
    await createQuest(input);
    const again = await platform.gql(CREATE, { input: { ...input, title: 'Another title' } }, author.accessToken);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain(input.slug);
  });
});

describe('what learners may see of a step', () => {
  const STEPS = `query Q($id: ID) { quest(id: $id) { steps { prompt acceptedAnswers hint } } }`;
  let questId: string;
  type Steps = { quest: { steps: Array<{ prompt: string; acceptedAnswers: string[] | null; hint: string | null }> } };

  beforeAll(async () => {
    questId = (await createQuest(questInput())).id;
  });

  it('hides accepted answers and hints from learners, other instructors and anonymous callers', async () => {
    for (const [token, code] of [
      [student.accessToken, 'FORBIDDEN'],
      [(await platform.signUp('INSTRUCTOR')).accessToken, 'FORBIDDEN'],
      [undefined, 'UNAUTHENTICATED'],
    ] as const) {
      const result = await platform.gql<Steps>(STEPS, { id: questId }, token);
      expect(result.data?.quest.steps.map((step) => step.prompt)).toHaveLength(4);
      expect(result.data?.quest.steps.every((step) => step.acceptedAnswers === null && step.hint === null)).toBe(true);
      expect(result.errors?.length).toBe(8);
      expect(new Set(result.errors?.map((error) => error.extensions?.code))).toEqual(new Set([code]));
      expect(result.errors?.map((error) => error.path?.at(-1))).toEqual(expect.arrayContaining(['acceptedAnswers', 'hint']));
    }
  });

  it('shows them to the author and to admins', async () => {
    for (const token of [author.accessToken, adminToken]) {
      const { quest } = await platform.data<Steps>(STEPS, { id: questId }, token);
      expect(quest.steps.map((step) => step.acceptedAnswers)).toEqual([['B'], ['age = 25'], ['2'], ['def']]);
      expect(quest.steps[0]!.hint).toBe('Think of `(1, 2)`: can you change its first item?');
      expect(quest.steps[3]!.hint).toBeNull();
    }
  });
});

describe('playing a quest', () => {
  let quest: CreatedQuest;
  let runId: string;
  let completionAtEvent: Promise<unknown> | undefined;
  const step = (position: number) => quest.steps[position - 1]!.id;

  beforeAll(async () => {
    quest = await createQuest(questInput());
  });

  it('starts a run once: starting again returns the run in progress', async () => {
    const first = await start(quest.id, student.accessToken);
    expect(first).toMatchObject({ status: 'IN_PROGRESS', currentStep: { position: 1 } });
    const again = await start(quest.id, student.accessToken);
    expect(again.id).toBe(first.id);
    runId = first.id;
    const started = await eventually(
      async () => eventsNamed('QUEST_STARTED').find((event) => event.payload.progressId === runId),
      10_000,
      'QUEST_STARTED',
    );
    expect(started.payload).toEqual({ progressId: runId, userId: student.id, questId: quest.id, questSlug: quest.slug });
    expect(started.source).toBe('quests');
    expect(eventsNamed('QUEST_STARTED').filter((event) => event.payload.progressId === runId)).toHaveLength(1);
  });

  it('answers a wrong answer with the hint, and counts it', async () => {
    const result = await submit(runId, step(1), 'A', student.accessToken);
    expect(result).toMatchObject({
      correct: false,
      feedback: 'Not quite, try again.',
      hint: 'Think of `(1, 2)`: can you change its first item?',
      progress: { status: 'IN_PROGRESS', score: null, currentStep: { position: 1 } },
    });
    expect(result.progress.steps[0]).toEqual({ step: { id: step(1) }, attempts: 1, solved: false });
  });

  it('accepts the right answer in any accepted form, without a hint', async () => {
    const result = await submit(runId, step(1), ' Tuple ', student.accessToken);
    expect(result).toMatchObject({ correct: true, feedback: 'Correct! 3 steps to go.', hint: null });
    expect(result.progress.steps[0]).toEqual({ step: { id: step(1) }, attempts: 2, solved: true });
    expect(result.progress.currentStep?.position).toBe(2);

    const code = await submit(runId, step(2), 'age  =25   # years', student.accessToken);
    expect(code).toMatchObject({ correct: true, feedback: 'Correct! 2 steps to go.' });
  });

  it('explains an answer it cannot read, and counts it as a try', async () => {
    const result = await submit(runId, step(3), 'two', student.accessToken);
    expect(result).toMatchObject({
      correct: false,
      feedback: 'Not quite, try again. Answer with a number, e.g. 42 or 3.5.',
      hint: 'The inner list counts as one item.',
    });
    expect(result.progress.steps[2]!.attempts).toBe(1);
  });

  it('refuses blank and oversized answers before recording anything', async () => {
    expect(
      errorCode(await platform.gql(SUBMIT, { progressId: runId, stepId: step(3), answer: '   ' }, student.accessToken)),
    ).toBe('BAD_USER_INPUT');
    const huge = await platform.gql(
      SUBMIT,
      { progressId: runId, stepId: step(3), answer: 'x'.repeat(1024 * 1024) },
      student.accessToken,
    );
    expect(huge.status).toBe(200);
    expect(errorCode(huge)).toBe('BAD_USER_INPUT');
    const { questProgress } = await platform.data<{ questProgress: { steps: Array<{ attempts: number }> } }>(
      `query P($id: ID!) { questProgress(id: $id) { steps { attempts } } }`,
      { id: runId },
      student.accessToken,
    );
    expect(questProgress.steps.map((each) => each.attempts)).toEqual([2, 1, 1, 0]);
  });

  it('keeps a solved step solved: retrying it records nothing', async () => {
    const retry = await submit(runId, step(1), 'D', student.accessToken);
    expect(retry).toMatchObject({ correct: true, hint: null });
    expect(retry.progress.steps[0]).toEqual({ step: { id: step(1) }, attempts: 2, solved: true });
  });

  it('refuses a step of another quest and a run that is not yours with NOT_FOUND', async () => {
    const other = await createQuest(questInput());
    expect(
      errorCode(await platform.gql(SUBMIT, { progressId: runId, stepId: other.steps[0]!.id, answer: 'B' }, student.accessToken)),
    ).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(SUBMIT, { progressId: runId, stepId: step(3), answer: '2' }, stranger.accessToken))).toBe(
      'NOT_FOUND',
    );
    const read = await platform.gql(`query P($id: ID!) { questProgress(id: $id) { id } }`, { id: runId }, stranger.accessToken);
    expect(errorCode(read)).toBe('NOT_FOUND');
    const asAdmin = await platform.data<{ questProgress: { id: string; user: { id: string } } }>(
      `query P($id: ID!) { questProgress(id: $id) { id user { id } } }`,
      { id: runId },
      adminToken,
    );
    expect(asAdmin.questProgress).toEqual({ id: runId, user: { id: student.id } });
    // The stranger's failed attempt left no trace in the learner's run.
    const { questProgress } = await platform.data<{ questProgress: { steps: Array<{ attempts: number }> } }>(
      `query P($id: ID!) { questProgress(id: $id) { steps { attempts } } }`,
      { id: runId },
      student.accessToken,
    );
    expect(questProgress.steps.map((each) => each.attempts)).toEqual([2, 1, 1, 0]);
  });

  it('completes on the last step with the score and XP, and announces it', async () => {
    // Do what the gateway does for `questCompleted` subscribers: read the completion as soon as the event passes.
    const stop = platform.runtime.eventBus().listen((signal) => {
      const event = signal.data as SeenEvent;
      if (signal.channel === 'event' && event.name === 'QUEST_COMPLETED' && event.payload.progressId === runId) {
        completionAtEvent = platform.gql(
          `query C($id: ID!) { questCompletion(progressId: $id) { progressId score xpAwarded user { id } quest { slug } } }`,
          { id: runId },
          student.accessToken,
        );
      }
    });
    try {
      expect((await submit(runId, step(3), '2.0', student.accessToken)).correct).toBe(true);
      const done = await submit(runId, step(4), 'DEF.', student.accessToken);
      // Steps: 2 tries (60), 1 (100), 2 (60), 1 (100): 320 / 4 = 80; 80 XP × 80% = 64.
      expect(done).toMatchObject({
        correct: true,
        feedback: 'Quest complete: 80/100, +64 XP',
        hint: null,
        progress: { id: runId, status: 'COMPLETED', score: 80, xpAwarded: 64, currentStep: null },
      });
      expect(Date.parse(done.progress.completedAt!)).not.toBeNaN();
      expect(done.progress.steps.every((each) => each.solved)).toBe(true);

      const completed = await eventually(
        async () => eventsNamed('QUEST_COMPLETED').find((event) => event.payload.progressId === runId),
        10_000,
        'QUEST_COMPLETED',
      );
      expect(completed.payload).toEqual({
        progressId: runId,
        userId: student.id,
        questId: quest.id,
        questSlug: quest.slug,
        questTitle: 'Python types, hands on',
        score: 80,
        xpAwarded: 64,
        firstCompletion: true,
        courseId: null,
      });
      await eventually(async () => completionAtEvent, 5_000, 'the completion read at the event');
      expect(await completionAtEvent).toMatchObject({
        data: {
          questCompletion: { progressId: runId, score: 80, xpAwarded: 64, user: { id: student.id }, quest: { slug: quest.slug } },
        },
      });
    } finally {
      stop();
    }
  });

  it('answers a repeated last answer (a double click) as solved, without completing the run twice', async () => {
    const before = eventsNamed('QUEST_COMPLETED').filter((event) => event.payload.progressId === runId).length;
    const result = await platform.gql<{ submitAnswer: { correct: boolean; progress: { status: string; score: number } } }>(
      SUBMIT,
      { progressId: runId, stepId: step(1), answer: 'B' },
      student.accessToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.submitAnswer).toMatchObject({ correct: true, progress: { status: 'COMPLETED', score: 80 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventsNamed('QUEST_COMPLETED').filter((event) => event.payload.progressId === runId)).toHaveLength(before);
  });

  it('replays in a new run, which earns no XP', async () => {
    const replay = await start(quest.id, student.accessToken);
    expect(replay.id).not.toBe(runId);
    expect(replay.status).toBe('IN_PROGRESS');
    for (const [position, answer] of [
      [1, 'b)'],
      [2, 'age = 25'],
      [3, '2'],
    ] as const) {
      expect((await submit(replay.id, step(position), answer, student.accessToken)).correct).toBe(true);
    }
    const done = await submit(replay.id, step(4), '"def"', student.accessToken);
    expect(done).toMatchObject({
      feedback: 'Quest complete: 100/100, +0 XP (XP is earned on the first completion only)',
      progress: { status: 'COMPLETED', score: 100, xpAwarded: 0 },
    });
    const completed = await eventually(
      async () => eventsNamed('QUEST_COMPLETED').find((event) => event.payload.progressId === replay.id),
      10_000,
      'second QUEST_COMPLETED',
    );
    expect(completed.payload).toMatchObject({ score: 100, xpAwarded: 0, firstCompletion: false });
  });

  it("shows the learner's runs to themself (newest first) and their latest run on the quest", async () => {
    const mine = await platform.data<{
      me: { questsCompleted: number; questProgress: Array<{ status: string; score: number; quest: { id: string } }> };
      quest: { viewerProgress: { status: string; score: number } };
    }>(
      `query Mine($id: ID) { me { questsCompleted questProgress(status: COMPLETED) { status score quest { id } } }
        quest(id: $id) { viewerProgress { status score } } }`,
      { id: quest.id },
      student.accessToken,
    );
    expect(mine.me.questProgress.filter((run) => run.quest.id === quest.id).map((run) => run.score)).toEqual([100, 80]);
    expect(mine.me.questsCompleted).toBe(1);
    expect(mine.quest.viewerProgress).toEqual({ status: 'COMPLETED', score: 100 });

    // Runs are private: a stranger gets null and FORBIDDEN for them, the rest of the user stays; the count is public.
    const USER = `query U($id: ID!) { user(id: $id) { id questProgress { id } } }`;
    const other = await platform.gql<{ user: { id: string; questProgress: null } }>(
      USER,
      { id: student.id },
      stranger.accessToken,
    );
    expect(errorCode(other)).toBe('FORBIDDEN');
    expect(other.data?.user).toEqual({ id: student.id, questProgress: null });
    const asAdmin = await platform.data<{ user: { questProgress: unknown[] } }>(USER, { id: student.id }, adminToken);
    expect(asAdmin.user.questProgress).toHaveLength(2);
    const count = await platform.data<{ user: { questsCompleted: number } }>(
      `query U($id: ID!) { user(id: $id) { questsCompleted } }`,
      { id: student.id },
      stranger.accessToken,
    );
    expect(count.user.questsCompleted).toBe(1);
    const anonymous = await platform.data<{ quest: { viewerProgress: null } }>(
      `query Q($id: ID) { quest(id: $id) { viewerProgress { id } } }`,
      {
        id: quest.id,
      },
    );
    expect(anonymous.quest.viewerProgress).toBeNull();
  });

  it('shows a completion to its learner, admins and analysts only', async () => {
    const QUERY = `query C($id: ID!) { questCompletion(progressId: $id) { progressId score xpAwarded completedAt user { id } quest { id } } }`;
    const own = await platform.data<{ questCompletion: Record<string, unknown> }>(QUERY, { id: runId }, student.accessToken);
    expect(own.questCompletion).toMatchObject({
      progressId: runId,
      score: 80,
      xpAwarded: 64,
      user: { id: student.id },
      quest: { id: quest.id },
    });
    expect(errorCode(await platform.gql(QUERY, { id: runId }, stranger.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(QUERY, { id: runId }))).toBe('UNAUTHENTICATED');
    expect(
      (await platform.data<{ questCompletion: { score: number } }>(QUERY, { id: runId }, adminToken)).questCompletion.score,
    ).toBe(80);

    const analyst = await platform.signUp('STUDENT', 'Ana Lyst');
    expect(errorCode(await platform.gql(QUERY, { id: runId }, analyst.accessToken))).toBe('NOT_FOUND');
    await platform.data(
      `mutation G($id: ID!) { grantRole(userId: $id, role: ANALYST) { roles } }`,
      { id: analyst.id },
      adminToken,
    );
    const { refreshSession } = await platform.data<{ refreshSession: { accessToken: string } }>(
      `mutation R($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`,
      { token: analyst.refreshToken },
    );
    const seen = await platform.data<{ questCompletion: { score: number; user: { id: string } } }>(
      QUERY,
      { id: runId },
      refreshSession.accessToken,
    );
    expect(seen.questCompletion).toMatchObject({ score: 80, user: { id: student.id } });

    // A run still in progress has no completion, even for its learner.
    const running = await start(quest.id, stranger.accessToken);
    expect(errorCode(await platform.gql(QUERY, { id: running.id }, stranger.accessToken))).toBe('NOT_FOUND');
  });

  it('keeps one run in progress per learner when starts race', async () => {
    const racer = await platform.signUp();
    const runs = await Promise.all(Array.from({ length: 5 }, () => start(quest.id, racer.accessToken)));
    expect(new Set(runs.map((run) => run.id)).size).toBe(1);
    await eventually(async () =>
      eventsNamed('QUEST_STARTED').some((event) => event.payload.userId === racer.id) ? true : undefined,
    );
    expect(eventsNamed('QUEST_STARTED').filter((event) => event.payload.userId === racer.id)).toHaveLength(1);
  });

  it('completes a run exactly once when its last steps are answered at the same time', async () => {
    const racer = await platform.signUp();
    const run = await start(quest.id, racer.accessToken);
    await submit(run.id, step(1), 'B', racer.accessToken);
    await submit(run.id, step(2), 'age = 25', racer.accessToken);
    const results = await Promise.all([
      submit(run.id, step(3), '2', racer.accessToken),
      submit(run.id, step(4), 'def', racer.accessToken),
    ]);
    expect(results.every((result) => result.correct)).toBe(true);
    expect(results.filter((result) => result.feedback.startsWith('Quest complete')).map((result) => result.feedback)).toEqual([
      'Quest complete: 100/100, +80 XP',
    ]);
    await eventually(async () =>
      eventsNamed('QUEST_COMPLETED').some((event) => event.payload.progressId === run.id) ? true : undefined,
    );
    expect(eventsNamed('QUEST_COMPLETED').filter((event) => event.payload.progressId === run.id)).toHaveLength(1);
  });
});

describe('quests of a course', () => {
  it('links a quest to a course, both ways through the gateway', async () => {
    const { createCourse } = await platform.data<{ createCourse: { id: string; slug: string } }>(
      `mutation { createCourse(input: { title: "Python for quests", description: "A course with quests.", level: BEGINNER }) { id slug } }`,
      {},
      author.accessToken,
    );
    const { addModule } = await platform.data<{ addModule: { id: string } }>(
      `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Basics" }) { id } }`,
      { id: createCourse.id },
      author.accessToken,
    );
    await platform.data(
      `mutation L($id: ID!) { addLesson(moduleId: $id, input: { title: "Variables", content: "x = 1", durationMinutes: 5 }) { id } }`,
      { id: addModule.id },
      author.accessToken,
    );
    await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: createCourse.id }, author.accessToken);
    const linked = await createQuest(questInput({ courseId: createCourse.id }));

    const { quest } = await platform.data<{ quest: { course: { id: string; title: string } } }>(
      `query Q($id: ID) { quest(id: $id) { course { id title } } }`,
      { id: linked.id },
    );
    expect(quest.course).toEqual({ id: createCourse.id, title: 'Python for quests' });
    const { course } = await platform.data<{ course: { quests: Array<{ slug: string }> } }>(
      `query C($slug: String) { course(slug: $slug) { quests { slug } } }`,
      { slug: createCourse.slug },
    );
    expect(course.quests).toEqual([{ slug: linked.slug }]);

    const runId = (await start(linked.id, student.accessToken)).id;
    for (const [index, answer] of ['B', 'age = 25', '2', 'def'].entries())
      await submit(runId, linked.steps[index]!.id, answer, student.accessToken);
    const completed = await eventually(async () =>
      eventsNamed('QUEST_COMPLETED').find((event) => event.payload.progressId === runId),
    );
    expect(completed.payload).toMatchObject({ courseId: createCourse.id, xpAwarded: 80, firstCompletion: true });
  });
});

describe('the catalog', () => {
  const category = slug('cat');
  type Page = {
    quests: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{ cursor: string; node: { slug: string; difficulty: string; title: string } }>;
    };
  };
  const PAGE = `query Page($category: String, $difficulty: QuestDifficulty, $first: Int, $after: String) {
    quests(category: $category, difficulty: $difficulty, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug difficulty title } } } }`;

  beforeAll(async () => {
    // Created out of order: the catalog sorts by difficulty, then title (then id).
    for (const [difficulty, title] of [
      ['ADVANCED', 'alpha'],
      ['BEGINNER', 'delta'],
      ['INTERMEDIATE', 'bravo'],
      ['BEGINNER', 'charlie'],
      ['BEGINNER', 'charlie'],
      ['ADVANCED', 'echo'],
    ]) {
      await createQuest(questInput({ category, difficulty, title }));
    }
  });

  it('pages through a category in catalog order, with cursors', async () => {
    const seen: Array<{ difficulty: string; title: string }> = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { quests }: Page = await platform.data<Page>(PAGE, { category, first: 2, after });
      expect(quests.totalCount).toBe(6);
      expect(quests.edges.length).toBeLessThanOrEqual(2);
      seen.push(...quests.edges.map((edge) => ({ difficulty: edge.node.difficulty, title: edge.node.title })));
      after = quests.pageInfo.hasNextPage ? quests.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      { difficulty: 'BEGINNER', title: 'charlie' },
      { difficulty: 'BEGINNER', title: 'charlie' },
      { difficulty: 'BEGINNER', title: 'delta' },
      { difficulty: 'INTERMEDIATE', title: 'bravo' },
      { difficulty: 'ADVANCED', title: 'alpha' },
      { difficulty: 'ADVANCED', title: 'echo' },
    ]);
  });

  it('filters by difficulty and lists the categories', async () => {
    const { quests } = await platform.data<Page>(PAGE, { category, difficulty: 'ADVANCED' });
    expect(quests.totalCount).toBe(2);
    expect(quests.edges.map((edge) => edge.node.title)).toEqual(['alpha', 'echo']);
    const { questCategories } = await platform.data<{ questCategories: string[] }>(`{ questCategories }`);
    expect(questCategories).toContain(category);
    expect(questCategories).toContain('python_basics');
    expect(questCategories).toEqual([...new Set(questCategories)].sort());
  });

  it('refuses bad page arguments and lookups', async () => {
    expect(errorCode(await platform.gql(PAGE, { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(PAGE, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(PAGE, { after: 'garbage' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(`{ quest { id } }`))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(`{ quest(id: "nope", slug: "nope") { id } }`))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(`{ quest(slug: "no_such_quest") { id } }`))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(`mutation { startQuest(questId: "nope") { id } }`, {}, student.accessToken))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('batching', () => {
  const QUERY = `query Catalog($first: Int) {
    quests(first: $first) { edges { node { title stepCount author { id } course { id } steps { prompt choices { label } } viewerProgress { id } } } }
  }`;

  beforeAll(async () => {
    const { quests } = await platform.data<{ quests: { totalCount: number } }>(`{ quests { totalCount } }`);
    for (let index = quests.totalCount; index < 21; index += 1) await createQuest(questInput());
  });

  async function statementsFor(first: number) {
    const before = platform.statements();
    const { quests } = await platform.data<{ quests: { edges: Array<{ node: { steps: unknown[]; stepCount: number } }> } }>(
      QUERY,
      { first },
      student.accessToken,
    );
    const after = platform.statements();
    expect(quests.edges).toHaveLength(first);
    expect(quests.edges.every((edge) => edge.node.steps.length === edge.node.stepCount && edge.node.stepCount > 0)).toBe(true);
    return after.quests! - before.quests!;
  }

  it('costs the same SQL statements for 5 quests as for 20', async () => {
    const five = await statementsFor(5);
    const twenty = await statementsFor(20);
    expect(twenty).toBe(five);
    // The page, the steps of every quest, the viewer's runs in every quest.
    expect(twenty).toBe(3);
  });
});
