/**
 * Registrations and joining through the gateway, with courses and gamification running: course
 * webinars for the course's owner and enrolled learners, 30 learners racing for 10 seats, the
 * waitlist served in arrival order when seats free up, the join window on the real clock (a
 * webinar 10 minutes ahead is open, 2 hours ahead is not), attendance recorded once and worth XP
 * once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ownerOf } from '#platform/events/catalog.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import {
  END,
  CANCEL,
  JOIN,
  LATER_MINUTES,
  recordEvents,
  register,
  REGISTER,
  registerWhenEnrolled,
  schedule,
  SCHEDULE,
  signUpMany,
  SOON_MINUTES,
  START,
  UNREGISTER,
  webinar,
  webinarInput,
  inMinutes,
  type Registration,
} from './support.ts';

const ROOMS = 'https://rooms.doctorpy.test/live';
let platform: TestStack;
let host: TestUser;
let events: ReturnType<typeof recordEvents>;

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses', 'webinars', 'gamification'],
    env: { WEBINAR_ROOM_BASE_URL: ROOMS },
  });
  events = recordEvents(platform);
  host = await platform.signUp('INSTRUCTOR', 'Host');
});
afterAll(async () => {
  events?.stop();
  await platform?.close();
});

const join = (user: TestUser | undefined, id: string) => platform.gql<{ joinWebinar: string }>(JOIN, { id }, user?.accessToken);
const unregister = async (user: TestUser, id: string) =>
  (await platform.data<{ cancelWebinarRegistration: Registration }>(UNREGISTER, { id }, user.accessToken))
    .cancelWebinarRegistration;
const viewerRegistration = async (user: TestUser, id: string) =>
  (await webinar(platform, id, user.accessToken)).viewerRegistration!;

describe('course webinars', () => {
  it('are scheduled by the course owner only, for enrolled learners only, who leave when their enrollment ends', async () => {
    const [otherInstructor, enrolled, next, outsider] = await Promise.all([
      platform.signUp('INSTRUCTOR', 'Not the owner'),
      platform.signUp('STUDENT', 'Enrolled'),
      platform.signUp('STUDENT', 'Next in line'),
      platform.signUp('STUDENT', 'Outsider'),
    ]);
    const token = host.accessToken;
    const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
      `mutation C($title: String!) { createCourse(input: { title: $title, description: "Live sessions.", level: BEGINNER }) { id } }`,
      { title: unique('Webinar course') },
      token,
    );
    const courseId = createCourse.id;
    const { addModule } = await platform.data<{ addModule: { id: string } }>(
      `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Basics" }) { id } }`,
      { id: courseId },
      token,
    );
    await platform.data(
      `mutation L($id: ID!) { addLesson(moduleId: $id, input: { title: "Yield", content: "# yield", durationMinutes: 5 }) { id } }`,
      { id: addModule.id },
      token,
    );
    await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: courseId }, token);

    // webinars learns of the course from COURSE_CREATED.
    const scheduled = await eventually(async () => {
      const result = await platform.gql<{ scheduleWebinar: { id: string; course: { id: string } } }>(
        SCHEDULE,
        { input: webinarInput({ courseId, capacity: 1 }) },
        token,
      );
      if (errorCode(result) === 'NOT_FOUND') return undefined;
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.scheduleWebinar;
    });
    expect(scheduled.course).toEqual({ id: courseId });
    const theirs = await platform.gql(SCHEDULE, { input: webinarInput({ courseId }) }, otherInstructor.accessToken);
    expect(errorCode(theirs)).toBe('FORBIDDEN');

    expect(errorCode(await platform.gql(REGISTER, { id: scheduled.id }, outsider.accessToken))).toBe('FORBIDDEN');
    const ENROLL = `mutation E($id: ID!) { enroll(courseId: $id) { id } }`;
    const { enroll } = await platform.data<{ enroll: { id: string } }>(ENROLL, { id: courseId }, enrolled.accessToken);
    await platform.data(ENROLL, { id: courseId }, next.accessToken);
    expect((await registerWhenEnrolled(platform, enrolled, scheduled.id)).status).toBe('REGISTERED');
    expect((await registerWhenEnrolled(platform, next, scheduled.id)).status).toBe('WAITLISTED');
    expect(errorCode(await platform.gql(REGISTER, { id: scheduled.id }, outsider.accessToken))).toBe('FORBIDDEN');

    // A refund ends the enrollment (as courses announces it): the seat goes to the next in line.
    const ended = { enrollmentId: enroll.id, userId: enrolled.id, courseId, reason: 'REFUNDED' as const };
    await platform.runtime.eventBus().publish(createEnvelope('ENROLLMENT_ENDED', ended, ownerOf('ENROLLMENT_ENDED')));
    await eventually(async () => ((await viewerRegistration(enrolled, scheduled.id)).status === 'CANCELLED' ? true : undefined));
    expect(await viewerRegistration(next, scheduled.id)).toMatchObject({ status: 'REGISTERED', promoted: true });
    expect(errorCode(await platform.gql(REGISTER, { id: scheduled.id }, enrolled.accessToken))).toBe('FORBIDDEN');
  });
});

describe('seats and the waitlist', () => {
  let learners: TestUser[];
  let webinarId: string;
  let byStatus: { REGISTERED: Registration[]; WAITLISTED: Registration[] };

  beforeAll(async () => {
    learners = await signUpMany(platform, 30);
    webinarId = (await schedule(platform, host, { capacity: 10 })).id;
  });

  it('gives 10 seats to 30 learners racing for them, waitlists 20 in arrival order, and twins one registration', async () => {
    const results = await Promise.all([
      ...learners.map((learner) => register(platform, learner, webinarId)),
      register(platform, learners[0]!, webinarId),
    ]);
    expect(results[30]!.id).toBe(results[0]!.id);
    const registrations = results.slice(0, 30);
    byStatus = {
      REGISTERED: registrations.filter((registration) => registration.status === 'REGISTERED'),
      WAITLISTED: registrations
        .filter((registration) => registration.status === 'WAITLISTED')
        .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!),
    };
    expect(byStatus.REGISTERED).toHaveLength(10);
    expect(byStatus.WAITLISTED.map((registration) => registration.waitlistPosition)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    // Arrival order: seats went to the first ten served, the line follows the order of service.
    const at = (registration: Registration) => new Date(registration.registeredAt).getTime();
    const lastSeat = Math.max(...byStatus.REGISTERED.map(at));
    expect(byStatus.WAITLISTED.every((registration) => at(registration) >= lastSeat)).toBe(true);
    const lineTimes = byStatus.WAITLISTED.map(at);
    expect(lineTimes).toEqual([...lineTimes].sort((a, b) => a - b));

    const seats = await webinar(platform, webinarId, learners[0]!.accessToken);
    expect(seats).toMatchObject({ registrationCount: 10, seatsLeft: 0, capacity: 10 });
    const announced = await eventually(async () => {
      const seen = events.named('WEBINAR_REGISTERED', { webinarId });
      return seen.length >= 30 ? seen : undefined;
    });
    expect(announced).toHaveLength(30);
    expect(announced.filter((event) => event.payload.status === 'REGISTERED')).toHaveLength(10);
  });

  it('gives a cancelled seat to the first in line, and moves the line up', async () => {
    const leaver = learners.find((learner) => learner.id === byStatus.REGISTERED[0]!.user.id)!;
    const [first, second] = byStatus.WAITLISTED.map((registration) => learners.find((l) => l.id === registration.user.id)!);
    const cancelled = await unregister(leaver, webinarId);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', waitlistPosition: null });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(await viewerRegistration(first!, webinarId)).toMatchObject({
      status: 'REGISTERED',
      promoted: true,
      waitlistPosition: null,
    });
    expect(await viewerRegistration(second!, webinarId)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect(await webinar(platform, webinarId)).toMatchObject({ registrationCount: 10, seatsLeft: 0 });
    const promoted = await eventually(async () => {
      const seen = events.named('WEBINAR_REGISTERED', { webinarId, userId: first!.id, promoted: true });
      return seen.length ? seen : undefined;
    });
    expect(promoted).toHaveLength(1);
    expect(events.named('WEBINAR_REGISTRATION_CANCELLED', { webinarId, userId: leaver.id })).toHaveLength(1);

    // Cancelling again changes nothing; registering again queues at the end of the line.
    expect((await unregister(leaver, webinarId)).status).toBe('CANCELLED');
    const back = await register(platform, leaver, webinarId);
    expect(back).toMatchObject({ id: cancelled.id, status: 'WAITLISTED', waitlistPosition: 20, cancelledAt: null });
  });

  it('frees no seat when a waitlisted learner leaves the line', async () => {
    const third = learners.find((learner) => learner.id === byStatus.WAITLISTED[2]!.user.id)!;
    const fourth = learners.find((learner) => learner.id === byStatus.WAITLISTED[3]!.user.id)!;
    expect((await viewerRegistration(fourth, webinarId)).waitlistPosition).toBe(3);
    await unregister(third, webinarId);
    expect((await viewerRegistration(fourth, webinarId)).waitlistPosition).toBe(2);
    expect(await webinar(platform, webinarId)).toMatchObject({ registrationCount: 10, seatsLeft: 0 });
    expect(errorCode(await platform.gql(UNREGISTER, { id: webinarId }, host.accessToken))).toBe('NOT_FOUND');
  });
});

describe('joining', () => {
  let seated: TestUser;
  let waiting: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    [seated, waiting, stranger] = await Promise.all([
      platform.signUp('STUDENT', 'Seated'),
      platform.signUp('STUDENT', 'Waiting'),
      platform.signUp('STUDENT', 'Stranger'),
    ]);
  });

  it('opens the room 15 minutes before the start: not two hours ahead', async () => {
    const later = await schedule(platform, host, { startsAt: inMinutes(LATER_MINUTES) });
    await register(platform, seated, later.id);
    expect((await webinar(platform, later.id, seated.accessToken)).joinUrl).toBeNull();
    const early = await join(seated, later.id);
    expect(errorCode(early)).toBe('CONFLICT');
    expect(new Date(early.errors![0]!.extensions!.opensAt as string).getTime()).toBe(
      new Date(later.startsAt).getTime() - 15 * 60_000,
    );
    expect(events.named('WEBINAR_ATTENDED', { webinarId: later.id })).toHaveLength(0);
  });

  it('lets the host and seat holders in, with an unguessable room; refuses the waitlisted and strangers', async () => {
    const soon = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES), capacity: 1 });
    await register(platform, seated, soon.id);
    expect((await register(platform, waiting, soon.id)).status).toBe('WAITLISTED');

    const url = (await webinar(platform, soon.id, seated.accessToken)).joinUrl!;
    expect(url).toMatch(new RegExp(`^${ROOMS}/DoctorPy[0-9a-f]{32}$`));
    expect(url).not.toContain(soon.id);
    expect((await webinar(platform, soon.id, host.accessToken)).joinUrl).toBe(url);
    for (const outsider of [waiting, stranger])
      expect((await webinar(platform, soon.id, outsider.accessToken)).joinUrl).toBeNull();
    expect((await webinar(platform, soon.id)).joinUrl).toBeNull();
    expect(errorCode(await join(waiting, soon.id))).toBe('FORBIDDEN');
    expect(errorCode(await join(stranger, soon.id))).toBe('FORBIDDEN');
    expect(errorCode(await join(undefined, soon.id))).toBe('UNAUTHENTICATED');
    const other = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    expect((await webinar(platform, other.id, host.accessToken)).joinUrl).not.toBe(url);
  });

  it('records attendance once, however often a learner joins, and gamification gives its XP once', async () => {
    const soon = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    await register(platform, seated, soon.id);
    const joins = await Promise.all([1, 2, 3].map(() => join(seated, soon.id)));
    joins.push(await join(seated, soon.id));
    const urls = joins.map((result) => result.data?.joinWebinar);
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(new RegExp(`^${ROOMS}/`));
    expect((await join(host, soon.id)).data?.joinWebinar).toBe(urls[0]);
    expect((await viewerRegistration(seated, soon.id)).attendedAt).not.toBeNull();

    const [attended] = await eventually(async () => {
      const seen = events.named('WEBINAR_ATTENDED', { webinarId: soon.id });
      return seen.length ? seen : undefined;
    });
    const award = await eventually(async () => {
      const seen = events.named('XP_AWARDED', { sourceEventId: attended!.id });
      return seen.length ? seen[0] : undefined;
    });
    expect(award!.payload).toMatchObject({ userId: seated.id, reason: 'WEBINAR_ATTENDED', courseId: null });
    const xpOf = async () => (await platform.data<{ me: { xp: number } }>(`{ me { xp } }`, {}, seated.accessToken)).me.xp;
    await eventually(async () => ((await xpOf()) === award!.payload.amount ? true : undefined), 5_000, 'XP of the attendance');

    // A later join, after the first award was handled, still earns nothing more.
    await join(seated, soon.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events.named('WEBINAR_ATTENDED', { webinarId: soon.id })).toHaveLength(1);
    expect(events.named('XP_AWARDED', { userId: seated.id })).toHaveLength(1);
    expect(await xpOf()).toBe(award!.payload.amount);
  });

  it('stays open while live past the schedule, closes when ended, and never opens once cancelled', async () => {
    const soon = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    await register(platform, seated, soon.id);
    await platform.data(START, { id: soon.id }, host.accessToken);
    expect((await join(seated, soon.id)).data?.joinWebinar).toMatch(new RegExp(`^${ROOMS}/`));
    await platform.data(END, { id: soon.id }, host.accessToken);
    expect(errorCode(await join(seated, soon.id))).toBe('DEADLINE_PASSED');
    expect((await webinar(platform, soon.id, seated.accessToken)).joinUrl).toBeNull();

    const dropped = await schedule(platform, host, { startsAt: inMinutes(SOON_MINUTES) });
    await register(platform, seated, dropped.id);
    await platform.data(CANCEL, { id: dropped.id }, host.accessToken);
    expect(errorCode(await join(seated, dropped.id))).toBe('CONFLICT');
    expect(errorCode(await platform.gql(UNREGISTER, { id: dropped.id }, seated.accessToken))).toBe('CONFLICT');
  });
});
