/**
 * Certificates end to end, through the gateway and over HTTP as a browser would: issued once when
 * a course completes (even when COURSE_COMPLETED comes again), verified by anyone by code, its
 * PDF parsed, and revoked when the order that bought the course is refunded (payments' local
 * checkout, the real path).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ENROLL, ENROLLMENT, priceCourse, publishedCourse } from '#gateway/testing/courses.ts';
import { recordEvents } from '#gateway/testing/events.ts';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import type { EventName } from '#platform/events/catalog.ts';
import { createEnvelope, type AnyEvent, type EventEnvelope } from '#platform/events/envelope.ts';
import { deliveryInterceptors } from '#platform/events/subgraph-events.ts';

const ADMIN = testAdmin();
const PUBLIC_URL = 'https://learn.example.com';
const REQUESTS_PER_MINUTE = 40;
let platform: TestStack;
let origin: string;
let adminToken: string;
let instructor: TestUser;
let learner: TestUser;
let courseId: string;
let events: ReturnType<typeof recordEvents>;

const CERTIFICATE_FIELDS = `id code holderName courseTitle issuedAt status revokedAt pdfUrl verifyUrl course { id title } user { id }`;
const VERIFY = `query Verify($code: String!) { certificate(code: $code) { ${CERTIFICATE_FIELDS} } }`;
const MY_CERTIFICATES = `query Mine($id: ID!) { user(id: $id) { id certificates { ${CERTIFICATE_FIELDS} } } }`;
const LESSONS = `query Lessons($id: ID!) { course(id: $id) { title modules { lessons { id } } } }`;
const COMPLETE = `mutation Complete($lessonId: ID!) { completeLesson(lessonId: $lessonId) { id status } }`;
const VIEWER_CERTIFICATE = `query Viewer($id: ID!) { course(id: $id) { viewerEnrollment { id status certificate { code } } } }`;
const CHECKOUT = `mutation Checkout($courseId: ID!) { checkoutCourse(courseId: $courseId) { id url order { id } } }`;
const REFUND = `mutation Refund($orderId: ID!) { refundOrder(orderId: $orderId) { id status } }`;

interface CertificateView {
  id: string;
  code: string;
  holderName: string;
  courseTitle: string;
  issuedAt: string;
  status: 'VALID' | 'REVOKED';
  revokedAt: string | null;
  pdfUrl: string;
  verifyUrl: string;
  course: { id: string; title: string };
  user: { id: string };
}

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses', 'payments'],
    env: { ...adminEnv(ADMIN), PUBLIC_URL, CERTIFICATE_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE) },
  });
  origin = new URL(platform.url).origin;
  events = recordEvents(platform);
  adminToken = await signIn(platform, ADMIN.email, ADMIN.password);
  instructor = await platform.signUp('INSTRUCTOR', 'Nadia Benali');
  // A name a page must escape.
  learner = await platform.signUp('STUDENT', 'Zoë <b>Ünal</b> & co');
  courseId = await publishedCourse(platform, instructor);
}, 60_000);

afterAll(() => platform?.close());

const heardOf = <N extends EventName>(name: N, enrollmentId: string) => events.named(name, { enrollmentId });

/** Where a public URL (on PUBLIC_URL) is served in this test: the gateway's host. */
const onGateway = (url: string) => `${origin}${new URL(url).pathname}`;

/** Enrolls (unless bought), completes the course's lesson, and waits for the certificate. */
async function complete(user: TestUser, course: string, enroll = true) {
  const token = user.accessToken;
  if (enroll) await platform.data(ENROLL, { courseId: course }, token);
  const { course: found } = await platform.data<{ course: { modules: Array<{ lessons: Array<{ id: string }> }> } }>(LESSONS, {
    id: course,
  });
  let enrollmentId = '';
  for (const { id } of found.modules.flatMap((module) => module.lessons))
    ({
      completeLesson: { id: enrollmentId },
    } = await platform.data<{ completeLesson: { id: string } }>(COMPLETE, { lessonId: id }, token));
  const certificate = await eventually(
    async () => {
      const { course: viewed } = await platform.data<{ course: { viewerEnrollment: { certificate: { code: string } | null } } }>(
        VIEWER_CERTIFICATE,
        { id: course },
        token,
      );
      return viewed.viewerEnrollment.certificate ?? undefined;
    },
    10_000,
    'the certificate',
  );
  return { enrollmentId, code: certificate.code };
}

