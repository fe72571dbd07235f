/**
 * sponsors through the gateway: sponsors and sponsorships (admins), redeeming a seat (a free
 * enrollment in a priced course, answered once courses has enrolled the learner), seats never
 * oversold under concurrency, expiry, and the aggregate report fed by courses' events.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { ENROLLMENT, priceCourse, publishedCourse } from '#gateway/testing/courses.ts';

const admin = testAdmin();
let platform: TestStack;
let adminToken: string;
let instructor: TestUser;
let courseId: string;
let sponsorId: string;

const CREATE_SPONSOR = `mutation S($input: CreateSponsorInput!) { createSponsor(input: $input) { id name tier website } }`;
const CREATE_SPONSORSHIP = `mutation P($input: CreateSponsorshipInput!) {
  createSponsorship(input: $input) { id code seats seatsUsed validUntil sponsor { id } course { id } }
}`;
const REDEEM = `mutation R($code: String!) { redeemSponsorship(code: $code) { id status course { id } user { id } } }`;
const REPORT = `query Report($id: ID!) {
  sponsorReport(sponsorshipId: $id) { seats seatsUsed learnersActive learnersCompleted averageProgress sponsorship { id } }
}`;

type Redeemed = { redeemSponsorship: { id: string; status: string; course: { id: string }; user: { id: string } } };

async function sponsorship(seats: number, validUntil?: string) {
  const { createSponsorship } = await platform.data<{ createSponsorship: { id: string; code: string } }>(
    CREATE_SPONSORSHIP,
    { input: { sponsorId, courseId, seats, ...(validUntil ? { validUntil } : {}) } },
    adminToken,
  );
  return createSponsorship;
}

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'courses', 'payments', 'sponsors'], env: adminEnv(admin) });
  adminToken = await signIn(platform, admin.email, admin.password);
  instructor = await platform.signUp('INSTRUCTOR');
  courseId = await publishedCourse(platform, instructor);
  await priceCourse(platform, instructor, courseId, 9900, 'EUR');
  const { createSponsor } = await platform.data<{ createSponsor: { id: string } }>(
    CREATE_SPONSOR,
    { input: { name: 'Python Software Friends', tier: 'GOLD', website: 'https://friends.example.org' } },
    adminToken,
  );
  sponsorId = createSponsor.id;
  // sponsors learns of the course from courses' events.
  await eventually(async () =>
    (await platform.gql(CREATE_SPONSORSHIP, { input: { sponsorId, courseId, seats: 1 } }, adminToken)).errors ? undefined : true,
  );
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

it('admins create sponsors and sponsorships; hostile input is refused; codes are admins’ only', async () => {
  const learner = await platform.signUp();
  expect(errorCode(await platform.gql(CREATE_SPONSOR, { input: { name: 'X', tier: 'GOLD' } }, adminToken))).toBe(
    'BAD_USER_INPUT',
  );
  expect(
    errorCode(
      await platform.gql(CREATE_SPONSOR, { input: { name: 'Evil', tier: 'GOLD', website: 'javascript:alert(1)' } }, adminToken),
    ),
  ).toBe('BAD_USER_INPUT');
  expect(
    errorCode(await platform.gql(CREATE_SPONSOR, { input: { name: 'Learner Inc', tier: 'GOLD' } }, learner.accessToken)),
  ).toBe('FORBIDDEN');
  for (const input of [
    { sponsorId, courseId, seats: 0 },
    { sponsorId, courseId, seats: 1_000_000 },
    { sponsorId, courseId, seats: 5, validUntil: '2020-01-01T00:00:00Z' },
  ])
    expect(errorCode(await platform.gql(CREATE_SPONSORSHIP, { input }, adminToken))).toBe('BAD_USER_INPUT');
  expect(
    errorCode(await platform.gql(CREATE_SPONSORSHIP, { input: { sponsorId: 'nope', courseId, seats: 1 } }, adminToken)),
  ).toBe('NOT_FOUND');
  expect(
    errorCode(await platform.gql(CREATE_SPONSORSHIP, { input: { sponsorId, courseId: 'nope', seats: 1 } }, adminToken)),
  ).toBe('NOT_FOUND');

  const a = await sponsorship(3);
  const b = await sponsorship(3);
  expect(a.code).toMatch(/^[0-9A-Z]{8}(-[0-9A-Z]{8}){3}$/);
  expect(a.code).not.toBe(b.code);
  // The list itself is public: an anonymous visitor reads names and tiers without any error.
  const anonymous = await platform.gql<{ sponsors: Array<{ name: string; tier: string }> }>(`{ sponsors { name tier } }`);
  expect(anonymous.errors).toBeUndefined();
  expect(anonymous.data?.sponsors).toContainEqual({ name: 'Python Software Friends', tier: 'GOLD' });
  const listed = await platform.gql<{ sponsors: Array<{ name: string; sponsorships: Array<{ code: string | null }> }> }>(
    `{ sponsors { name sponsorships { seats code } } }`,
  );
  expect(errorCode(listed)).toBe('UNAUTHENTICATED');
  const asLearner = await platform.gql<{ sponsors: Array<{ sponsorships: Array<{ seats: number; code: string | null }> }> }>(
    `{ sponsors { sponsorships { seats code } } }`,
    {},
    learner.accessToken,
  );
  expect(errorCode(asLearner)).toBe('FORBIDDEN');
  expect(asLearner.data?.sponsors.flatMap((sponsor) => sponsor.sponsorships).every((entry) => entry.code === null)).toBe(true);
  const { course } = await platform.data<{ course: { sponsors: Array<{ id: string; tier: string }> } }>(
    `query C($id: ID!) { course(id: $id) { sponsors { id tier } } }`,
    { id: courseId },
  );
  expect(course.sponsors).toEqual([{ id: sponsorId, tier: 'GOLD' }]);
});

it('a seat enrolls the learner for free in a priced course; redeeming again returns the same enrollment', async () => {
  const { id, code } = await sponsorship(2);
  const learner = await platform.signUp();
  const [first, twin] = await Promise.all([
    platform.data<Redeemed>(REDEEM, { code: code.toLowerCase() }, learner.accessToken),
    platform.data<Redeemed>(REDEEM, { code }, learner.accessToken),
  ]);
  expect(first.redeemSponsorship).toMatchObject({ status: 'ACTIVE', course: { id: courseId }, user: { id: learner.id } });
  expect(twin.redeemSponsorship.id).toBe(first.redeemSponsorship.id);
  const { course } = await platform.data<{ course: { viewerEnrollment: { id: string } | null } }>(
    ENROLLMENT,
    { id: courseId },
    learner.accessToken,
  );
  expect(course.viewerEnrollment?.id).toBe(first.redeemSponsorship.id);
  const seatsUsed = async (sponsorshipId: string) =>
    (await platform.data<{ sponsorReport: { seatsUsed: number } }>(REPORT, { id: sponsorshipId }, adminToken)).sponsorReport
      .seatsUsed;
  // The twin calls took one seat between them.
  expect(await seatsUsed(id)).toBe(1);
  // One sponsored seat per learner and course: another sponsorship of the course is refused, seat untouched.
  const other = await sponsorship(2);
  const again = await platform.gql(REDEEM, { code: other.code }, learner.accessToken);
  expect(errorCode(again)).toBe('CONFLICT');
  expect(again.data).toBeNull();
  expect(await seatsUsed(other.id)).toBe(0);
  expect(await seatsUsed(id)).toBe(1);
});

it('refuses unknown, malformed, expired and used-up codes', async () => {
  const learner = await platform.signUp();
  expect(errorCode(await platform.gql(REDEEM, { code: 'ZZZZZZZZ-ZZZZZZZZ' }, learner.accessToken))).toBe('NOT_FOUND');
  expect(errorCode(await platform.gql(REDEEM, { code: 'x\u0001' }, learner.accessToken))).toBe('BAD_USER_INPUT');
  expect(errorCode(await platform.gql(REDEEM, { code: 'a'.repeat(500) }, learner.accessToken))).toBe('BAD_USER_INPUT');
  expect(errorCode(await platform.gql(REDEEM, { code: 'ZZZZZZZZ-ZZZZZZZZ' }))).toBe('UNAUTHENTICATED');
  const soon = await sponsorship(5, new Date(Date.now() + 1500).toISOString());
  await new Promise((resolve) => setTimeout(resolve, 1600));
  const expired = await platform.gql(REDEEM, { code: soon.code }, learner.accessToken);
  expect(expired.errors?.[0]?.extensions?.reason).toBe('SPONSORSHIP_EXPIRED');
});

it('50 parallel redemptions of 10 seats: exactly 10 enrollments, and the report counts them', async () => {
  const { id, code } = await sponsorship(10);
  const learners = await Promise.all(Array.from({ length: 50 }, () => platform.signUp()));
  const results = await Promise.all(learners.map((learner) => platform.gql<Redeemed>(REDEEM, { code }, learner.accessToken)));
  const enrolled = results.filter((result) => result.data?.redeemSponsorship);
  expect(enrolled).toHaveLength(10);
  expect(
    results
      .filter((result) => result.errors)
      .every((result) => result.errors?.[0]?.extensions?.reason === 'SPONSORSHIP_EXHAUSTED'),
  ).toBe(true);
  expect(new Set(enrolled.map((result) => result.data!.redeemSponsorship.id)).size).toBe(10);

  // One of them completes the course's only lesson: the report follows, without naming anyone.
  const winner = learners[results.findIndex((result) => result.data?.redeemSponsorship)]!;
  const { course } = await platform.data<{ course: { modules: Array<{ lessons: Array<{ id: string }> }> } }>(
    `query C($id: ID!) { course(id: $id) { modules { lessons { id } } } }`,
    { id: courseId },
  );
  await platform.data(
    `mutation D($id: ID!) { completeLesson(lessonId: $id) { id } }`,
    { id: course.modules[0]!.lessons[0]!.id },
    winner.accessToken,
  );
  const report = await eventually(async () => {
    const { sponsorReport } = await platform.data<{
      sponsorReport: {
        seats: number;
        seatsUsed: number;
        learnersActive: number;
        learnersCompleted: number;
        averageProgress: number;
      };
    }>(REPORT, { id }, adminToken);
    return sponsorReport.learnersCompleted === 1 ? sponsorReport : undefined;
  });
  expect(report).toMatchObject({ seats: 10, seatsUsed: 10, learnersActive: 9, learnersCompleted: 1, averageProgress: 10 });
  expect(errorCode(await platform.gql(REPORT, { id }, winner.accessToken))).toBe('FORBIDDEN');
  expect(errorCode(await platform.gql(REPORT, { id: 'nope' }, adminToken))).toBe('NOT_FOUND');
}, 60_000);
