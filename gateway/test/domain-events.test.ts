/**
 * accounts, profiles and courses announce their state changes (courses: created, lessons added,
 * published, enrollments, completions): each event once, with its payload,
 * only when the change really happened (re-enrolling or re-completing announces nothing).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { AnyEvent } from '#platform/events/envelope.ts';
import { parseEnvelope } from '#platform/events/envelope.ts';
import { eventually, startTestStack, type TestStack } from '#gateway/testing/stack.ts';

let platform: TestStack;
const heard: AnyEvent[] = [];

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'profiles', 'courses'] });
  platform.runtime.eventBus().listen((signal) => {
    if (signal.channel !== 'event') return;
    const parsed = parseEnvelope(signal.data);
    if (parsed.ok) heard.push(parsed.event);
  });
});
afterAll(() => platform?.close());

const about = (userId: string) => heard.filter((event) => (event.payload as { userId?: string }).userId === userId);
const namesAbout = (userId: string) => about(userId).map((event) => event.name);
const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

it('announces registrations, sign-ins, profile changes, enrollments, lessons and courses', async () => {
  const instructor = await platform.signUp('INSTRUCTOR', 'Ivy');
  const learner = await platform.signUp('STUDENT', 'Leo');
  await platform.data(`mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`, {
    input: { email: learner.email, password: learner.password },
  });
  await platform.data(`mutation { updateProfile(input: { timezone: "Asia/Tokyo" }) { timezone } }`, {}, learner.accessToken);

  const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
    `mutation { createCourse(input: { title: "Events 101", description: "Announcing what happened.", level: BEGINNER }) { id } }`,
    {},
    instructor.accessToken,
  );
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Only" }) { id } }`,
    { id: createCourse.id },
    instructor.accessToken,
  );
  const lessons: string[] = [];
  for (const title of ['One', 'Two']) {
    const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
      `mutation L($id: ID!, $t: String!) { addLesson(moduleId: $id, input: { title: $t, content: "x", durationMinutes: 1 }) { id } }`,
      { id: addModule.id, t: title },
      instructor.accessToken,
    );
    lessons.push(addLesson.id);
  }
  for (let publish = 0; publish < 2; publish += 1) {
    await platform.data(
      `mutation P($id: ID!) { publishCourse(id: $id) { id } }`,
      { id: createCourse.id },
      instructor.accessToken,
    );
  }
  for (let enroll = 0; enroll < 2; enroll += 1) {
    await platform.data(`mutation E($id: ID!) { enroll(courseId: $id) { id } }`, { id: createCourse.id }, learner.accessToken);
  }
  for (const lesson of [lessons[0], lessons[0], lessons[1], lessons[1]]) {
    await platform.data(`mutation C($id: ID!) { completeLesson(lessonId: $id) { id } }`, { id: lesson }, learner.accessToken);
  }

  await eventually(
    async () => (namesAbout(learner.id).includes('CERTIFICATE_ISSUED') ? true : undefined),
    10_000,
    'course completion announced, and its certificate',
  );
  await settle();
  expect(namesAbout(learner.id)).toEqual([
    'USER_REGISTERED',
    'USER_AUTHENTICATED',
    'PROFILE_UPDATED',
    'ENROLLMENT_CREATED',
    'LESSON_COMPLETED',
    'LESSON_COMPLETED',
    'COURSE_COMPLETED',
    'CERTIFICATE_ISSUED',
  ]);
  const ofCourse = heard.filter((event) => (event.payload as { courseId?: string }).courseId === createCourse.id);
  expect(ofCourse.filter((event) => event.name === 'COURSE_CREATED').map((event) => event.payload)).toEqual([
    { courseId: createCourse.id, instructorId: instructor.id, title: 'Events 101', slug: expect.stringMatching(/^events-101/) },
  ]);
  expect(ofCourse.filter((event) => event.name === 'LESSON_ADDED').map((event) => event.payload)).toEqual(
    lessons.map((lessonId, index) => ({
      lessonId,
      courseId: createCourse.id,
      moduleId: addModule.id,
      title: ['One', 'Two'][index],
    })),
  );
  const published = ofCourse.filter((event) => event.name === 'COURSE_PUBLISHED');
  expect(published).toHaveLength(1);
  expect(published[0]).toMatchObject({
    version: 2,
    payload: {
      instructorId: instructor.id,
      title: 'Events 101',
      description: 'Announcing what happened.',
      level: 'BEGINNER',
      tags: [],
    },
  });

  const [registered, , profile, , firstLesson, secondLesson, completed] = about(learner.id);
  expect(registered).toMatchObject({ source: 'accounts', version: 1, payload: { displayName: 'Leo', role: 'STUDENT' } });
  expect(profile).toMatchObject({ source: 'profiles', payload: { timezone: 'Asia/Tokyo', locale: 'en' } });
  expect(firstLesson).toMatchObject({ payload: { lessonId: lessons[0], progressPercent: 50 } });
  expect(secondLesson).toMatchObject({ payload: { lessonId: lessons[1], progressPercent: 100 } });
  expect(completed).toMatchObject({ source: 'courses', payload: { courseId: createCourse.id, courseTitle: 'Events 101' } });
  // Every event carries the request that caused it.
  expect(about(learner.id).every((event) => typeof event.correlationId === 'string')).toBe(true);
});
