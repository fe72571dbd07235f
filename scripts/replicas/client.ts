/** What the replica test and the scaling benchmark do as learners, each request retried like a real client. */
import { setTimeout as sleep } from 'node:timers/promises';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { unique } from '#platform/testing/helpers.ts';

/** Codes a client may retry: a replica died under the request, or the platform shed load. */
const RETRYABLE = new Set(['SUBGRAPH_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

export class LearnerClient {
  /** Requests sent again (refused connections, 5xx, a replica gone mid-request). */
  retried = 0;

  constructor(readonly url: string) {}

  /** Sends until answered without a retryable error (up to `timeoutMs`); other errors throw. */
  async request<Data>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
    timeoutMs = 120_000,
  ): Promise<Data> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      // fetch's errors come from another realm under Jest: no instanceof, a refused connection is null.
      const result = await graphqlRequest<Data>(this.url, query, variables, { token }).catch(() => null);
      if (result) {
        const retryable =
          result.status >= 500 || result.errors?.some((error) => RETRYABLE.has(String(error.extensions?.code ?? '')));
        if (!retryable) {
          if (result.errors?.length || !result.data)
            throw new Error(`${query}: HTTP ${result.status} ${JSON.stringify(result.errors)}`);
          return result.data;
        }
      }
      this.retried += 1;
      if (Date.now() > deadline) throw new Error(`${query}: still failing after ${attempt + 1} attempts`);
      await sleep(Math.min(1_000, 50 * 2 ** attempt));
    }
  }

  async register(role: 'STUDENT' | 'INSTRUCTOR'): Promise<{ id: string; token: string }> {
    const input = {
      email: `${unique(role.toLowerCase())}@example.com`,
      password: `Secret-${unique('pw')}`,
      displayName: role === 'STUDENT' ? 'Replica Learner' : 'Replica Instructor',
      role,
    };
    try {
      const { register } = await this.request<{ register: { accessToken: string; user: { id: string } } }>(
        'mutation R($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }',
        { input },
      );
      return { id: register.user.id, token: register.accessToken };
    } catch (error) {
      // The email is new to this call: a conflict means an attempt whose answer was lost (a timeout
      // on the loaded machine) registered it. Sign in instead.
      if (!String(error).includes('"CONFLICT"')) throw error;
      const { login } = await this.request<{ login: { accessToken: string; user: { id: string } } }>(
        'mutation L($input: LoginInput!) { login(input: $input) { accessToken user { id } } }',
        { input: { email: input.email, password: input.password } },
      );
      return { id: login.user.id, token: login.accessToken };
    }
  }

  /** A one-step multiple-choice quest (answer "B"). */
  async createQuest(token: string, xpReward: number): Promise<{ id: string; stepId: string }> {
    const { createQuest } = await this.request<{ createQuest: { id: string; steps: Array<{ id: string }> } }>(
      'mutation Q($input: CreateQuestInput!) { createQuest(input: $input) { id steps { id } } }',
      {
        input: {
          slug: unique('replica_quest').replace(/-/g, '_'),
          title: 'Replica quest',
          description: 'One question.',
          category: 'python_basics',
          difficulty: 'BEGINNER',
          xpReward,
          steps: [
            {
              prompt: 'Which keyword defines a function?',
              kind: 'MULTIPLE_CHOICE',
              choices: ['func', 'def'],
              acceptedAnswers: ['B'],
            },
          ],
        },
      },
      token,
    );
    return { id: createQuest.id, stepId: createQuest.steps[0]!.id };
  }

  /** Starts the quest (or gets the run in progress) and answers its step; resolves once completed. */
  async complete(token: string, quest: { id: string; stepId: string }): Promise<void> {
    const { startQuest } = await this.request<{ startQuest: { id: string } }>(
      'mutation S($id: ID!) { startQuest(questId: $id) { id } }',
      { id: quest.id },
      token,
    );
    const { submitAnswer } = await this.request<{ submitAnswer: { correct: boolean; progress: { status: string } } }>(
      'mutation A($p: ID!, $s: ID!) { submitAnswer(progressId: $p, stepId: $s, answer: "B") { correct progress { status } } }',
      { p: startQuest.id, s: quest.stepId },
      token,
    );
    if (!submitAnswer.correct || submitAnswer.progress.status !== 'COMPLETED') throw new Error('the quest did not complete');
  }
}

/** Runs `work` for every item, `concurrency` at a time. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}
