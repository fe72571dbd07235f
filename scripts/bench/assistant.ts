/**
 * `npm run bench:assistant`: the tutor over the demo content, on the machine's Postgres and Redis
 * (BENCH_DATABASE_URL, BENCH_REDIS_URL), the platform in a process of its own, the offline
 * extractive provider.
 *
 * Quality: for each labelled question (assistant-questions.ts), the lessons cited (three at most,
 * best first): recall@3 (an expected lesson among them) and MRR (1 / rank of the first expected
 * one, 0 when none is cited).
 * Speed: askAssistant through the gateway, as a client sees it. A first round warms up (JIT,
 * query plans) and is discarded; the answer cache is emptied; a second round measures uncached
 * answers; a third asks the same questions again (cache hits).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { graphqlData } from '#platform/graphql/client.ts';
import { seedDemoContent } from '../demo-content/seed.ts';
import { LABELLED_QUESTIONS } from './assistant-questions.ts';
import { startBenchPlatform, waitFor } from './load.ts';
import { benchSettings } from './settings.ts';

const OFFSET = 7_300;
const url = `http://localhost:${4_000 + OFFSET}/graphql`;
const admin = { email: `bench-admin-${randomUUID().slice(0, 6)}@example.com`, password: 'Bench-admin-password-1' };

const ASK = `mutation Ask($input: AskAssistantInput!) {
  askAssistant(input: $input) { cached latencyMs citations { lesson { title } } }
}`;
interface Asked {
  cached: boolean;
  latencyMs: number;
  citations: Array<{ lesson: { title: string } | null }>;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const line = (name: string, values: number[]) =>
  `${name.padEnd(44)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(6)} ms   (${values.length} questions)`;

async function ask(token: string, question: string) {
  const started = performance.now();
  const { askAssistant } = await graphqlData<{ askAssistant: Asked }>(url, ASK, { input: { question } }, { token });
  return { ...askAssistant, roundTrip: performance.now() - started };
}

async function round(token: string) {
  const results = [];
  for (const labelled of LABELLED_QUESTIONS) results.push({ labelled, ...(await ask(token, labelled.question)) });
  return results;
}

async function clearAnswerCache() {
  const redis = new Redis(benchSettings.BENCH_REDIS_URL);
  const keys = await redis.keys('*:assistant-answers:*'); // <EVENTS_NAMESPACE>:assistant-answers:<key>
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

const platform = await startBenchPlatform(OFFSET, {
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  ASSISTANT_DAILY_QUESTIONS: '100000',
});
try {
  await waitFor(async () => Boolean(await graphqlData(url, '{ __typename }')), 60_000, 'the platform start');
  await seedDemoContent(url);
  const { login } = await graphqlData<{ login: { accessToken: string } }>(
    url,
    'mutation L($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: admin },
  );
  await waitFor(
    async () => {
      const { assistantIndex } = await graphqlData<{ assistantIndex: { lessons: number; quests: number } }>(
        url,
        '{ assistantIndex { lessons quests } }',
        {},
        { token: login.accessToken },
      );
      return assistantIndex.lessons >= 18 && assistantIndex.quests >= 15;
    },
    60_000,
    'the demo content indexed',
  );
  const { register } = await graphqlData<{ register: { accessToken: string } }>(
    url,
    'mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }',
    {
      input: {
        email: `bench-${randomUUID()}@example.com`,
        password: 'Bench-password-2026',
        displayName: 'Bench Learner',
        role: 'STUDENT',
      },
    },
  );
  const token = register.accessToken;

  await round(token); // warm-up
  await clearAnswerCache();
  const uncached = await round(token);
  const cached = await round(token);

  let hits = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const result of uncached) {
    const cited = result.citations.map((citation) => citation.lesson?.title ?? null);
    const rank = cited.findIndex((title) => title !== null && result.labelled.lessons.includes(title));
    if (rank >= 0) {
      hits += 1;
      reciprocal += 1 / (rank + 1);
    } else {
      misses.push(
        `  ${JSON.stringify(result.labelled.question)} → ${JSON.stringify(cited)} (expected ${result.labelled.lessons.join(' or ')})`,
      );
    }
  }
  const count = uncached.length;
  console.log(`bench:assistant: ${count} labelled questions over the demo content, extractive provider`);
  console.log(`recall@3 ${(hits / count).toFixed(3)}   MRR ${(reciprocal / count).toFixed(3)}`);
  console.log(
    line(
      'askAssistant uncached (client round trip)',
      uncached.map((result) => result.roundTrip),
    ),
  );
  console.log(
    line(
      'askAssistant uncached (server latencyMs)',
      uncached.map((result) => result.latencyMs),
    ),
  );
  console.log(
    line(
      'askAssistant cached (client round trip)',
      cached.map((result) => result.roundTrip),
    ),
  );
  console.log(
    line(
      'askAssistant cached (server latencyMs)',
      cached.map((result) => result.latencyMs),
    ),
  );
  console.log(`cache hits on the third round: ${cached.filter((result) => result.cached).length}/${count}`);
  if (misses.length) console.log(`not in the top 3:\n${misses.join('\n')}`);
} finally {
  await platform.stop();
}
