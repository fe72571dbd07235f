/**
 * The assistant through the gateway on the demo content: every query type answered with citations
 * of real lessons, context that lifts its lesson, conversations private to their owner, the answer
 * cache (and its invalidation by a lesson change), unpublished courses leaving the index, quotas,
 * templates with versions, usage, analytics' figures, and coded errors for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, unique, type TestUser } from '#gateway/testing/stack.ts';
import { parseEnvelope, type AnyEvent } from '#platform/events/envelope.ts';
import { ASK, startAssistantStack, type AskedAnswer, type AssistantStack } from './support.ts';

const DAILY_QUESTIONS = 8;
let stack: AssistantStack;
const heard: AnyEvent[] = [];
const lessonIds = new Map<string, string>();

beforeAll(async () => {
  stack = await startAssistantStack({ ASSISTANT_DAILY_QUESTIONS: String(DAILY_QUESTIONS) }, ['analytics']);
  stack.platform.runtime.eventBus().listen((signal) => {
    if (signal.channel !== 'event') return;
    const parsed = parseEnvelope(signal.data);
    if (parsed.ok) heard.push(parsed.event);
  });
  for (const slug of ['python-basics', 'python-data-structures', 'python-functions']) {
    const { course } = await stack.platform.data<{
      course: { modules: Array<{ lessons: Array<{ id: string; title: string }> }> };
    }>(`query C($slug: String) { course(slug: $slug) { modules { lessons { id title } } } }`, { slug });
    for (const lesson of course.modules.flatMap((module) => module.lessons)) lessonIds.set(lesson.title, lesson.id);
  }
}, 180_000);
afterAll(() => stack?.platform.close());

const learner = (name = 'Learner') => stack.platform.signUp('STUDENT', name);
const ask = (input: Record<string, unknown>, user: TestUser) => stack.ask(input, user.accessToken);
const askRaw = (input: Record<string, unknown>, token?: string) =>
  stack.platform.gql<{ askAssistant: AskedAnswer }>(ASK, { input }, token);
const citedLessons = (answer: AskedAnswer) => answer.citations.map((citation) => citation.lesson?.title ?? null);

describe('answers', () => {
  it.each([
    ['CODE_HELP', 'How do I loop over the keys and values of a dict?', 'Dictionaries'],
    ['CONCEPT', 'What is a closure?', 'Scope and closures'],
    ['DEBUGGING', "UnboundLocalError: local variable 'count' referenced before assignment", 'Scope and closures'],
    ['EXERCISE_HINT', 'I need a hint to swap two variables', 'Tuples and unpacking'],
    ['GENERAL', 'Python sets and membership', 'Sets'],
  ])('answers a %s question from the lessons that answer it, cited', async (queryType, question, lesson) => {
    const answer = await ask({ question, queryType }, await learner());
    expect(answer).toMatchObject({ queryType, provider: 'extractive', cached: false, fallback: false, guard: null });
    expect(answer.templateId).toBe(queryType.toLowerCase().replace('_', '-'));
    expect(answer.answer.length).toBeGreaterThan(40);
    expect(citedLessons(answer)).toContain(lesson);
    // Citations point to real content: courses resolves the lesson, and the URL names it.
    for (const citation of answer.citations.filter((each) => each.lesson)) {
      expect(citation.url).toContain(citation.lesson!.id);
      expect(lessonIds.get(citation.lesson!.title)).toBe(citation.lesson!.id);
      expect(citation.score).toBeGreaterThan(0);
    }
    expect(answer.answer).toContain('[1]');
  });

  it('infers the query type when it is left out', async () => {
    const user = await learner();
    const types = [];
    for (const question of [
      'Traceback (most recent call last):\n  File "main.py", line 3\nKeyError: \'age\'',
      '```python\nnames = ["b", "a"]\nnames.sort()\n```\nwhy does this print None?',
      'What is a generator expression?',
    ])
      types.push((await ask({ question }, user)).queryType);
    expect(types).toEqual(['DEBUGGING', 'CODE_HELP', 'CONCEPT']);
  });

  it('lifts the lesson the learner is reading', async () => {
    const user = await learner();
    const lessonId = lessonIds.get('Sets')!;
    const answer = await ask({ question: 'How do I loop over it and remove items?', lessonId }, user);
    expect(answer.citations[0]!.lesson?.id).toBe(lessonId);
    const inCourse = await ask(
      { question: 'What does the exercise ask?', courseId: (await courseIdOf('python-functions'))! },
      user,
    );
    expect(citedLessons(inCourse).some((title) => title && lessonIdsIn('python-functions').includes(title))).toBe(true);
  });

  it('says when the content has no answer', async () => {
    const answer = await ask({ question: 'Who won the 1998 football world cup?' }, await learner());
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toMatch(/could not find/);
  });
});

async function courseIdOf(slug: string) {
  return (
    await stack.platform.data<{ course: { id: string } }>(`query C($slug: String) { course(slug: $slug) { id } }`, { slug })
  ).course.id;
}
const lessonIdsIn = (slug: string) =>
  ({
    'python-functions': [
      'def, parameters and return',
      'Default and keyword arguments',
      '*args and **kwargs',
      'Scope and closures',
      'Lambdas and higher-order functions',
      'Decorators',
    ],
  })[slug] ?? [];

describe('conversations', () => {
  const CONVERSATION = `query C($id: ID!) { assistantConversation(id: $id) { id title user { id } answers { totalCount edges { node { id question } } } } }`;

  it('keeps a conversation going, private to its owner (admins may read it)', async () => {
    const owner = await learner('Owner');
    const other = await learner('Other');
    const first = await ask({ question: 'What is a list comprehension?' }, owner);
    const second = await ask({ question: 'And with a condition?', conversationId: first.conversation.id }, owner);
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(first.conversation.title).toBe('What is a list comprehension?');

    const { assistantConversation } = await stack.platform.data<{
      assistantConversation: { user: { id: string }; answers: { totalCount: number; edges: Array<{ node: { id: string } }> } };
    }>(CONVERSATION, { id: first.conversation.id }, owner.accessToken);
    expect(assistantConversation.user.id).toBe(owner.id);
    expect(assistantConversation.answers.totalCount).toBe(2);
    expect(assistantConversation.answers.edges.map((edge) => edge.node.id)).toEqual([first.id, second.id]);

    // Another learner: the conversation does not exist for them, and they cannot write in it.
    expect(errorCode(await stack.platform.gql(CONVERSATION, { id: first.conversation.id }, other.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await askRaw({ question: 'Me too', conversationId: first.conversation.id }, other.accessToken))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await stack.platform.gql(CONVERSATION, { id: first.conversation.id }))).toBe('UNAUTHENTICATED');
    const asAdmin = await stack.platform.data<{ assistantConversation: { id: string } }>(
      CONVERSATION,
      { id: first.conversation.id },
      stack.adminToken,
    );
    expect(asAdmin.assistantConversation.id).toBe(first.conversation.id);

    // The list on User: the user themself and admins; FORBIDDEN for anyone else.
    const LIST = `query U($id: ID!) { user(id: $id) { assistantConversations(first: 5) { totalCount edges { node { id } } } } }`;
    const mine = await stack.platform.data<{ user: { assistantConversations: { totalCount: number } } }>(
      LIST,
      { id: owner.id },
      owner.accessToken,
    );
    expect(mine.user.assistantConversations.totalCount).toBe(1);
    expect(errorCode(await stack.platform.gql(LIST, { id: owner.id }, other.accessToken))).toBe('FORBIDDEN');
    const byAdmin = await stack.platform.data<{ user: { assistantConversations: { totalCount: number } } }>(
      LIST,
      { id: owner.id },
      stack.adminToken,
    );
    expect(byAdmin.user.assistantConversations.totalCount).toBe(1);

    // Out-of-range pages and forged cursors.
    const PAGE = `query P($id: ID!, $first: Int, $after: String) { assistantConversation(id: $id) { answers(first: $first, after: $after) { totalCount } } }`;
    for (const variables of [{ first: 0 }, { first: 1_000 }, { first: -1 }, { after: 'not-a-cursor' }])
      expect(errorCode(await stack.platform.gql(PAGE, { id: first.conversation.id, ...variables }, owner.accessToken))).toBe(
        'BAD_USER_INPUT',
      );
    expect(errorCode(await stack.platform.gql(LIST.replace('first: 5', 'first: 0'), { id: owner.id }, owner.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('the answer cache', () => {
  it('serves the same question again from the cache, whatever its case and final punctuation', async () => {
    const user = await learner();
    const first = await ask({ question: 'How do I merge two dictionaries?' }, user);
    const again = await ask({ question: '  how do I merge two   dictionaries ' }, user);
    expect(first.cached).toBe(false);
    expect(again).toMatchObject({ cached: true, answer: first.answer, citations: first.citations });
    expect(again.id).not.toBe(first.id);
    // Another context is another question.
    const inLesson = await ask({ question: 'How do I merge two dictionaries?', lessonId: lessonIds.get('Dictionaries') }, user);
    expect(inLesson.cached).toBe(false);
  });

  it('forgets answers citing a lesson when the lesson changes, and drops an unpublished course', async () => {
    const instructor = await stack.platform.signUp('INSTRUCTOR', 'Walrus Teacher');
    const token = instructor.accessToken;
    const { createCourse } = await stack.platform.data<{ createCourse: { id: string } }>(
      `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
      {
        input: { title: unique('Assignment expressions'), description: 'The walrus operator, start to end.', level: 'ADVANCED' },
      },
      token,
    );
    const { addModule } = await stack.platform.data<{ addModule: { id: string } }>(
      `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Walrus" }) { id } }`,
      { id: createCourse.id },
      token,
    );
    const { addLesson } = await stack.platform.data<{ addLesson: { id: string } }>(
      `mutation L($id: ID!, $input: AddLessonInput!) { addLesson(moduleId: $id, input: $input) { id } }`,
      {
        id: addModule.id,
        input: {
          title: 'The walrus operator',
          content:
            '## Naming a value inside an expression\n\nThe walrus operator `:=` assigns and returns a value: `while (line := read()):`.',
          durationMinutes: 5,
        },
      },
      token,
    );
    // Asked by staff (no quota): the polls below ask many times.
    const user = await stack.platform.signUp('INSTRUCTOR', 'Asker');
    const question = 'What does the walrus operator do?';
    // A draft is not indexed.
    expect(citedLessons(await ask({ question }, user))).not.toContain('The walrus operator');

    await stack.platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: createCourse.id }, token);
    const published = await eventually(
      async () => {
        const answer = await ask({ question: `${question} (published)` }, user);
        return answer.citations[0]?.lesson?.id === addLesson.id ? answer : undefined;
      },
      10_000,
      'the published lesson cited',
    );
    expect(published.answer).toContain('assigns and returns a value');
    // Publishing indexes the course's lessons by several events, each of which may drop cached
    // answers: once they are all handled, the same question is answered from the cache.
    const cachedBefore = await eventually(
      async () => {
        const answer = await ask({ question: `${question} (published)` }, user);
        return answer.cached && answer.citations[0]?.lesson?.id === addLesson.id ? answer : undefined;
      },
      10_000,
      'the answer citing the published lesson cached',
    );
    expect(cachedBefore.cached).toBe(true);

    await stack.platform.data(
      `mutation U($id: ID!, $input: UpdateLessonInput!) { updateLesson(id: $id, input: $input) { id } }`,
      {
        id: addLesson.id,
        input: {
          content:
            '## Naming a value inside an expression\n\nThe walrus operator `:=` binds a name in the middle of an expression, since Python 3.8.',
        },
      },
      token,
    );
    const updated = await eventually(
      async () => {
        const answer = await ask({ question: `${question} (published)` }, user);
        return answer.cached ? undefined : answer;
      },
      10_000,
      'the cached answer dropped',
    );
    expect(updated.answer).toContain('since Python 3.8');
    expect(updated.answer).not.toContain('assigns and returns a value');

    // Unpublished: the lesson leaves the index.
    const later = user;
    await stack.platform.data(`mutation U($id: ID!) { unpublishCourse(id: $id) { id } }`, { id: createCourse.id }, token);
    await eventually(
      async () =>
        (await ask({ question: `${question} (unpublished)` }, later)).citations.some((each) => each.lesson?.id === addLesson.id)
          ? undefined
          : true,
      10_000,
      'the unpublished lesson gone',
    );
    // A cached answer citing it is not served any more either.
    expect((await ask({ question: `${question} (published)` }, later)).cached).toBe(false);
  });
});

describe('quotas', () => {
  it(`lets a learner ask ${DAILY_QUESTIONS} questions a day, then answers RATE_LIMITED with retry-after, even to a burst`, async () => {
    const user = await learner('Curious');
    const results = await Promise.all(
      Array.from({ length: DAILY_QUESTIONS + 3 }, (_, index) =>
        askRaw({ question: `What is a tuple? (${index})` }, user.accessToken),
      ),
    );
    const limited = results.filter((result) => errorCode(result) === 'RATE_LIMITED');
    expect(results.filter((result) => result.data?.askAssistant).length).toBe(DAILY_QUESTIONS);
    expect(limited.length).toBe(3);
    const retryAfter = limited[0]!.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(86_000);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // Through the gateway as through the subgraph: HTTP 429 with the same wait in Retry-After.
    expect(limited.map((result) => [result.status, result.headers.get('retry-after')])).toEqual(
      limited.map((result) => [429, String(result.errors![0]!.extensions!.retryAfterSeconds)]),
    );
    // Staff are not counted.
    const instructor = await stack.platform.signUp('INSTRUCTOR', 'Staff');
    for (let index = 0; index < DAILY_QUESTIONS + 2; index += 1) await ask({ question: `What is a set? (${index})` }, instructor);
  });
});

describe('bad input', () => {
  it.each([
    ['an empty question', { question: '   ' }, 'BAD_USER_INPUT'],
    ['a 100 kB question', { question: 'why '.repeat(25_000) }, 'BAD_USER_INPUT'],
    ['a question just over the limit', { question: 'x'.repeat(4_001) }, 'BAD_USER_INPUT'],
    ['control characters', { question: 'What is\u0000 a list?' }, 'BAD_USER_INPUT'],
    ['an unknown lesson', { question: 'What is a list?', lessonId: 'no-such-lesson' }, 'NOT_FOUND'],
    ['an unknown course', { question: 'What is a list?', courseId: 'no-such-course' }, 'NOT_FOUND'],
    ['an unknown quest', { question: 'What is a list?', questId: 'no-such-quest' }, 'NOT_FOUND'],
    ['an unknown conversation', { question: 'What is a list?', conversationId: 'no-such-conversation' }, 'NOT_FOUND'],
    ['an id of 10 000 characters', { question: 'What is a list?', lessonId: 'x'.repeat(10_000) }, 'BAD_USER_INPUT'],
    ['an answer id that is no UUID', { question: 'What is a list?', answerId: 'abc' }, 'BAD_USER_INPUT'],
  ])('refuses %s (%s)', async (_what, input, code) => {
    const user = await learner();
    expect(errorCode(await askRaw(input, user.accessToken))).toBe(code);
  });

  it('refuses anonymous callers', async () => {
    expect(errorCode(await askRaw({ question: 'What is a list?' }))).toBe('UNAUTHENTICATED');
  });

  it('refuses an answer id used before', async () => {
    const user = await learner();
    const answerId = crypto.randomUUID();
    await ask({ question: 'What is a list?', answerId }, user);
    expect(errorCode(await askRaw({ question: 'What is a dict?', answerId }, user.accessToken))).toBe('CONFLICT');
  });
});

describe('templates', () => {
  const TEMPLATES = `{ assistantTemplates { id queryType audience version prompt versions { version authorId } } }`;
  const UPDATE = `mutation U($id: ID!, $input: UpdateAssistantTemplateInput!) { updateAssistantTemplate(id: $id, input: $input) { id version prompt } }`;
  type Template = {
    id: string;
    queryType: string;
    audience: string;
    version: number;
    prompt: string;
    versions: Array<{ version: number; authorId: string | null }>;
  };

  it('lists the templates to staff, by query type and audience', async () => {
    const { assistantTemplates } = await stack.platform.data<{ assistantTemplates: Template[] }>(TEMPLATES, {}, stack.adminToken);
    expect(assistantTemplates.map((template) => template.id)).toEqual(
      expect.arrayContaining([
        'code-help',
        'code-help-beginner',
        'concept',
        'concept-beginner',
        'debugging',
        'exercise-hint',
        'general',
      ]),
    );
    const instructor = await stack.platform.signUp('INSTRUCTOR', 'Reader');
    expect(errorCode(await stack.platform.gql(TEMPLATES, {}, instructor.accessToken))).toBeUndefined();
    expect(errorCode(await stack.platform.gql(TEMPLATES, {}, (await learner()).accessToken))).toBe('FORBIDDEN');
  });

  it('makes a new version on each change (twins get two), and answers use the new one', async () => {
    const user = await stack.platform.signUp('INSTRUCTOR', 'Asker');
    const question = 'What does a debugger breakpoint do? KeyError';
    const before = await ask({ question }, user);
    expect(before).toMatchObject({ templateId: 'debugging', templateVersion: 1 });
    expect((await ask({ question }, user)).cached).toBe(true);

    const prompt = 'Debug for a {level} learner. Passages:\n{context}\n\nQuestion: {question}';
    const twins = await Promise.all(
      [1, 2].map((index) =>
        stack.platform.data<{ updateAssistantTemplate: { version: number } }>(
          UPDATE,
          { id: 'debugging', input: { prompt: `${prompt} (${index})` } },
          stack.adminToken,
        ),
      ),
    );
    expect(twins.map((twin) => twin.updateAssistantTemplate.version).sort()).toEqual([2, 3]);
    const { assistantTemplates } = await stack.platform.data<{ assistantTemplates: Template[] }>(TEMPLATES, {}, stack.adminToken);
    const debugging = assistantTemplates.find((template) => template.id === 'debugging')!;
    expect(debugging.versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(debugging.versions[2]!.authorId).toBeNull();
    expect(debugging.versions[0]!.authorId).toBeTruthy();

    const after = await eventually(
      async () => {
        const answer = await ask({ question }, user);
        return answer.templateVersion === 3 ? answer : undefined;
      },
      10_000,
      'the new template version used',
    );
    expect(after.cached).toBe(false);
  });

  it.each([
    ['a prompt without {context}', 'debugging', { prompt: 'Answer {question} please, nicely and briefly.' }, 'BAD_USER_INPUT'],
    ['no change', 'debugging', {}, 'BAD_USER_INPUT'],
    ['a 100 kB prompt', 'debugging', { prompt: `{question} {context} ${'x'.repeat(100_000)}` }, 'BAD_USER_INPUT'],
    ['an unknown template', 'no-such-template', { name: 'X' }, 'NOT_FOUND'],
  ])('refuses %s', async (_what, id, input, code) => {
    expect(errorCode(await stack.platform.gql(UPDATE, { id, input }, stack.adminToken))).toBe(code);
  });

  it('keeps changes to admins', async () => {
    const instructor = await stack.platform.signUp('INSTRUCTOR', 'Not admin');
    expect(errorCode(await stack.platform.gql(UPDATE, { id: 'general', input: { name: 'Mine' } }, instructor.accessToken))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('usage and figures', () => {
  const USAGE = `query U($from: DateTime!, $to: DateTime!) { assistantUsage(from: $from, to: $to) {
    questions cachedAnswers cacheHitRate failures fallbacks p50LatencyMs p95LatencyMs byProvider { provider model questions p50LatencyMs } } }`;

  it('gives admins the usage of a period, by provider and model', async () => {
    const user = await learner();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    // Other test files of the run share the database: the figures are compared before and after.
    const before = await stack.platform.data<{ assistantUsage: { questions: number; cachedAnswers: number; failures: number } }>(
      USAGE,
      { from, to },
      stack.adminToken,
    );
    await ask({ question: 'What are keyword-only arguments?' }, user);
    await ask({ question: 'What are keyword-only arguments?' }, user);
    const { assistantUsage } = await stack.platform.data<{
      assistantUsage: {
        questions: number;
        cachedAnswers: number;
        cacheHitRate: number;
        failures: number;
        p95LatencyMs: number;
        byProvider: Array<{ provider: string; questions: number }>;
      };
    }>(USAGE, { from, to }, stack.adminToken);
    expect(assistantUsage.questions - before.assistantUsage.questions).toBe(2);
    expect(assistantUsage.cachedAnswers - before.assistantUsage.cachedAnswers).toBe(1);
    expect(assistantUsage.cacheHitRate).toBeCloseTo(assistantUsage.cachedAnswers / assistantUsage.questions);
    expect(assistantUsage.failures).toBe(before.assistantUsage.failures);
    expect(assistantUsage.byProvider).toEqual(
      expect.arrayContaining([expect.objectContaining({ provider: 'extractive', model: 'doctorpy-extractive-1' })]),
    );

    expect(errorCode(await stack.platform.gql(USAGE, { from, to }, user.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await stack.platform.gql(USAGE, { from: to, to: from }, stack.adminToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await stack.platform.gql(USAGE, { from: '2020-01-01T00:00:00Z', to }, stack.adminToken))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await stack.platform.gql(USAGE, { from: 'yesterday', to }, stack.adminToken))).toBe('BAD_USER_INPUT');
  });

  it('announces each answer without its question, and analytics counts them', async () => {
    const user = await learner();
    const answer = await ask({ question: 'What is a decorator in Python?' }, user);
    const event = await eventually(
      async () =>
        heard.find(
          (each) => each.name === 'RAG_QUERY_PROCESSED' && (each.payload as { answerId: string }).answerId === answer.id,
        ),
      10_000,
      'RAG_QUERY_PROCESSED',
    );
    expect(event.payload).toEqual({
      answerId: answer.id,
      userId: user.id,
      conversationId: answer.conversation.id,
      queryType: 'CONCEPT',
      provider: 'extractive',
      model: 'doctorpy-extractive-1',
      cached: false,
      fallback: false,
      guarded: false,
      latencyMs: answer.latencyMs,
      citationCount: answer.citations.length,
      courseId: null,
    });
    expect(JSON.stringify(event)).not.toContain('decorator in Python');

    const STATS = `{ assistantStats { questions cacheHitRate p50LatencyMs byQueryType { queryType questions } } }`;
    const stats = await eventually(
      async () => {
        const { assistantStats } = await stack.platform.data<{
          assistantStats: {
            questions: number;
            cacheHitRate: number;
            byQueryType: Array<{ queryType: string; questions: number }>;
          };
        }>(STATS, {}, stack.adminToken);
        return assistantStats.questions >= 20 ? assistantStats : undefined;
      },
      15_000,
      'analytics counting the answers',
    );
    expect(stats.byQueryType.map((entry) => entry.queryType)).toEqual(
      expect.arrayContaining(['CONCEPT', 'CODE_HELP', 'DEBUGGING']),
    );
    expect(stats.cacheHitRate).toBeGreaterThan(0);
    expect(errorCode(await stack.platform.gql(STATS, {}, user.accessToken))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await stack.platform.gql(
          `{ assistantStats(from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { questions } }`,
          {},
          stack.adminToken,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });
});
