/**
 * The heart of DoctorPy, end to end through the gateway on real Postgres, Redis and NATS: a
 * learner completes a quest; quests announces it; gamification awards XP, a level and the
 * first-quest badge; notifications tells the learner live; analytics sees it live and in its
 * figures. Subscribers select fields of several subgraphs and get them resolved.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { connect, subscribe } from '#platform/testing/subscriptions.ts';
import { catalogEntry } from '#platform/catalog.ts';
import { composeSupergraph } from '#platform/composition.ts';
import { liveTopic } from '#platform/graphql/live.ts';
import { createRuntime } from '#platform/runtime.ts';
import { createGateway } from '../src/app.ts';
import { createQuest, grantRole, playQuest, signInAdmin, TEST_ADMIN } from './quest-helpers.ts';

let platform: TestStack;
let instructor: TestUser;
let learner: TestUser;
let bystander: TestUser;
let analystToken: string;
let questId: string;

const metricsOf = async () => (await fetch(platform.url.replace(/graphql$/, 'metrics'))).text();
const activeSubscriptions = async () => Number(/graphql_subscriptions_active\{[^}]*\} (\d+)/.exec(await metricsOf())?.[1] ?? NaN);
/** What the response cache has been asked so far (lookups and stores, all audiences). */
const responseCacheUse = async () =>
  [...(await metricsOf()).matchAll(/^response_cache_(?:hits|misses|stores)_total\{[^}]*\} (\S+)$/gm)].reduce(
    (total, [, value]) => total + Number(value),
    0,
  );

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'profiles', 'courses', 'quests', 'gamification', 'notifications', 'analytics'],
    env: { ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password },
  });
  instructor = await platform.signUp('INSTRUCTOR', 'Quest Author');
  learner = await platform.signUp('STUDENT', 'Lena Learner');
  bystander = await platform.signUp('STUDENT', 'Bob Bystander');
  const analyst = await platform.signUp('STUDENT', 'Ana Analyst');
  analystToken = await grantRole(platform, await signInAdmin(platform), analyst, 'ANALYST');
  questId = await createQuest(platform, instructor.accessToken, { xpReward: 150 });
});
afterAll(() => platform?.close());

describe('completing a quest', () => {
  it('awards XP, a level and the first-quest badge, tells the learner live and feeds the analysts', async () => {
    const before = await platform.data<{ platformStats: { questsCompleted: number; xpAwarded: number } }>(
      '{ platformStats { questsCompleted xpAwarded } }',
    );

    const learnerSocket = connect(platform.url, learner.accessToken);
    const bystanderSocket = connect(platform.url, bystander.accessToken);
    const analystSocket = connect(platform.url, analystToken);
    const notifications = subscribe<{
      notificationAdded: {
        kind: string;
        title: string;
        badge: { slug: string; name: string } | null;
        user: { displayName: string; xp: number };
      };
    }>(learnerSocket, `subscription { notificationAdded { kind title badge { slug name } user { displayName xp } } }`);
    const completions = subscribe<{
      questCompleted: { score: number; xpAwarded: number; quest: { title: string }; user: { displayName: string } };
    }>(learnerSocket, `subscription { questCompleted { score xpAwarded quest { title } user { displayName } } }`);
    const strangerNotifications = subscribe(bystanderSocket, `subscription { notificationAdded { id } }`);
    const strangerCompletions = subscribe(bystanderSocket, `subscription { questCompleted { score } }`);
    const activity = subscribe<{ activity: { type: string; user: { displayName: string }; quest: { title: string } | null } }>(
      analystSocket,
      `subscription Feed($types: [String!]) { activity(types: $types) { type user { displayName } quest { title } } }`,
      { types: ['QUEST_COMPLETED'] },
    );
    await eventually(async () => ((await activeSubscriptions()) === 5 ? true : undefined), 5_000, 'subscriptions registered');

    const completion = await playQuest(platform, learner.accessToken, questId);
    expect(completion).toMatchObject({ status: 'COMPLETED', score: 100, xpAwarded: 150 });

    const completed = await completions.next();
    expect(completed.data?.questCompleted).toEqual({
      score: 100,
      xpAwarded: 150,
      quest: { title: 'Loop quest' },
      user: { displayName: 'Lena Learner' },
    });

    // 150 XP at 100/100: level 2 (from 100 XP), the first-quest and perfect-score badges.
    const received = [await notifications.next(), await notifications.next(), await notifications.next()].map(
      (result) => result.data!.notificationAdded,
    );
    const badges = received.filter((notification) => notification.kind === 'BADGE_UNLOCKED');
    expect(badges.map((notification) => notification.badge?.slug).sort()).toEqual(['first-quest', 'perfect-score']);
    const firstQuest = badges.find((notification) => notification.badge?.slug === 'first-quest');
    expect(firstQuest).toMatchObject({ title: 'Badge unlocked: First Quest', user: { displayName: 'Lena Learner', xp: 150 } });
    expect(received.find((notification) => notification.kind === 'LEVEL_UP')?.title).toMatch(/Level 2/);

    const seen = await activity.next();
    expect(seen.data?.activity).toEqual({
      type: 'QUEST_COMPLETED',
      user: { displayName: 'Lena Learner' },
      quest: { title: 'Loop quest' },
    });

    const { me } = await platform.data<{
      me: { xp: number; level: number; badges: Array<{ slug: string }>; streak: { current: number } };
    }>('{ me { xp level badges { slug } streak { current } } }', {}, learner.accessToken);
    expect({ ...me, badges: me.badges.map((badge) => badge.slug).sort() }).toEqual({
      xp: 150,
      level: 2,
      badges: ['first-quest', 'perfect-score'],
      streak: { current: 1 },
    });

    await eventually(async () => {
      const stats = await platform.data<{ myStats: { questsCompleted: number; xpEarned: number } }>(
        '{ myStats { questsCompleted xpEarned } }',
        {},
        learner.accessToken,
      );
      return stats.myStats.xpEarned === 150 ? stats : undefined;
    });
    const after = await platform.data<{ platformStats: { questsCompleted: number; xpAwarded: number } }>(
      '{ platformStats { questsCompleted xpAwarded } }',
    );
    expect(after.platformStats.questsCompleted - before.platformStats.questsCompleted).toBe(1);
    expect(after.platformStats.xpAwarded - before.platformStats.xpAwarded).toBe(150);

    // Nobody else heard about it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(strangerNotifications.results).toEqual([]);
    expect(strangerCompletions.results).toEqual([]);

    // Each push's phases are measured (bench:events reads them): one questCompleted push, to the learner (the bystander was not concerned).
    const pushPhases = [
      ...(await metricsOf()).matchAll(/^graphql_subscription_delivery_seconds_count\{([^}]*)\} (\S+)$/gm),
    ].flatMap(([, labels, count]) =>
      labels!.includes('field="questCompleted"') ? [[/phase="(\w+)"/.exec(labels!)![1], Number(count)]] : [],
    );
    expect(Object.fromEntries(pushPhases)).toEqual({ lag: 1, queued: 1, answer: 1 });

    // Closing the sockets releases every subscription.
    for (const socket of [learnerSocket, bystanderSocket, analystSocket]) await socket.dispose();
    await eventually(async () => ((await activeSubscriptions()) === 0 ? true : undefined), 5_000, 'subscriptions released');
  });
});

