/**
 * Notifications end to end: events published on the bus as the other subgraphs publish them become
 * the right user's notifications, read through the gateway; NOTIFICATION_CREATED follows each one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import type { BusSignal } from '#platform/events/bus.ts';
import { createEnvelope, type EventEnvelope } from '#platform/events/envelope.ts';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  readAt: string | null;
  createdAt: string;
  user: { id: string };
  badge: { id: string; slug: string } | null;
}

interface Feed {
  totalCount: number;
  unreadCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: NotificationView }>;
}

// badge { slug } comes from notifications itself (@provides): gamification does not run in this stack.
const FIELDS = 'id kind title body readAt createdAt user { id } badge { id slug }';
const FEED = `query Feed($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    totalCount unreadCount pageInfo { hasNextPage endCursor } edges { cursor node { ${FIELDS} } }
  }
}`;
const ONE = `query One($id: ID!) { notification(id: $id) { ${FIELDS} } }`;
const MARK = `mutation Mark($id: ID!) { markNotificationRead(id: $id) { id readAt } }`;
const MARK_ALL = `mutation { markAllNotificationsRead }`;
const PREFERENCES = `{ notificationPreferences { kind inApp } }`;
const SET_PREFERENCE = `mutation P($kind: NotificationKind!, $inApp: Boolean!) {
  setNotificationPreference(kind: $kind, inApp: $inApp) { kind inApp }
}`;

let platform: TestStack;
let alice: TestUser;
let bob: TestUser;
/** NOTIFICATION_CREATED envelopes seen on the bus, each with `notification(id)` asked at once. */
const created: Array<{ envelope: EventEnvelope<'NOTIFICATION_CREATED'>; lookup: Promise<unknown> }> = [];
/** EMAIL_PREFERENCE_CHANGED envelopes seen on the bus. */
const preferenceChanges: Array<EventEnvelope<'EMAIL_PREFERENCE_CHANGED'>> = [];
let stopListening: () => void;

const publish = (envelope: EventEnvelope) => platform.runtime.eventBus().publish(envelope);

const badge = (userId: string, name = unique('Badge')) =>
  createEnvelope(
    'ACHIEVEMENT_UNLOCKED',
    { userId, badgeId: randomUUID(), badgeSlug: name.toLowerCase(), badgeName: name, badgeDescription: `You earned ${name}.` },
    'gamification',
  );
const level = (userId: string, reached: number, totalXp: number) =>
  createEnvelope('LEVEL_REACHED', { userId, level: reached, totalXp }, 'gamification');
const courseCompleted = (userId: string, courseTitle: string) =>
  createEnvelope('COURSE_COMPLETED', { enrollmentId: randomUUID(), userId, courseId: randomUUID(), courseTitle }, 'courses');

const feed = async (user: TestUser, variables: Record<string, unknown> = {}) =>
  (await platform.data<{ notifications: Feed }>(FEED, { first: 100, ...variables }, user.accessToken)).notifications;

/** Waits until the user's notification made from `event` exists, and returns it. */
const notificationFrom = (user: TestUser, title: string) =>
  eventually(async () => (await feed(user)).edges.find((edge) => edge.node.title === title)?.node, 10_000, `"${title}"`);

beforeAll(async () => {
  // Without gamification (its effects would add notifications of their own to the events these
  // tests publish): the stack composes its schema, for the Badge.slug notifications provides.
  platform = await startTestStack({ subgraphs: ['accounts', 'notifications'] });
  // What the gateway does for `notificationAdded`: look the notification up as soon as the event passes.
  stopListening = platform.runtime.eventBus().listen((signal: BusSignal) => {
    const envelope = signal.data as EventEnvelope;
    if (signal.channel === 'event' && envelope.name === 'EMAIL_PREFERENCE_CHANGED')
      preferenceChanges.push(envelope as EventEnvelope<'EMAIL_PREFERENCE_CHANGED'>);
    if (signal.channel !== 'event' || envelope.name !== 'NOTIFICATION_CREATED') return;
    const { notificationId, userId } = (envelope as EventEnvelope<'NOTIFICATION_CREATED'>).payload;
    const owner = [alice, bob].find((user) => user?.id === userId);
    created.push({
      envelope: envelope as EventEnvelope<'NOTIFICATION_CREATED'>,
      lookup: owner ? platform.gql(ONE, { id: notificationId }, owner.accessToken) : Promise.resolve(undefined),
    });
  });
  alice = await platform.signUp('STUDENT', 'Alice');
  bob = await platform.signUp('STUDENT', 'Bob');
});
afterAll(async () => {
  stopListening?.();
  await platform?.close();
});

