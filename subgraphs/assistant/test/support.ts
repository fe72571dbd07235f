/** What the assistant's tests share: a stack with the demo content indexed, and the operations. */
import { adminEnv, signIn, testAdmin } from '#gateway/testing/operations.ts';
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

export async function startAssistantStack(env: Record<string, string> = {}, subgraphs: string[] = []): Promise<AssistantStack> {
  const admin = testAdmin();
  const platform = await startTestStack({
    subgraphs: ['accounts', 'profiles', 'courses', 'quizzes', 'quests', 'assistant', ...subgraphs],
    env: { ...adminEnv(admin), ...env },
  });
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