describe('who may subscribe to what', () => {
  it("refuses another learner's quest completions and the activity feed to a student", async () => {
    const socket = connect(platform.url, bystander.accessToken);
    const spying = subscribe(socket, `subscription ($id: ID) { questCompleted(userId: $id) { score } }`, { id: learner.id });
    const feed = subscribe(socket, `subscription { activity { type } }`);
    for (const attempt of [spying, feed]) {
      const outcome = await attempt.ended;
      expect(JSON.stringify(outcome.error)).toContain('FORBIDDEN');
    }
    await socket.dispose();
  });

  it('refuses notifications to an anonymous socket and a bad token at connection', async () => {
    const anonymous = connect(platform.url);
    const outcome = await subscribe(anonymous, `subscription { notificationAdded { id } }`).ended;
    expect(JSON.stringify(outcome.error)).toContain('UNAUTHENTICATED');
    await anonymous.dispose();

    const forged = connect(platform.url, `${learner.accessToken.slice(0, -4)}AAAA`);
    const rejected = await subscribe(forged, `subscription { notificationAdded { id } }`).ended;
    expect((rejected.error as { code?: number }).code).toBe(4403);
    await forged.dispose();
  });

  it('lets an analyst follow one learner by id', async () => {
    const socket = connect(platform.url, analystToken);
    const followed = subscribe<{ questCompleted: { user: { displayName: string } } }>(
      socket,
      `subscription ($id: ID) { questCompleted(userId: $id) { user { displayName } } }`,
      {
        id: bystander.id,
      },
    );
    await eventually(async () => ((await activeSubscriptions()) >= 1 ? true : undefined));
    const cacheUseBefore = await responseCacheUse();
    await playQuest(platform, learner.accessToken, questId); // someone else: not delivered
    await playQuest(platform, bystander.accessToken, questId);
    expect((await followed.next()).data?.questCompleted.user.displayName).toBe('Bob Bystander');
    // A push answers one event for one subscriber: never looked up in, nor written to, the response cache.
    expect(await responseCacheUse()).toBe(cacheUseBefore);
    await socket.dispose();
  });
});

