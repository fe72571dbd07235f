/**
 * The assistant with a model: a local server speaking Ollama's chat and embeddings API stands in
 * for Ollama. Answers come from the model with the passages in the prompt; a timeout, an HTTP 500
 * or a malformed stream is retried once, then answered by the extractive provider and counted in
 * usage; embeddings make retrieval hybrid; `assistantAnswerStream` delivers the answer as it is
 * written, to its owner only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, type TestUser } from '#gateway/testing/stack.ts';
import { readCatalog } from '#platform/catalog.ts';
import { dropSubgraphDatabases } from '#platform/db/postgres-server.ts';
import { connect, subscribe } from '#platform/testing/subscriptions.ts';
import { testSettingsFromProcess } from '#platform/testing/test-env.ts';
import { startModelServer, type ModelServer } from './model-server.ts';
import { startAssistantStack, type AssistantStack } from './support.ts';

const TIMEOUT_MS = 400;
let model: ModelServer;
let stack: AssistantStack;
let learner: TestUser;

/**
 * Databases of its own: every chunk gets embedded here, and the shared test databases hold the
 * content of every other file of the run (embedding all of it would take longer than the test).
 */
const DATABASE_URL = `${testSettingsFromProcess().TEST_DATABASE_URL}_models`;

beforeAll(async () => {
  await dropSubgraphDatabases(
    DATABASE_URL,
    readCatalog().map(({ name }) => name),
  );
  model = await startModelServer();
  stack = await startAssistantStack({
    DATABASE_URL,
    OLLAMA_URL: model.url,
    OLLAMA_MODEL: 'llama3.2',
    OLLAMA_EMBED_MODEL: 'nomic-embed-text',
    ASSISTANT_TIMEOUT_MS: String(TIMEOUT_MS),
    ASSISTANT_DAILY_QUESTIONS: '200',
  });
  learner = await stack.platform.signUp('STUDENT', 'Model User');
}, 180_000);
afterAll(async () => {
  await stack?.platform.close();
  await model?.close();
});
beforeEach(() => {
  model.mode = 'ok';
  model.reply = 'A closure is a function that remembers the variables around it [1].';
});

const usage = async () => {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  return (
    await stack.platform.data<{
      assistantUsage: {
        failures: number;
        fallbacks: number;
        byProvider: Array<{ provider: string; model: string; questions: number; promptTokens: number; completionTokens: number }>;
      };
    }>(
      `query U($from: DateTime!, $to: DateTime!) { assistantUsage(from: $from, to: $to) { failures fallbacks byProvider { provider model questions promptTokens completionTokens } } }`,
      { from, to },
      stack.adminToken,
    )
  ).assistantUsage;
};

describe('a model answers', () => {
  it('embeds every chunk, and hybrid retrieval still cites the right lesson', async () => {
    const status = await eventually(
      async () => {
        const { assistantIndex } = await stack.platform.data<{ assistantIndex: { chunks: number; embeddedChunks: number } }>(
          '{ assistantIndex { chunks embeddedChunks } }',
          {},
          stack.adminToken,
        );
        return assistantIndex.embeddedChunks === assistantIndex.chunks ? assistantIndex : undefined;
      },
      20_000,
      'every chunk embedded',
    );
    expect(status.chunks).toBeGreaterThan(50);
    const answer = await stack.ask({ question: 'How do I remove duplicates from a list with a set?' }, learner.accessToken);
    expect(answer.citations.map((citation) => citation.lesson?.title)).toContain('Sets');
  });

  it('with the passages and the question in its prompt, and its tokens counted', async () => {
    const before = model.chats.length;
    const answer = await stack.ask({ question: 'What is a closure in Python?' }, learner.accessToken);
    expect(answer).toMatchObject({
      provider: 'ollama',
      model: 'llama3.2',
      fallback: false,
      answer: model.reply,
      templateId: expect.stringMatching(/^concept/),
    });
    expect(model.chats.length - before).toBe(1);
    const prompt = model.chats.at(-1)!.prompt;
    expect(prompt).toContain('Question: What is a closure in Python?');
    expect(prompt).toContain('[1] ');
    expect(prompt).toContain('Scope and closures');
    const { byProvider } = await usage();
    expect(byProvider.find((entry) => entry.provider === 'ollama')).toMatchObject({
      model: 'llama3.2',
      promptTokens: expect.any(Number),
    });
    expect(byProvider.find((entry) => entry.provider === 'ollama')!.completionTokens).toBeGreaterThanOrEqual(30);
    // The same question again is served from the cache, without calling the model.
    const again = await stack.ask({ question: 'what is a closure in python' }, learner.accessToken);
    expect(again).toMatchObject({ cached: true, provider: 'ollama', answer: model.reply });
    expect(model.chats.length - before).toBe(1);
  });
});

