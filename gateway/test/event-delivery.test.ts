/**
 * Nothing is lost and nothing happens twice, on a nats-server of the test's own that it stops
 * and restarts under the running platform.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deliveryInterceptors } from '#platform/events/subgraph-events.ts';
import { startNatsServer, type TestNatsServer } from '#platform/testing/nats-server.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { createQuest, playQuest, signInAdmin, TEST_ADMIN } from './quest-helpers.ts';

let nats: TestNatsServer;
let platform: TestStack;
let instructor: TestUser;

const xpOf = async (user: TestUser) => (await platform.data<{ me: { xp: number } }>('{ me { xp } }', {}, user.accessToken)).me.xp;

beforeAll(async () => {
  nats = await startNatsServer();
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses', 'quests', 'gamification', 'notifications', 'analytics'],
    env: { NATS_URL: nats.url, ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, EVENT_MAX_ATTEMPTS: '3' },
  });
  instructor = await platform.signUp('INSTRUCTOR');
});
afterAll(async () => {
  await platform?.close();
  await nats?.dispose();
});

describe('with the broker down', () => {
  it('still completes quests, and awards every XP exactly once when the broker is back', async () => {
    const learner = await platform.signUp();
    const quests = [
      await createQuest(platform, instructor.accessToken, { xpReward: 100 }),
      await createQuest(platform, instructor.accessToken, { xpReward: 40 }),
    ];
    const third = await createQuest(platform, instructor.accessToken, { xpReward: 10 });

    await playQuest(platform, learner.accessToken, quests[0]!);
    await eventually(async () => ((await xpOf(learner)) === 100 ? true : undefined), 10_000, 'XP before the outage');

    await nats.stop();
    expect(await playQuest(platform, learner.accessToken, quests[1]!)).toMatchObject({ status: 'COMPLETED', xpAwarded: 40 });
    expect(await playQuest(platform, learner.accessToken, third)).toMatchObject({ status: 'COMPLETED', xpAwarded: 10 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await xpOf(learner)).toBe(100); // announced, but waiting in the quests outbox

    await nats.start();
    await eventually(async () => ((await xpOf(learner)) === 150 ? true : undefined), 30_000, 'XP after the broker came back');
    // The relays may publish some events twice around the outage; the broker and the inboxes absorb it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await xpOf(learner)).toBe(150);
    const { me } = await platform.data<{ me: { badges: Array<{ slug: string }> } }>(
      '{ me { badges { slug } } }',
      {},
      learner.accessToken,
    );
    // Each badge once, however often its events were published.
    expect(me.badges.map((badge) => badge.slug)).toEqual(['first-quest', 'perfect-score']);
  }, 60_000);
});

describe('a consumer failing mid-way', () => {
  it.each(['before-commit', 'before-ack'] as const)(
    'is redelivered after a crash %s, and the effect happens once',
    async (stage) => {
      const learner = await platform.signUp();
      const questId = await createQuest(platform, instructor.accessToken, { xpReward: 70 });
      let failures = 0;
      const interceptors = deliveryInterceptors(platform.runtime);
      const crash = (at: string, consumer: string, event: { name: string; payload: unknown }) => {
        if (
          at === stage &&
          consumer === 'gamification-progress' &&
          event.name === 'QUEST_COMPLETED' &&
          (event.payload as { userId: string }).userId === learner.id &&
          failures === 0
        ) {
          failures += 1;
          throw new Error(`simulated crash ${stage}`);
        }
      };
      interceptors.push(crash);
      try {
        await playQuest(platform, learner.accessToken, questId);
        await eventually(async () => ((await xpOf(learner)) === 70 ? true : undefined), 15_000, 'XP after the redelivery');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(failures).toBe(1);
        expect(await xpOf(learner)).toBe(70);
      } finally {
        interceptors.splice(interceptors.indexOf(crash), 1);
      }
    },
    30_000,
  );
});

describe('a poison event', () => {
  it('lands in the dead-letter stream while the other events keep flowing', async () => {
    const poison = {
      id: randomUUID(),
      name: 'QUEST_COMPLETED',
      version: 1,
      source: 'quests',
      occurredAt: new Date().toISOString(),
      payload: {
        progressId: 'p',
        userId: 'u',
        questId: 'q',
        questSlug: 's',
        questTitle: 't',
        score: 'all of it',
        xpAwarded: 10,
        firstCompletion: true,
        courseId: null,
      },
    };
    await platform.runtime.eventBus().publish(poison as never);

    const learner = await platform.signUp();
    await playQuest(platform, learner.accessToken, await createQuest(platform, instructor.accessToken, { xpReward: 30 }));
    await eventually(async () => ((await xpOf(learner)) === 30 ? true : undefined), 10_000, 'XP after the poison');

    const admin = await signInAdmin(platform);
    const letters = await eventually(
      async () => {
        const { deadLetters } = await platform.data<{
          deadLetters: { edges: Array<{ node: { consumer: string; eventId: string; reason: string } }> };
        }>('{ deadLetters(first: 50) { edges { node { consumer eventId reason } } } }', {}, admin);
        const mine = deadLetters.edges.map((edge) => edge.node).filter((node) => node.eventId === poison.id);
        return mine.length >= 2 ? mine : undefined;
      },
      10_000,
      'dead letters recorded',
    );
    expect(letters.map((letter) => letter.consumer).sort()).toEqual(['analytics-store', 'gamification-progress']);
    expect(letters.every((letter) => /score/.test(letter.reason))).toBe(true);
  }, 30_000);
});