describe('notifications from events', () => {
  it('notifies the right user of a badge, a level and a completed course, newest first', async () => {
    const badgeEvent = badge(alice.id, unique('Loop Master'));
    const levelEvent = level(alice.id, 3, 1_250);
    const courseEvent = courseCompleted(alice.id, 'Python Basics');
    for (const event of [badgeEvent, levelEvent, courseEvent]) await publish(event);

    await notificationFrom(alice, 'Course completed: Python Basics');
    const { edges, totalCount, unreadCount } = await feed(alice);
    expect(totalCount).toBe(3);
    expect(unreadCount).toBe(3);
    expect(edges.map((edge) => edge.node.kind)).toEqual(['COURSE_COMPLETED', 'LEVEL_UP', 'BADGE_UNLOCKED']);
    const [course, levelUp, badgeUnlocked] = edges.map((edge) => edge.node) as [
      NotificationView,
      NotificationView,
      NotificationView,
    ];
    expect(badgeUnlocked).toMatchObject({
      title: `Badge unlocked: ${badgeEvent.payload.badgeName}`,
      body: badgeEvent.payload.badgeDescription,
      badge: { id: badgeEvent.payload.badgeId, slug: badgeEvent.payload.badgeSlug },
      user: { id: alice.id },
      readAt: null,
    });
    expect(levelUp).toMatchObject({ title: 'Level 3 reached!', badge: null, user: { id: alice.id } });
    expect(levelUp.body).toContain('1,250 XP');
    expect(course).toMatchObject({ title: 'Course completed: Python Basics', badge: null });
    expect(course.body).toMatch(/Congratulations/);
    expect(course.body).toContain('Python Basics');

    // Bob sees none of them, not even by id.
    expect((await feed(bob)).totalCount).toBe(0);
    const stranger = await platform.gql(ONE, { id: badgeUnlocked.id }, bob.accessToken);
    expect(errorCode(stranger)).toBe('NOT_FOUND');
    expect(stranger.data?.notification ?? null).toBeNull();
    const own = await platform.data<{ notification: NotificationView }>(ONE, { id: badgeUnlocked.id }, alice.accessToken);
    expect(own.notification).toEqual(badgeUnlocked);
  });

  it('shows no badge, and no error, on a badge notification stored before badge slugs were', async () => {
    const carol = await platform.signUp('STUDENT', 'Carol');
    const event = badge(carol.id, unique('Old Timer'));
    await publish(event);
    const made = await notificationFrom(carol, `Badge unlocked: ${event.payload.badgeName}`);
    expect(made.badge).toEqual({ id: event.payload.badgeId, slug: event.payload.badgeSlug });
    // As a row written before the migration that added the column: the slug it cannot provide.
    const sql = new pg.Pool({
      connectionString: subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'notifications'),
      max: 1,
    });
    try {
      await sql.query(`UPDATE "Notification" SET "badgeSlug" = NULL WHERE id = $1`, [made.id]);
    } finally {
      await sql.end();
    }
    const result = await platform.gql<{ notification: NotificationView }>(ONE, { id: made.id }, carol.accessToken);
    expect(result.errors).toBeUndefined();
    expect(result.data?.notification).toMatchObject({ id: made.id, kind: 'BADGE_UNLOCKED', badge: null });
  });

  it('publishes NOTIFICATION_CREATED once the notification can be read', async () => {
    const title = unique('Announced');
    await publish(badge(alice.id, title));
    const notification = await notificationFrom(alice, `Badge unlocked: ${title}`);
    const seen = await eventually(
      async () => created.find((entry) => entry.envelope.payload.notificationId === notification.id),
      10_000,
      'NOTIFICATION_CREATED on the bus',
    );
    expect(seen.envelope).toMatchObject({
      source: 'notifications',
      payload: { notificationId: notification.id, userId: alice.id, kind: 'BADGE_UNLOCKED' },
    });
    // Asked the moment the event passed, as the gateway's notificationAdded does.
    const lookup = (await seen.lookup) as { data?: { notification: NotificationView | null }; errors?: unknown };
    expect(lookup.errors).toBeUndefined();
    expect(lookup.data?.notification?.id).toBe(notification.id);
  });

  it('makes one notification from an event delivered several times', async () => {
    const title = unique('Once');
    const event = badge(bob.id, title);
    await publish(event);
    await publish(event);
    // A replay skips the bus' duplicate check: only the inbox stands between it and a second notification.
    await platform.runtime.eventBus().publish(event, { replayFor: 'notifications-inbox' });
    const barrier = unique('Barrier');
    await publish(badge(bob.id, barrier));
    await notificationFrom(bob, `Badge unlocked: ${barrier}`);

    const matching = (await feed(bob)).edges.filter((edge) => edge.node.title === `Badge unlocked: ${title}`);
    expect(matching).toHaveLength(1);
    const announced = created.filter((entry) => entry.envelope.payload.notificationId === matching[0]!.node.id);
    expect(announced).toHaveLength(1);
  });

  it('makes nothing of a kind the user turned off, and again once turned back on', async () => {
    const user = await platform.signUp('STUDENT', 'Quiet');
    const preferences = async () =>
      (
        await platform.data<{ notificationPreferences: Array<{ kind: string; inApp: boolean }> }>(
          PREFERENCES,
          {},
          user.accessToken,
        )
      ).notificationPreferences;
    expect(await preferences()).toEqual([
      { kind: 'BADGE_UNLOCKED', inApp: true },
      { kind: 'LEVEL_UP', inApp: true },
      { kind: 'COURSE_COMPLETED', inApp: true },
      { kind: 'ANNOUNCEMENT', inApp: true },
    ]);
    const off = await platform.data<{ setNotificationPreference: { kind: string; inApp: boolean } }>(
      SET_PREFERENCE,
      { kind: 'LEVEL_UP', inApp: false },
      user.accessToken,
    );
    expect(off.setNotificationPreference).toEqual({ kind: 'LEVEL_UP', inApp: false });
    expect(await preferences()).toContainEqual({ kind: 'LEVEL_UP', inApp: false });

    const silenced = level(user.id, 2, 300);
    await publish(silenced);
    const barrier = unique('After silence');
    await publish(badge(user.id, barrier));
    await notificationFrom(user, `Badge unlocked: ${barrier}`);
    const afterSilence = await feed(user);
    expect(afterSilence.edges.map((edge) => edge.node.kind)).toEqual(['BADGE_UNLOCKED']);

    await platform.data(SET_PREFERENCE, { kind: 'LEVEL_UP', inApp: true }, user.accessToken);
    await publish(level(user.id, 3, 900));
    await notificationFrom(user, 'Level 3 reached!');
    expect((await feed(user)).edges.map((edge) => edge.node.title)).not.toContain('Level 2 reached!');
  });
});