describe('a failing model', () => {
  it.each(['hang', 'error-500', 'malformed', 'cut'] as const)(
    '%s: retried once, then the extractive answer, counted as a failure and a fallback',
    async (mode) => {
      model.mode = mode;
      const before = { calls: model.chats.length, usage: await usage() };
      const started = performance.now();
      const answer = await stack.ask({ question: `How do I write a decorator with arguments? (${mode})` }, learner.accessToken);
      expect(answer).toMatchObject({ provider: 'extractive', fallback: true });
      expect(answer.answer).toContain('[1]');
      expect(model.chats.length - before.calls).toBe(2);
      expect(performance.now() - started).toBeLessThan(2 * TIMEOUT_MS + 2_000);
      const after = await usage();
      expect(after.failures - before.usage.failures).toBe(1);
      expect(after.fallbacks - before.usage.fallbacks).toBe(1);
      // A fallback is not cached: once the model is back, it answers.
      model.mode = 'ok';
      const recovered = await stack.ask(
        { question: `How do I write a decorator with arguments? (${mode})` },
        learner.accessToken,
      );
      expect(recovered).toMatchObject({ provider: 'ollama', cached: false, fallback: false });
    },
  );

  it('answers with the model when only the first call fails', async () => {
    model.mode = 'fail-once';
    const answer = await stack.ask({ question: 'What does nonlocal do?' }, learner.accessToken);
    expect(answer).toMatchObject({ provider: 'ollama', fallback: false });
  });
});

describe('assistantAnswerStream', () => {
  const STREAM = `subscription S($answerId: ID!) { assistantAnswerStream(answerId: $answerId) { answerId text sequence done answer { id provider } } }`;
  type Chunk = {
    answerId: string;
    text: string;
    sequence: number;
    done: boolean;
    answer: { id: string; provider: string } | null;
  };
  const metrics = async () => (await fetch(stack.platform.url.replace(/graphql$/, 'metrics'))).text();
  const active = async () => Number(/graphql_subscriptions_active\{[^}]*\} (\d+)/.exec(await metrics())?.[1] ?? NaN);

  it('delivers the answer as it is written, to its owner only', async () => {
    const answerId = randomUUID();
    const intruder = await stack.platform.signUp('STUDENT', 'Intruder');
    const ownerSocket = connect(stack.platform.url, learner.accessToken);
    const intruderSocket = connect(stack.platform.url, intruder.accessToken);
    const baseline = await active();
    const stream = subscribe<{ assistantAnswerStream: Chunk }>(ownerSocket, STREAM, { answerId });
    const spy = subscribe<{ assistantAnswerStream: Chunk }>(intruderSocket, STREAM, { answerId });
    await eventually(async () => ((await active()) === baseline + 2 ? true : undefined), 5_000, 'subscriptions registered');

    model.reply = 'Decorators wrap a function: they take it and return a new one that adds behaviour around the call [1].';
    const answer = await stack.ask({ question: 'What is a decorator, in one sentence?', answerId }, learner.accessToken);
    expect(answer.id).toBe(answerId);

    const chunks: Chunk[] = [];
    while (!chunks.at(-1)?.done) chunks.push((await stream.next(5_000)).data!.assistantAnswerStream);
    const last = chunks.at(-1)!;
    expect(last).toMatchObject({ answerId, done: true, text: model.reply, answer: { id: answerId, provider: 'ollama' } });
    // Texts only grow, each a beginning of the answer, in sequence order.
    for (const chunk of chunks) expect(model.reply.startsWith(chunk.text)).toBe(true);
    const sequences = chunks.map((chunk) => chunk.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(spy.results).toEqual([]);
    await Promise.all([stream.close(), spy.close()]);
    await Promise.all([ownerSocket.dispose(), intruderSocket.dispose()]);
  });

  it('refuses a bad answer id, anonymous subscribers, and tells an intruder nothing of an answer', async () => {
    const socket = connect(stack.platform.url, learner.accessToken);
    const bad = await subscribe(socket, STREAM, { answerId: 'not-a-uuid' }).ended;
    expect(JSON.stringify(bad.error)).toContain('BAD_USER_INPUT');
    const anonymous = connect(stack.platform.url);
    expect(JSON.stringify((await subscribe(anonymous, STREAM, { answerId: randomUUID() }).ended).error)).toContain(
      'UNAUTHENTICATED',
    );

    const answer = await stack.ask({ question: 'What is a lambda?' }, learner.accessToken);
    const intruder = await stack.platform.signUp('STUDENT', 'Intruder');
    const PROGRESS = `query P($answerId: ID!) { assistantAnswerProgress(answerId: $answerId) { text done } }`;
    expect(errorCode(await stack.platform.gql(PROGRESS, { answerId: answer.id }, intruder.accessToken))).toBe('NOT_FOUND');
    const own = await stack.platform.data<{ assistantAnswerProgress: { text: string; done: boolean } }>(
      PROGRESS,
      { answerId: answer.id },
      learner.accessToken,
    );
    expect(own.assistantAnswerProgress).toEqual({ text: answer.answer, done: true });
    await Promise.all([socket.dispose(), anonymous.dispose()]);
  });

  it('reviews a guarded answer before anyone sees it: no code from the model either', async () => {
    const player = await stack.platform.signUp('STUDENT', 'Player');
    const { quest } = await stack.platform.data<{ quest: { id: string } }>(`{ quest(slug: "python_loops_101") { id } }`);
    await stack.platform.data(`mutation S($id: ID!) { startQuest(questId: $id) { id } }`, { id: quest.id }, player.accessToken);
    model.reply = 'Here it is:\n\n```python\nfor i in range(5):\n    print(i)\n```\n\nOr use `continue` to skip.';
    const answer = await eventually(
      async () => {
        const asked = await stack.ask({ question: 'Give me the code for step 2', questId: quest.id }, player.accessToken);
        return asked.guard ? asked : undefined;
      },
      10_000,
      'a guarded answer',
    );
    expect(answer.provider).toBe('ollama');
    expect(answer.answer).not.toContain('range(5)');
    expect(answer.answer).not.toContain('continue');
    expect(model.chats.at(-1)!.prompt).toContain('Never give the solution');
  });
});
