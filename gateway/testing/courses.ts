/**
 * Courses as the tests of several subgraphs need them, built through the gateway like any client
 * would: a published course of an instructor, a price courses knows. Shared here rather than in a
 * subgraph's tests (no subgraph imports another).
 */
import { eventually, unique, type TestStack, type TestUser } from './stack.ts';

export const SET_PRICE = `mutation SetPrice($courseId: ID!, $amountCents: Int!, $currency: String!) {
  setCoursePrice(courseId: $courseId, amountCents: $amountCents, currency: $currency) { id price { amountCents currency } }
}`;
export const ENROLLMENT = `query Enrollment($id: ID!) { course(id: $id) { id price { amountCents currency } viewerEnrollment { id status endedAt } } }`;
export const ENROLL = `mutation Enroll($courseId: ID!) { enroll(courseId: $courseId) { id status } }`;

/** A published course with one lesson; payments has its replica once this returns (it
 * answers setCoursePrice). */
export async function publishedCourse(platform: TestStack, instructor: TestUser, publish = true): Promise<string> {
  const token = instructor.accessToken;
  const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
    `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
    {
      input: {
        title: `Paid Python ${unique('c')}`,
        description: 'Decorators, generators and context managers.',
        level: 'ADVANCED',
      },
    },
    token,
  );
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($courseId: ID!) { addModule(courseId: $courseId, input: { title: "Basics" }) { id } }`,
    { courseId: createCourse.id },
    token,
  );
  await platform.data(
    `mutation L($moduleId: ID!) { addLesson(moduleId: $moduleId, input: { title: "Yield", content: "# yield", durationMinutes: 5 }) { id } }`,
    { moduleId: addModule.id },
    token,
  );
  if (publish) await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: createCourse.id }, token);
  // payments learns of the course from courses' events.
  await eventually(async () => {
    const result = await platform.gql(SET_PRICE, { courseId: createCourse.id, amountCents: 0, currency: 'EUR' }, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return true;
  });
  return createCourse.id;
}

/** Sets the price and waits until courses knows it (enroll answers PAYMENT_REQUIRED). */
export async function priceCourse(
  platform: TestStack,
  instructor: TestUser,
  courseId: string,
  amountCents = 4900,
  currency = 'EUR',
) {
  await platform.data(SET_PRICE, { courseId, amountCents, currency }, instructor.accessToken);
  await eventually(async () => {
    // A fresh learner each time: one who got in while the course was still free stays enrolled.
    const probe = await platform.signUp();
    const result = await platform.gql(ENROLL, { courseId }, probe.accessToken);
    if (result.errors?.[0]?.extensions?.code !== 'PAYMENT_REQUIRED') throw new Error('price not known to courses yet');
    return true;
  });
}
