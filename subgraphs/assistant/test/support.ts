/** What the assistant's tests share: a stack with the demo content indexed, and the operations. */
import { adminEnv, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { dropSubgraphDatabases } from '#platform/db/postgres-server.ts';
import { testSettingsFromProcess } from '#platform/testing/test-env.ts';
import { eventually, startTestStack, type TestStack } from '#gateway/testing/stack.ts';
import { seedDemoContent } from '../../../scripts/demo-content/seed.ts';

export const ASK = `mutation Ask($input: AskAssistantInput!) {
  askAssistant(input: $input) {
    id answer queryType cached provider model latencyMs guard fallback templateId templateVersion
    citations { title snippet score url lesson { id title } quest { id slug } }
    conversation { id title }
  }
}`;

export interface AskedAnswer {
  id: string;
  answer: string;
  queryType: string;
  cached: boolean;
  provider: string;
  model: string;
  latencyMs: number;
  guard: string | null;
  fallback: boolean;
  templateId: string;
  templateVersion: number;
  citations: Array<{
    title: string;
    snippet: string;
    score: number;
    url: string;
    lesson: { id: string; title: string } | null;
    quest: { id: string; slug: string } | null;
  }>;
  conversation: { id: string; title: string };
}

export interface AssistantStack {
  platform: TestStack;
  adminToken: string;
  ask(input: Record<string, unknown>, token: string): Promise<AskedAnswer>;
}

/** The demo content has 18 lessons and 15 quests. */
export const DEMO_LESSONS = 18;
export const DEMO_QUESTS = 15;

let databasesReset = false;

/**
 * The stack on databases of its own (`<test base>_assistant`, emptied once per test file): the
 * assistant indexes the demo content from the events of its publication, which only happen where
 * the content is new. On the shared test databases, a file that seeded the demo content earlier in
 * the same run (demo quests, demo quizzes) would leave nothing to publish and nothing to index.
 */
export async function startAssistantStack(env: Record<string, string> = {}, subgraphs: string[] = []): Promise<AssistantStack> {
  const admin = testAdmin();
  const names = ['accounts', 'profiles', 'courses', 'quizzes', 'quests', 'assistant', ...subgraphs];
  const databaseUrl = env.DATABASE_URL ?? `${testSettingsFromProcess().TEST_DATABASE_URL}_assistant`;
  if (!env.DATABASE_URL && !databasesReset) {
    await dropSubgraphDatabases(databaseUrl, names);
    databasesReset = true;
  }
  const platform = await startTestStack({ subgraphs: names, env: { ...adminEnv(admin), DATABASE_URL: databaseUrl, ...env } });
  await seedDemoContent(platform.url);
  const adminToken = await signIn(platform, admin.email, admin.password);
  await indexed(platform, adminToken, DEMO_LESSONS, DEMO_QUESTS);
  return {
    platform,
    adminToken,
    ask: async (input, token) => (await platform.data<{ askAssistant: AskedAnswer }>(ASK, { input }, token)).askAssistant,
  };
}

/** Waits until the index holds at least that many lessons and quests. */
export async function indexed(platform: TestStack, adminToken: string, lessons: number, quests: number) {
  return eventually(
    async () => {
      const { assistantIndex } = await platform.data<{ assistantIndex: { lessons: number; quests: number; chunks: number } }>(
        '{ assistantIndex { lessons quests chunks } }',
        {},
        adminToken,
      );
      return assistantIndex.lessons >= lessons && assistantIndex.quests >= quests ? assistantIndex : undefined;
    },
    30_000,
    'demo content indexed',
  );
}
