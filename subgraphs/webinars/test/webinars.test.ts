/**
 * Webinars through the gateway, on real Postgres and NATS: scheduling (roles, validation, hostile
 * input), the lifecycle (host and admins only, twins refused, one event per transition), the list
 * (upcoming and past, cursors, SQL statements that do not grow with the page) and
 * `webinarStatusChanged` live over graphql-ws for participants only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { connect, subscribe } from '#platform/testing/subscriptions.ts';
import {
  announceCourse,
  announceEnrollments,
  CANCEL,
  END,
  inMinutes,
  recordEvents,
  register,
  REGISTER,
  schedule,
  SCHEDULE,
  SOON_MINUTES,
  START,
  UNREGISTER,
  webinar,
  webinarInput,
  type Webinar,
} from './support.ts';

const ADMIN = testAdmin();
let platform: TestStack;
let host: TestUser;
let otherHost: TestUser;
let learner: TestUser;
let stranger: TestUser;
let adminToken: string;
let events: ReturnType<typeof recordEvents>;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'webinars'], env: adminEnv(ADMIN) });
  events = recordEvents(platform);
  [host, otherHost, learner, stranger] = await Promise.all([
    platform.signUp('INSTRUCTOR', 'Host'),
    platform.signUp('INSTRUCTOR', 'Other Host'),
    platform.signUp('STUDENT', 'Learner'),
    platform.signUp('STUDENT', 'Stranger'),
  ]);
  adminToken = await signIn(platform, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  events?.stop();
  await platform?.close();
});

describe('scheduling', () => {
  it('lets instructors and admins schedule, and announces it', async () => {
    const startsAt = inMinutes(90);
    const scheduled = await schedule(platform, host, { title: '  Decorators live  ', startsAt, capacity: 25 });
    expect(scheduled).toMatchObject({
      title: 'Decorators live',
      host: { id: host.id },
      course: null,
      startsAt,
      durationMinutes: 60,
      capacity: 25,
      status: 'SCHEDULED',
      registrationCount: 0,
      seatsLeft: 25,
      isRegistered: false,
      joinUrl: null,
      recordingUrl: null,
    });
    await eventually(async () => (events.named('WEBINAR_SCHEDULED', { webinarId: scheduled.id }).length ? true : undefined));
    expect(events.named('WEBINAR_SCHEDULED', { webinarId: scheduled.id })[0]!.payload).toEqual({
      webinarId: scheduled.id,
      hostId: host.id,
      courseId: null,
      title: 'Decorators live',
      startsAt,
      durationMinutes: 60,
    });
    expect((await schedule(platform, adminToken)).host.id).not.toBe(host.id);
  });

  it('refuses learners and anonymous callers', async () => {
    const input = webinarInput();
    expect(errorCode(await platform.gql(SCHEDULE, { input }, learner.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SCHEDULE, { input }))).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a start in the past', { startsAt: inMinutes(-5) }, 'startsAt'],
    ['a start more than a year ahead', { startsAt: inMinutes(366 * 24 * 60) }, 'startsAt'],
    ['a duration under 15 minutes', { durationMinutes: 14 }, 'durationMinutes'],
    ['a duration over 8 hours', { durationMinutes: 481 }, 'durationMinutes'],
    ['no seat', { capacity: 0 }, 'capacity'],
    ['more than 10 000 seats', { capacity: 10_001 }, 'capacity'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title'],
    ['a huge description', { description: 'x'.repeat(200_000) }, 'description'],
    ['a course id that is not an id', { courseId: 'c'.repeat(500) }, 'courseId'],
  ])('refuses %s (BAD_USER_INPUT naming the field)', async (_case, overrides, field) => {
    const result = await platform.gql(SCHEDULE, { input: webinarInput(overrides) }, host.accessToken);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors![0]!.extensions)).toContain(field);
  });

  it('refuses control characters, malformed dates, non-integers, and a course it does not know', async () => {
    const refused = async (input: Record<string, unknown>) =>
      errorCode(await platform.gql(SCHEDULE, { input: webinarInput(input) }, host.accessToken));
    expect(await refused({ title: 'Live\u0000 session' })).toBe('BAD_USER_INPUT');
    expect(await refused({ startsAt: 'next tuesday' })).toBe('BAD_USER_INPUT');
    expect(await refused({ durationMinutes: 30.5 })).toBe('BAD_USER_INPUT');
    expect(await refused({ courseId: 'no-such-course' })).toBe('NOT_FOUND');
  });
});

describe('lifecycle', () => {
  it('starts from 15 minutes before the start only, and by the host or an admin only', async () => {
    const later = await schedule(platform, host);
    const early = await platform.gql(START, { id: later.id }, host.accessToken);
    expect(errorCode(early)).toBe('CONFLICT');
    expect(new Date(early.errors![0]!.extensions!.opensAt as string).getTime()).toBe(
      new Date(later.startsAt).getTime() - 15 * 60_000,
    );

    const soon = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    expect(errorCode(await platform.gql(START, { id: soon.id }, otherHost.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(START, { id: soon.id }, learner.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(START, { id: soon.id }))).toBe('UNAUTHENTICATED');
    const started = await platform.data<{ startWebinar: Webinar }>(START, { id: soon.id }, adminToken);
    expect(started.startWebinar.status).toBe('LIVE');
  });

  it('applies each transition once: twins get one success and one CONFLICT, and one event', async () => {
    const soon = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    const starts = await Promise.all([1, 2, 3].map(() => platform.gql(START, { id: soon.id }, host.accessToken)));
    expect(starts.filter((result) => !result.errors).length).toBe(1);
    expect(starts.filter((result) => errorCode(result) === 'CONFLICT').length).toBe(2);

    const recordingUrl = 'https://videos.doctorpy.dev/recordings/generators.mp4';
    const ends = await Promise.all(
      [recordingUrl, 'https://elsewhere.example.org/x.mp4'].map((url) =>
        platform.gql<{ endWebinar: Webinar }>(END, { id: soon.id, recordingUrl: url }, host.accessToken),
      ),
    );
    expect(ends.filter((result) => !result.errors).length).toBe(1);
    expect(errorCode(await platform.gql(CANCEL, { id: soon.id }, host.accessToken))).toBe('CONFLICT');
    const ended = await webinar(platform, soon.id);
    expect(ended.status).toBe('ENDED');
    expect(ends.find((result) => !result.errors)!.data!.endWebinar.recordingUrl).toBe(ended.recordingUrl);

    const changes = await eventually(async () => {
      const seen = events.named('WEBINAR_STATUS_CHANGED', { webinarId: soon.id });
      return seen.length === 2 ? seen : undefined;
    });
    expect(changes.map((event) => [event.payload.status, event.payload.recordingUrl])).toEqual([
      ['LIVE', null],
      ['ENDED', ended.recordingUrl],
    ]);
  });

  it('ends only what is live, with an https recording; cancels what is scheduled or live', async () => {
    const scheduled = await schedule(platform, host);
    expect(errorCode(await platform.gql(END, { id: scheduled.id }, host.accessToken))).toBe('CONFLICT');
    const live = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    await platform.data(START, { id: live.id }, host.accessToken);
    for (const recordingUrl of [
      'http://videos.example.org/a.mp4',
      'javascript:alert(1)',
      'https://user:secret@videos.example.org/a.mp4',
      `https://videos.example.org/${'a'.repeat(2_100)}`,
      'not a url',
    ]) {
      expect(errorCode(await platform.gql(END, { id: live.id, recordingUrl }, host.accessToken))).toBe('BAD_USER_INPUT');
    }
    const cancels = await Promise.all([scheduled.id, live.id].map((id) => platform.gql(CANCEL, { id }, host.accessToken)));
    expect(cancels.map((result) => (result.data as { cancelWebinar: Webinar }).cancelWebinar.status)).toEqual([
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(errorCode(await platform.gql(CANCEL, { id: live.id }, host.accessToken))).toBe('CONFLICT');
    expect(errorCode(await platform.gql(START, { id: scheduled.id }, host.accessToken))).toBe('CONFLICT');
    expect(errorCode(await platform.gql(REGISTER, { id: scheduled.id }, learner.accessToken))).toBe('CONFLICT');
  });

  it('answers unknown, oversized and other users’ ids with a code', async () => {
    expect(errorCode(await platform.gql(START, { id: 'no-such-webinar' }, host.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(REGISTER, { id: 'x'.repeat(10_000) }, learner.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(`query { webinar(id: "no-such-webinar") { id } }`))).toBe('NOT_FOUND');
    const theirs = await schedule(platform, otherHost);
    await register(platform, learner, theirs.id);
    // Someone else's registration cannot be cancelled: the mutation only ever touches the viewer's.
    expect(errorCode(await platform.gql(UNREGISTER, { id: theirs.id }, stranger.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(CANCEL, { id: theirs.id }, host.accessToken))).toBe('FORBIDDEN');
    expect((await webinar(platform, theirs.id, learner.accessToken)).isRegistered).toBe(true);
    expect(errorCode(await platform.gql(REGISTER, { id: theirs.id }, otherHost.accessToken))).toBe('BAD_USER_INPUT');
  });
});

describe('the list', () => {
  const LIST = `query List($courseId: ID, $upcoming: Boolean, $first: Int, $after: String) {
    webinars(courseId: $courseId, upcoming: $upcoming, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id status startsAt course { id } registrationCount seatsLeft isRegistered joinUrl viewerRegistration { status waitlistPosition } } }
    }
  }`;
  type Page = {
    webinars: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{
        cursor: string;
        node: Webinar & { viewerRegistration: { status: string; waitlistPosition: number | null } | null };
      }>;
    };
  };

  it('lists the upcoming webinars of a course soonest first and its past ones latest first, page by page', async () => {
    const lister = await platform.signUp('INSTRUCTOR', 'Lister');
    const courseId = await announceCourse(platform, lister);
    const made: Webinar[] = [];
    for (const minutes of [300, 200, 400, 250])
      made.push(await schedule(platform, lister, { courseId, startsAt: inMinutes(minutes) }));
    await platform.data(CANCEL, { id: made[2]!.id }, lister.accessToken);

    const upcoming: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Page = await platform.data<Page>(LIST, { courseId, upcoming: true, first: 2, after });
      expect(page.webinars.totalCount).toBe(3);
      upcoming.push(...page.webinars.edges.map((edge) => edge.node.id));
      after = page.webinars.pageInfo.hasNextPage ? page.webinars.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(2);
    expect(upcoming).toEqual([made[1]!.id, made[3]!.id, made[0]!.id]);

    const past = await platform.data<Page>(LIST, { courseId, upcoming: false });
    expect(past.webinars.edges.map((edge) => edge.node.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(past.webinars.edges[0]!.node.id).toBe(made[2]!.id);
    const all = await platform.data<Page>(LIST, { courseId });
    expect(all.webinars.totalCount).toBe(5);
    expect(all.webinars.edges.every((edge) => edge.node.course?.id === courseId)).toBe(true);
  });

  it('refuses bad page arguments', async () => {
    expect(errorCode(await platform.gql(LIST, { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(LIST, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(LIST, { after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(LIST, { courseId: 'c'.repeat(1_000) }))).toBe('BAD_USER_INPUT');
  });

  it('costs the same SQL statements for 3 webinars as for 12, seats and registrations included', async () => {
    const batcher = await platform.signUp('INSTRUCTOR', 'Batcher');
    const viewer = await platform.signUp('STUDENT', 'Viewer');
    const courseId = await announceCourse(platform, batcher);
    for (let index = 0; index < 12; index += 1) {
      const made = await schedule(platform, batcher, { courseId, startsAt: inMinutes(600 + index), capacity: index % 2 ? 1 : 5 });
      if (index === 0) await announceEnrollments(platform, courseId, made.id, [viewer, learner]);
      if (index % 2) await register(platform, learner, made.id);
      await register(platform, viewer, made.id);
    }
    const statementsFor = async (first: number) => {
      const before = platform.statements().webinars!;
      const page = await platform.data<Page>(LIST, { courseId, upcoming: true, first }, viewer.accessToken);
      expect(page.webinars.edges).toHaveLength(first);
      return { statements: platform.statements().webinars! - before, page };
    };
    const few = await statementsFor(3);
    const many = await statementsFor(12);
    expect(many.statements).toBe(few.statements);
    // The page, its count, seats taken, the viewer's registrations, the waitlists.
    expect(many.statements).toBe(5);
    const nodes = many.page.webinars.edges.map((edge) => edge.node);
    expect(nodes.map((node) => node.viewerRegistration?.status)).toEqual(
      Array.from({ length: 12 }, (_, index) => (index % 2 ? 'WAITLISTED' : 'REGISTERED')),
    );
    expect(nodes.filter((node) => node.viewerRegistration?.status === 'WAITLISTED').every((node) => node.seatsLeft === 0)).toBe(
      true,
    );
    expect(nodes.map((node) => node.viewerRegistration?.waitlistPosition ?? null)).toEqual(
      Array.from({ length: 12 }, (_, index) => (index % 2 ? 1 : null)),
    );
    expect(nodes.map((node) => node.isRegistered)).toEqual(Array.from({ length: 12 }, (_, index) => index % 2 === 0));
    expect(nodes.every((node) => node.joinUrl === null)).toBe(true);
  });
});

describe('webinarStatusChanged', () => {
  const STATUS = `subscription S($id: ID!) { webinarStatusChanged(id: $id) { id status recordingUrl registrationCount } }`;
  type Change = { webinarStatusChanged: { id: string; status: string; recordingUrl: string | null } };
  const metrics = async () => (await fetch(platform.url.replace(/graphql$/, 'metrics'))).text();
  const active = async () => Number(/graphql_subscriptions_active\{[^}]*\} (\d+)/.exec(await metrics())?.[1] ?? NaN);

  it('tells participants live when their webinar goes live and ends, and refuses everyone else', async () => {
    const soon = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    await register(platform, learner, soon.id);
    const sockets = [learner, host, stranger].map((user) => connect(platform.url, user.accessToken));
    const [learnerSocket, hostSocket, strangerSocket] = sockets;
    const anonymous = connect(platform.url);
    const baseline = await active();
    const followed = subscribe<Change>(learnerSocket!, STATUS, { id: soon.id });
    const hosted = subscribe<Change>(hostSocket!, STATUS, { id: soon.id });
    const refused = await subscribe(strangerSocket!, STATUS, { id: soon.id }).ended;
    expect(JSON.stringify(refused.error)).toContain('FORBIDDEN');
    expect(JSON.stringify((await subscribe(anonymous, STATUS, { id: soon.id }).ended).error)).toContain('UNAUTHENTICATED');
    expect(JSON.stringify((await subscribe(learnerSocket!, STATUS, { id: 'no-such-webinar' }).ended).error)).toContain(
      'NOT_FOUND',
    );
    await eventually(async () => ((await active()) === baseline + 2 ? true : undefined), 5_000, 'subscriptions registered');

    await platform.data(START, { id: soon.id }, host.accessToken);
    expect((await followed.next(5_000)).data!.webinarStatusChanged).toMatchObject({ id: soon.id, status: 'LIVE' });
    const recordingUrl = 'https://videos.doctorpy.dev/recordings/live.mp4';
    await platform.data(END, { id: soon.id, recordingUrl }, host.accessToken);
    expect((await followed.next(5_000)).data!.webinarStatusChanged).toMatchObject({ status: 'ENDED', recordingUrl });
    expect((await hosted.next(5_000)).data!.webinarStatusChanged.status).toBe('LIVE');

    // Another webinar's changes reach nobody here.
    const other = await schedule(platform, host);
    await platform.data(CANCEL, { id: other.id }, host.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(followed.results).toHaveLength(2);
    await Promise.all([followed.close(), hosted.close()]);
    await Promise.all([...sockets, anonymous].map((socket) => socket!.dispose()));
  });
});