const verify = async (code: string, token?: string) =>
  (await platform.data<{ certificate: CertificateView | null }>(VERIFY, { code }, token)).certificate;

let issued: { enrollmentId: string; code: string };

describe('issuing', () => {
  it('issues one certificate when the course completes, even when COURSE_COMPLETED is delivered again', async () => {
    issued = await complete(learner, courseId);
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const [completed] = heardOf('COURSE_COMPLETED', issued.enrollmentId) as Array<EventEnvelope<'COURSE_COMPLETED'>>;
    expect(completed).toBeDefined();
    await eventually(async () => (heardOf('CERTIFICATE_ISSUED', issued.enrollmentId).length ? true : undefined));

    // The same envelope again (a replay past the bus' duplicate check, as a redelivery arrives),
    // and a twin with a new id (a second announcement of the same completion).
    const twin = createEnvelope('COURSE_COMPLETED', completed!.payload, 'courses');
    const handled: string[] = [];
    const interceptors = deliveryInterceptors(platform.runtime);
    const interceptor = (stage: string, consumer: string, event: AnyEvent) => {
      if (consumer === 'courses-certificates' && stage === 'before-ack') handled.push(event.id);
    };
    interceptors.push(interceptor);
    try {
      await platform.runtime.eventBus().publish(completed!, { replayFor: 'courses-certificates' });
      await platform.runtime.eventBus().publish(twin);
      await eventually(
        async () => (handled.includes(completed!.id) && handled.includes(twin.id) ? true : undefined),
        10_000,
        'both deliveries handled',
      );
    } finally {
      interceptors.splice(interceptors.indexOf(interceptor), 1);
    }

    const { user } = await platform.data<{ user: { certificates: CertificateView[] } }>(
      MY_CERTIFICATES,
      { id: learner.id },
      learner.accessToken,
    );
    expect(user.certificates.map((certificate) => certificate.code)).toEqual([issued.code]);
    const announced = heardOf('CERTIFICATE_ISSUED', issued.enrollmentId) as Array<EventEnvelope<'CERTIFICATE_ISSUED'>>;
    expect(announced).toHaveLength(1);
    expect(announced[0]!.payload).toMatchObject({
      certificateId: user.certificates[0]!.id,
      userId: learner.id,
      courseId,
      code: issued.code,
      verifyUrl: `${PUBLIC_URL}/certificates/${issued.code}`,
      pdfUrl: `${PUBLIC_URL}/certificates/${issued.code}.pdf`,
    });
  });
});