describe("a user's notification feed", () => {
  let carol: TestUser;
  let ids: string[];

  beforeAll(async () => {
    carol = await platform.signUp('STUDENT', 'Carol');
    const titles = Array.from({ length: 5 }, (_, index) => unique(`Badge ${index}`));
    for (const title of titles) await publish(badge(carol.id, title));
    await notificationFrom(carol, `Badge unlocked: ${titles.at(-1)}`);
    ids = (await feed(carol)).edges.map((edge) => edge.node.id);
  });

  it('pages newest first with cursors', async () => {
    const seen: NotificationView[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Feed = await feed(carol, { first: 2, after });
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((edge) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.map((node) => node.id)).toEqual(ids);
    const times = seen.map((node) => Date.parse(node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(errorCode(await platform.gql(FEED, { first: 0 }, carol.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(FEED, { after: 'not-a-cursor' }, carol.accessToken))).toBe('BAD_USER_INPUT');
  });

  it('marks one read, once, and only for its owner', async () => {
    const target = ids[1]!;
    expect(errorCode(await platform.gql(MARK, { id: target }, bob.accessToken))).toBe('NOT_FOUND');
    expect((await feed(carol)).unreadCount).toBe(5);

    const first = await platform.data<{ markNotificationRead: { id: string; readAt: string } }>(
      MARK,
      { id: target },
      carol.accessToken,
    );
    expect(Date.parse(first.markNotificationRead.readAt)).not.toBeNaN();
    const again = await platform.data<{ markNotificationRead: { readAt: string } }>(MARK, { id: target }, carol.accessToken);
    expect(again.markNotificationRead.readAt).toBe(first.markNotificationRead.readAt);

    const unread = await feed(carol, { unreadOnly: true });
    expect(unread.totalCount).toBe(4);
    expect(unread.unreadCount).toBe(4);
    expect(unread.edges.map((edge) => edge.node.id)).toEqual(ids.filter((id) => id !== target));
    expect((await feed(carol)).unreadCount).toBe(4);
  });

  it('marks all read and counts what it marked', async () => {
    expect(
      (await platform.data<{ markAllNotificationsRead: number }>(MARK_ALL, {}, carol.accessToken)).markAllNotificationsRead,
    ).toBe(4);
    expect(
      (await platform.data<{ markAllNotificationsRead: number }>(MARK_ALL, {}, carol.accessToken)).markAllNotificationsRead,
    ).toBe(0);
    const all = await feed(carol);
    expect(all.unreadCount).toBe(0);
    expect(all.totalCount).toBe(5);
    expect(all.edges.every((edge) => edge.node.readAt !== null)).toBe(true);
    expect((await feed(carol, { unreadOnly: true })).edges).toEqual([]);
  });

  it('is for signed-in users only', async () => {
    expect(errorCode(await platform.gql(FEED))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(MARK_ALL))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(PREFERENCES))).toBe('UNAUTHENTICATED');
  });

  it('resolves a Notification entity for its recipient only', async () => {
    const query = `query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on Notification { id title } } }`;
    const representations = [{ __typename: 'Notification', id: ids[0] }];
    const asOwner = await platform.subgraphGql<{ _entities: Array<{ id: string } | null> }>(
      'notifications',
      query,
      { representations },
      carol.accessToken,
    );
    expect(asOwner.data?._entities[0]?.id).toBe(ids[0]);
    const asStranger = await platform.subgraphGql<{ _entities: Array<unknown> }>(
      'notifications',
      query,
      { representations },
      bob.accessToken,
    );
    expect(asStranger.data?._entities).toEqual([null]);
  });
});

describe('announcements', () => {
  it('notify the learners enrolled now, once each, pointing at the conversation', async () => {
    const [ada, ben, author] = await Promise.all([
      platform.signUp('STUDENT', 'Ada'),
      platform.signUp('STUDENT', 'Ben'),
      platform.signUp('INSTRUCTOR', 'Author'),
    ]);
    const courseId = randomUUID();
    const enrollment = (userId: string) => ({ enrollmentId: randomUUID(), userId, courseId });
    for (const userId of [ada.id, ben.id, author.id])
      await publish(createEnvelope('ENROLLMENT_CREATED', enrollment(userId), 'courses'));
    // Later than his enrollment (replicas keep the newest fact by its time).
    await new Promise((resolve) => setTimeout(resolve, 5));
    await publish(createEnvelope('ENROLLMENT_ENDED', { ...enrollment(ben.id), reason: 'REFUNDED' }, 'courses'));
    const announcement = (title: string) =>
      createEnvelope(
        'ANNOUNCEMENT_POSTED',
        {
          messageId: randomUUID(),
          conversationId,
          courseId,
          courseTitle: 'Python Basics',
          authorId: author.id,
          title,
          excerpt: 'Bring your laptop.',
        },
        'messaging',
      );
    const conversationId = randomUUID();
    const posted = announcement('Exam on Friday');
    await publish(posted);
    // A replay skips the bus' duplicate check: only the inbox stands between it and a second notification.
    await platform.runtime.eventBus().publish(posted, { replayFor: 'notifications-announcements' });
    await publish(announcement('Barrier'));

    const ANNOUNCEMENTS = `{ notifications(first: 10) { edges { node { kind title body conversation { id } } } } }`;
    const announcementsOf = async (user: TestUser) =>
      (
        await platform.data<{
          notifications: { edges: Array<{ node: { kind: string; title: string; conversation: { id: string } | null } }> };
        }>(ANNOUNCEMENTS, {}, user.accessToken)
      ).notifications.edges
        .filter((edge) => edge.node.kind === 'ANNOUNCEMENT')
        .map((edge) => edge.node);
    await eventually(
      async () => ((await announcementsOf(ada)).some((node) => node.title.endsWith('Barrier')) ? true : undefined),
      10_000,
      "Ada's announcements",
    );
    expect((await announcementsOf(ada)).filter((node) => !node.title.endsWith('Barrier'))).toEqual([
      {
        kind: 'ANNOUNCEMENT',
        title: 'Python Basics: Exam on Friday',
        body: 'Bring your laptop.',
        conversation: { id: conversationId },
      },
    ]);
    // Ben's enrollment ended; the author does not notify themself.
    expect(await announcementsOf(ben)).toEqual([]);
    expect(await announcementsOf(author)).toEqual([]);
  });
});

describe('email preferences', () => {
  const EMAIL_PREFERENCES = `{ emailPreferences { category enabled } }`;
  const SET_EMAIL = `mutation E($category: EmailCategory!, $enabled: Boolean!) {
    setEmailPreference(category: $category, enabled: $enabled) { category enabled }
  }`;

  it('are on by default, announced when changed, and honour an unsubscribe link unless the user chose since', async () => {
    const user = await platform.signUp('STUDENT', 'Mailer');
    const preferences = async () =>
      (
        await platform.data<{ emailPreferences: Array<{ category: string; enabled: boolean }> }>(
          EMAIL_PREFERENCES,
          {},
          user.accessToken,
        )
      ).emailPreferences;
    expect(await preferences()).toEqual(
      ['ACCOUNT', 'ANNOUNCEMENTS', 'BOOKINGS', 'MESSAGES', 'WEBINARS'].map((category) => ({ category, enabled: true })),
    );
    expect(errorCode(await platform.gql(SET_EMAIL, { category: 'ACCOUNT', enabled: false }, user.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await platform.gql(SET_EMAIL, { category: 'MESSAGES', enabled: false }))).toBe('UNAUTHENTICATED');

    await platform.data(SET_EMAIL, { category: 'MESSAGES', enabled: false }, user.accessToken);
    const changed = await eventually(
      async () => preferenceChanges.find((event) => event.payload.userId === user.id && event.payload.category === 'MESSAGES'),
      10_000,
      'EMAIL_PREFERENCE_CHANGED',
    );
    expect(changed.payload).toMatchObject({ enabled: false, changedAt: expect.any(String) });

    // An unsubscribe link followed before that choice changes nothing; one followed after turns WEBINARS off.
    const unsubscribed = (category: 'MESSAGES' | 'WEBINARS', requestedAt: Date) =>
      createEnvelope('EMAIL_UNSUBSCRIBED', { userId: user.id, category, requestedAt: requestedAt.toISOString() }, 'messaging');
    await platform.data(SET_EMAIL, { category: 'MESSAGES', enabled: true }, user.accessToken);
    await publish(unsubscribed('MESSAGES', new Date(Date.parse(changed.payload.changedAt) - 60_000)));
    await publish(unsubscribed('WEBINARS', new Date()));
    await eventually(
      async () => ((await preferences()).find((each) => each.category === 'WEBINARS')?.enabled === false ? true : undefined),
      10_000,
      'WEBINARS off',
    );
    expect(await preferences()).toContainEqual({ category: 'MESSAGES', enabled: true });
    const webinars = await eventually(
      async () => preferenceChanges.find((event) => event.payload.userId === user.id && event.payload.category === 'WEBINARS'),
      10_000,
      'WEBINARS announced',
    );
    expect(webinars.payload.enabled).toBe(false);
  });
});
