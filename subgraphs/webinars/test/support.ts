/**
 * What the webinars tests share: operations sent through the gateway as clients send them,
 * webinars scheduled minutes ahead (so the 15-minute join window is open or not, on the real
 * clock), and the events seen on the stack's bus.
 */
import { randomUUID } from 'node:crypto';
import { ownerOf } from '#platform/events/catalog.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

export const WEBINAR_FIELDS = `id title description host { id } course { id } startsAt durationMinutes capacity status
  registrationCount seatsLeft isRegistered joinUrl recordingUrl createdAt`;
export const REGISTRATION_FIELDS = `id status waitlistPosition promoted registeredAt cancelledAt attendedAt user { id } webinar { id }`;

export const SCHEDULE = `mutation Schedule($input: ScheduleWebinarInput!) { scheduleWebinar(input: $input) { ${WEBINAR_FIELDS} } }`;
export const START = `mutation Start($id: ID!) { startWebinar(id: $id) { id status } }`;
export const END = `mutation End($id: ID!, $recordingUrl: String) { endWebinar(id: $id, recordingUrl: $recordingUrl) { id status recordingUrl } }`;
export const CANCEL = `mutation Cancel($id: ID!) { cancelWebinar(id: $id) { id status } }`;
export const REGISTER = `mutation Register($id: ID!) { registerForWebinar(id: $id) { ${REGISTRATION_FIELDS} } }`;
export const UNREGISTER = `mutation Unregister($id: ID!) { cancelWebinarRegistration(id: $id) { ${REGISTRATION_FIELDS} } }`;
export const JOIN = `mutation Join($id: ID!) { joinWebinar(id: $id) }`;
export const WEBINAR = `query Webinar($id: ID!) { webinar(id: $id) { ${WEBINAR_FIELDS} viewerRegistration { ${REGISTRATION_FIELDS} } } }`;

export interface Webinar {
  id: string;
  title: string;
  description: string;
  host: { id: string };
  course: { id: string } | null;
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  status: string;
  registrationCount: number;
  seatsLeft: number;
  isRegistered: boolean;
  joinUrl: string | null;
  recordingUrl: string | null;
  viewerRegistration?: Registration | null;
}

export interface Registration {
  id: string;
  status: 'REGISTERED' | 'WAITLISTED' | 'CANCELLED';
  waitlistPosition: number | null;
  promoted: boolean;
  registeredAt: string;
  cancelledAt: string | null;
  attendedAt: string | null;
  user: { id: string };
  webinar: { id: string };
}

const MINUTE = 60_000;
/** Inside the join window: the room opens 15 minutes before the start. */
export const SOON_MINUTES = 10;
/** Well before the join window. */
export const LATER_MINUTES = 120;

export const inMinutes = (minutes: number) => new Date(Date.now() + minutes * MINUTE).toISOString();

export function webinarInput(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Live: generators in practice',
    description: 'We write a **lazy** pipeline together.',
    startsAt: inMinutes(LATER_MINUTES),
    durationMinutes: 60,
    capacity: 10,
    ...overrides,
  };
}

export async function schedule(platform: TestStack, host: TestUser | string, overrides: Record<string, unknown> = {}) {
  const token = typeof host === 'string' ? host : host.accessToken;
  const { scheduleWebinar } = await platform.data<{ scheduleWebinar: Webinar }>(
    SCHEDULE,
    { input: webinarInput(overrides) },
    token,
  );
  return scheduleWebinar;
}

export async function register(platform: TestStack, learner: TestUser, id: string): Promise<Registration> {
  return (await platform.data<{ registerForWebinar: Registration }>(REGISTER, { id }, learner.accessToken)).registerForWebinar;
}

export async function webinar(platform: TestStack, id: string, token?: string): Promise<Webinar> {
  return (await platform.data<{ webinar: Webinar }>(WEBINAR, { id }, token)).webinar;
}

/**
 * A course of `owner` as courses announces it (COURSE_CREATED on the bus), for tests that run
 * without the courses subgraph: a fresh course id also keeps a test's webinars apart from those of
 * earlier runs (test databases persist) when listing by course.
 */
export async function announceCourse(platform: TestStack, owner: TestUser): Promise<string> {
  const courseId = randomUUID();
  const payload = { courseId, instructorId: owner.id, title: 'Announced course', slug: `course-${courseId}` };
  await platform.runtime.eventBus().publish(createEnvelope('COURSE_CREATED', payload, ownerOf('COURSE_CREATED')));
  // webinars learns of the course from the event: scheduling on it works once its replica has it.
  const probe = await eventually(
    async () => {
      const result = await platform.gql<{ scheduleWebinar: Webinar }>(
        SCHEDULE,
        { input: webinarInput({ courseId, title: 'Probe' }) },
        owner.accessToken,
      );
      if (errorCode(result) === 'NOT_FOUND') return undefined;
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.scheduleWebinar;
    },
    10_000,
    'webinars to know the course',
  );
  await platform.data(`mutation C($id: ID!) { cancelWebinar(id: $id) { id } }`, { id: probe.id }, owner.accessToken);
  return courseId;
}

/** Enrollments as courses announces them (ENROLLMENT_CREATED); resolves once webinars lets each learner register. */
export async function announceEnrollments(platform: TestStack, courseId: string, webinarId: string, learners: TestUser[]) {
  for (const learner of learners) {
    const payload = { enrollmentId: randomUUID(), userId: learner.id, courseId };
    await platform.runtime.eventBus().publish(createEnvelope('ENROLLMENT_CREATED', payload, ownerOf('ENROLLMENT_CREATED')));
  }
  return Promise.all(learners.map((learner) => registerWhenEnrolled(platform, learner, webinarId)));
}

/** registerForWebinar once webinars has heard of the learner's enrollment (FORBIDDEN until then). */
export function registerWhenEnrolled(platform: TestStack, learner: TestUser, webinarId: string): Promise<Registration> {
  return eventually(
    async () => {
      const result = await platform.gql<{ registerForWebinar: Registration }>(REGISTER, { id: webinarId }, learner.accessToken);
      if (errorCode(result) === 'FORBIDDEN') return undefined;
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.registerForWebinar;
    },
    10_000,
    'webinars to know the enrollment',
  );
}

/** Users signed up in parallel (accounts hashes passwords a few at a time). */
export const signUpMany = (platform: TestStack, count: number, role: 'STUDENT' | 'INSTRUCTOR' = 'STUDENT') =>
  Promise.all(Array.from({ length: count }, (_, index) => platform.signUp(role, `Learner ${index + 1}`)));

export { recordEvents } from '#gateway/testing/events.ts';