describe('verifying', () => {
  it('shows anyone, without signing in, the holder, the course and the date', async () => {
    const certificate = await verify(issued.code);
    const { course } = await platform.data<{ course: { title: string } }>(LESSONS, { id: courseId });
    expect(certificate).toEqual({
      id: expect.any(String),
      code: issued.code,
      holderName: 'Zoë <b>Ünal</b> & co',
      courseTitle: course.title,
      issuedAt: expect.any(String),
      status: 'VALID',
      revokedAt: null,
      pdfUrl: `${PUBLIC_URL}/certificates/${issued.code}.pdf`,
      verifyUrl: `${PUBLIC_URL}/certificates/${issued.code}`,
      course: { id: courseId, title: course.title },
      user: { id: learner.id },
    });
    expect(Date.now() - Date.parse(certificate!.issuedAt)).toBeLessThan(60_000);
  });

  it('names a course back in draft by its title only: the public code does not open the draft', async () => {
    const draftLater = await publishedCourse(platform, instructor);
    const { code } = await complete(await platform.signUp('STUDENT', 'Later Draft'), draftLater);
    await platform.data(
      `mutation Unpublish($id: ID!) { unpublishCourse(id: $id) { id } }`,
      { id: draftLater },
      instructor.accessToken,
    );
    expect(await verify(code)).toMatchObject({ code, status: 'VALID', courseTitle: expect.any(String), course: null });
    expect((await verify(code, instructor.accessToken))!.course).toMatchObject({ id: draftLater });
  });

  it('reads the code in any case, with or without dashes, and O, I, L as 0, 1, 1', async () => {
    const typed = [
      issued.code.toLowerCase(),
      issued.code.replaceAll('-', ''),
      ` ${issued.code.toLowerCase().replaceAll('-', ' ')} `,
      issued.code.replaceAll('0', 'O').replaceAll('1', 'l'),
    ];
    for (const code of typed) expect((await verify(code))?.code).toBe(issued.code);
  });

  it('answers null for a code nobody has, and BAD_USER_INPUT for what cannot be a code', async () => {
    expect(await verify('ZZZZ-ZZZZ-ZZZZ')).toBeNull();
    for (const hostile of ['', 'ABCD-EFGH-JKMU', 'ABCD-EFGH-JKM', "ABCD' OR '1'='1", '<script>x</script>', 'x'.repeat(200_000)]) {
      const result = await platform.gql(VERIFY, { code: hostile });
      expect({ hostile: hostile.slice(0, 20), code: errorCode(result) }).toEqual({
        hostile: hostile.slice(0, 20),
        code: 'BAD_USER_INPUT',
      });
    }
    expect(errorCode(await platform.gql(VERIFY, { code: `${issued.code}\u0000` }))).toBe('BAD_USER_INPUT');
  });

  it('serves the verification page over HTTP, every value escaped', async () => {
    const answer = await fetch(onGateway(`${PUBLIC_URL}/certificates/${issued.code.toLowerCase()}`));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('x-robots-tag')).toBe('noindex');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await answer.text();
    expect(html).toContain('VALID');
    expect(html).toContain('Zoë &lt;b&gt;Ünal&lt;/b&gt; &amp; co');
    expect(html).not.toContain('<b>Ünal</b>');
    expect(html).toContain(issued.code);
    expect(html).toContain(`href="${PUBLIC_URL}/certificates/${issued.code}.pdf"`);

    expect((await fetch(`${origin}/certificates/ZZZZ-ZZZZ-ZZZZ`)).status).toBe(404);
    const bad = await fetch(`${origin}/certificates/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain('<script>');
    expect((await fetch(`${origin}/certificates/${'A'.repeat(5_000)}.pdf`)).status).toBe(400);
  });

  it('serves the PDF through the gateway: it names the holder and the code, and is the same bytes every time', async () => {
    const url = onGateway((await verify(issued.code))!.pdfUrl);
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(first.headers.get('content-disposition')).toBe(`inline; filename="doctorpy-certificate-${issued.code}.pdf"`);
    const bytes = Buffer.from(await first.arrayBuffer());
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const content = await (await pdf.getPage(1)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join('\n');
    expect(text).toContain('Zoë <b>Ünal</b> & co');
    expect(text).toContain(issued.code);
    expect(text).toContain('taught by Nadia Benali');

    const again = await fetch(url);
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    const etag = first.headers.get('etag');
    expect(again.headers.get('etag')).toBe(etag);
    // As a browser revalidates (fetch would add Cache-Control: no-cache, which forbids a 304).
    const cached = await fetch(url, { headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' } });
    expect(cached.status).toBe(304);
    expect((await cached.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('who sees User.certificates', () => {
  it('the holder and admins; anyone else gets FORBIDDEN (UNAUTHENTICATED when signed out)', async () => {
    const stranger = await platform.signUp();
    const asSelf = await platform.data<{ user: { certificates: CertificateView[] } }>(
      MY_CERTIFICATES,
      { id: learner.id },
      learner.accessToken,
    );
    const asAdmin = await platform.data<{ user: { certificates: CertificateView[] } }>(
      MY_CERTIFICATES,
      { id: learner.id },
      adminToken,
    );
    expect(asAdmin.user.certificates).toEqual(asSelf.user.certificates);
    expect(asSelf.user.certificates).toHaveLength(1);

    const asStranger = await platform.gql<{ user: { certificates: unknown } }>(
      MY_CERTIFICATES,
      { id: learner.id },
      stranger.accessToken,
    );
    expect(errorCode(asStranger)).toBe('FORBIDDEN');
    expect(asStranger.data?.user.certificates).toBeNull();
    const anonymous = await platform.gql<{ user: { certificates: unknown } }>(MY_CERTIFICATES, { id: learner.id });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(anonymous.data?.user.certificates).toBeNull();
    // The stranger's own list is theirs: empty.
    const own = await platform.data<{ user: { certificates: CertificateView[] } }>(
      MY_CERTIFICATES,
      { id: stranger.id },
      stranger.accessToken,
    );
    expect(own.user.certificates).toEqual([]);
  });
});

describe('revocation', () => {
  it('revokes the certificate when the order that bought the course is refunded', async () => {
    const paidCourse = await publishedCourse(platform, instructor);
    await priceCourse(platform, instructor, paidCourse, 1999, 'USD');
    const buyer = await platform.signUp('STUDENT', 'Bea Buyer');
    const { checkoutCourse } = await platform.data<{ checkoutCourse: { url: string; order: { id: string } } }>(
      CHECKOUT,
      { courseId: paidCourse },
      buyer.accessToken,
    );
    const paid = await fetch(onGateway(checkoutCourse.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    await eventually(async () => {
      const { course } = await platform.data<{ course: { viewerEnrollment: { status: string } | null } }>(
        ENROLLMENT,
        { id: paidCourse },
        buyer.accessToken,
      );
      return course.viewerEnrollment?.status === 'ACTIVE' ? true : undefined;
    });
    const bought = await complete(buyer, paidCourse, false);
    expect((await verify(bought.code))?.status).toBe('VALID');

    await platform.data(REFUND, { orderId: checkoutCourse.order.id }, adminToken);
    const revoked = await eventually(async () => {
      const certificate = await verify(bought.code);
      return certificate?.status === 'REVOKED' ? certificate : undefined;
    });
    expect(Date.parse(revoked.revokedAt!)).toBeGreaterThan(Date.parse(revoked.issuedAt));
    const announced = heardOf('CERTIFICATE_REVOKED', bought.enrollmentId);
    expect(announced).toHaveLength(1);
    expect(announced[0]!.payload).toMatchObject({ certificateId: revoked.id, userId: buyer.id, reason: 'REFUNDED' });

    const page = await fetch(onGateway(revoked.verifyUrl));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('REVOKED');
    expect(html).not.toContain('.pdf"');
    expect((await fetch(onGateway(revoked.pdfUrl))).status).toBe(410);
    // The first learner's certificate is untouched.
    expect((await verify(issued.code))?.status).toBe('VALID');
  });
});

describe('public pages', () => {
  it('limit the requests of one address, answering 429 with Retry-After beyond the limit', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    while (last?.status !== 429 && statuses.length <= REQUESTS_PER_MINUTE) {
      last = await fetch(`${origin}/certificates/ZZZZ-ZZZZ-ZZZZ`);
      statuses.push(last.status);
    }
    // The earlier tests spent part of this minute's budget.
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([404]));
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // GraphQL verification goes through the gateway's own limits, not this one.
    expect((await verify(issued.code))?.status).toBe('VALID');
  });
});