describe('several gateway replicas', () => {
  it('each deliver to their own subscribers, whichever replica took the mutation', async () => {
    // A second gateway process in all but name: its own runtime, its own NATS connection.
    const replicaRuntime = createRuntime(platform.runtime.env, 'gateway-replica');
    const subgraphUrls = platform.stack.subgraphUrls;
    const replica = await createGateway(replicaRuntime, {
      supergraph: {
        sdl: composeSupergraph(
          Object.entries(subgraphUrls).map(([name, url]) => ({ name, url, schemaFile: catalogEntry(name).schemaFile })),
        ),
      },
      subgraphUrls,
      jwksUrl: new URL('/.well-known/jwks.json', subgraphUrls.accounts!).toString(),
    });
    const replicaUrl = await replica.listen(0);
    try {
      const learnerOfReplica = await platform.signUp('STUDENT', 'Rita Replica');
      const socket = connect(replicaUrl, learnerOfReplica.accessToken);
      const completions = subscribe<{ questCompleted: { user: { displayName: string } } }>(
        socket,
        'subscription { questCompleted { user { displayName } } }',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await playQuest(platform, learnerOfReplica.accessToken, questId); // through the first gateway
      expect((await completions.next()).data?.questCompleted.user.displayName).toBe('Rita Replica');
      await socket.dispose();
    } finally {
      await replica.close();
      await replicaRuntime.close();
    }
  });
});

describe('leaderboards', () => {
  it('push the new top on leaderboardChanged and survive a Redis flush', async () => {
    const socket = connect(platform.url, learner.accessToken);
    const board = subscribe<{ leaderboardChanged: Array<{ rank: number; user: { displayName: string }; xp: number }> }>(
      socket,
      `subscription { leaderboardChanged(scope: GLOBAL, first: 50) { rank xp user { displayName } } }`,
    );
    await eventually(async () => ((await activeSubscriptions()) >= 1 ? true : undefined));
    const climber = await platform.signUp('STUDENT', unique('Climber'));
    await playQuest(platform, climber.accessToken, await createQuest(platform, instructor.accessToken, { xpReward: 500 }));
    const pushed = await eventually(
      async () => {
        const latest = board.results.at(-1)?.data?.leaderboardChanged;
        return latest?.some((entry) => entry.user.displayName === climber.displayName) ? latest : undefined;
      },
      10_000,
      'the climber on the pushed leaderboard',
    );
    const query = `{ leaderboard(scope: GLOBAL, first: 50) { rank xp user { id } } }`;
    const { leaderboard } = await platform.data<{ leaderboard: Array<{ rank: number; xp: number; user: { id: string } }> }>(
      query,
    );
    expect(pushed.map((entry) => entry.xp)).toEqual(leaderboard.map((entry) => entry.xp));

    // Redis is a cache: emptied, the leaderboard comes back identical from the XP ledger.
    const redis = platform.runtime.redis()!;
    const keys = await redis.keys(`${platform.runtime.env.EVENTS_NAMESPACE}:lb:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect((await platform.data<{ leaderboard: unknown }>(query)).leaderboard).toEqual(leaderboard);
    await socket.dispose();
  });
});

describe('subscription arguments', () => {
  it('refuses a COURSE leaderboard without a course, unknown event names, and subscriptions over HTTP', async () => {
    const socket = connect(platform.url, analystToken);
    const noCourse = await subscribe(socket, `subscription { leaderboardChanged(scope: COURSE) { rank } }`).ended;
    expect(JSON.stringify(noCourse.error)).toContain('BAD_USER_INPUT');
    const unknown = await subscribe(socket, `subscription { activity(types: ["QUEST_COMPLETED", "NO_SUCH_EVENT"]) { type } }`)
      .ended;
    expect(JSON.stringify(unknown.error)).toContain('BAD_USER_INPUT');
    expect(JSON.stringify(unknown.error)).toContain('NO_SUCH_EVENT');
    await socket.dispose();

    const overHttp = await platform.gql(`subscription { notificationAdded { id } }`, {}, learner.accessToken);
    expect(overHttp.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('coalesces a burst of leaderboard signals into a few answers', async () => {
    const before = await activeSubscriptions();
    const socket = connect(platform.url, learner.accessToken);
    const board = subscribe(socket, `subscription { leaderboardChanged(scope: GLOBAL, first: 5) { rank } }`);
    await eventually(async () => ((await activeSubscriptions()) > before ? true : undefined));
    // The topic gamification publishes is the one its schema declares.
    const topic = liveTopic(catalogEntry('gamification').schemaFile, 'leaderboardChanged');
    const bus = platform.runtime.eventBus();
    for (let signal = 0; signal < 40; signal += 1) bus.publishLive(topic, { userId: learner.id, courseId: null });
    await eventually(async () => (board.results.length > 0 ? true : undefined), 10_000, 'a leaderboard answer');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(board.results.length).toBeLessThanOrEqual(5);
    expect(board.results.at(-1)?.errors).toBeUndefined();
    await socket.dispose();
  });
});
