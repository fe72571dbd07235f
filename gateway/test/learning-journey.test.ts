/**
 * The foundation end to end through the gateway, on real Postgres: accounts, profiles and courses
 * answering one client together.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

let platform: TestStack;
let student: TestUser;
let instructor: TestUser;
let courseId: string;
let lessonIds: string[];

beforeAll(async () => {
  platform = await startTestStack();
});
afterAll(() => platform?.close());

describe('a learner and an instructor on DoctorPy', () => {
  it('registers a student and an instructor, who can log in and see themselves', async () => {
    student = await platform.signUp('STUDENT', 'Stella Student');
    instructor = await platform.signUp('INSTRUCTOR', 'Ian Instructor');

    const { login } = await platform.data<{
      login: { accessToken: string; expiresIn: number; user: { id: string; roles: string[] } };
    }>(`mutation Login($input: LoginInput!) { login(input: $input) { accessToken expiresIn user { id roles } } }`, {
      input: { email: instructor.email.toUpperCase(), password: instructor.password },
    });
    expect(login.user).toEqual({ id: instructor.id, roles: ['INSTRUCTOR'] });
    expect(login.expiresIn).toBe(900);

    const { me } = await platform.data<{ me: { id: string; email: string; displayName: string; roles: string[] } }>(
      '{ me { id email displayName roles } }',
      {},
      login.accessToken,
    );
    expect(me).toEqual({ id: instructor.id, email: instructor.email, displayName: 'Ian Instructor', roles: ['INSTRUCTOR'] });
    expect((await platform.data<{ me: null }>('{ me { id } }')).me).toBeNull();
  });

  it('lets the instructor write a bio, build a course and publish it', async () => {
    await platform.data(
      `mutation { updateProfile(input: { bio: "Teaches Python for fun", timezone: "Europe/Paris", locale: "fr-fr" }) { bio locale timezone } }`,
      {},
      instructor.accessToken,
    );
    const { createCourse } = await platform.data<{ createCourse: { id: string; slug: string; status: string } }>(
      `mutation Create($input: CreateCourseInput!) { createCourse(input: $input) { id slug status } }`,
      {
        input: {
          title: 'Python Loops, Really',
          description: 'for, while, and the else nobody uses.',
          level: 'BEGINNER',
          tags: ['Python', 'loops', 'python'],
        },
      },
      instructor.accessToken,
    );
    expect(createCourse.status).toBe('DRAFT');
    expect(createCourse.slug).toMatch(/^python-loops-really/);
    courseId = createCourse.id;

    const { addModule } = await platform.data<{ addModule: { id: string; position: number } }>(
      `mutation M($courseId: ID!) { addModule(courseId: $courseId, input: { title: "Looping" }) { id position } }`,
      { courseId },
      instructor.accessToken,
    );
    expect(addModule.position).toBe(1);
    lessonIds = [];
    for (const title of ['for loops', 'while loops', 'break and else']) {
      const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
        `mutation L($moduleId: ID!, $input: AddLessonInput!) { addLesson(moduleId: $moduleId, input: $input) { id } }`,
        { moduleId: addModule.id, input: { title, content: `# ${title}\n\nSome markdown.`, durationMinutes: 10 } },
        instructor.accessToken,
      );
      lessonIds.push(addLesson.id);
    }
    const { publishCourse } = await platform.data<{
      publishCourse: { status: string; publishedAt: string; tags: string[]; lessonCount: number };
    }>(
      `mutation P($id: ID!) { publishCourse(id: $id) { status publishedAt tags lessonCount } }`,
      { id: courseId },
      instructor.accessToken,
    );
    expect(publishCourse).toMatchObject({ status: 'PUBLISHED', tags: ['python', 'loops'], lessonCount: 3 });
    expect(Date.parse(publishCourse.publishedAt)).not.toBeNaN();
  });

  it('paginates the catalog with cursors', async () => {
    const page = `query Page($after: String) { courses(first: 1, after: $after, tag: "loops") {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
    type Page = {
      courses: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: Array<{ node: { id: string } }>;
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { courses }: Page = await platform.data<Page>(page, { after });
      total = courses.totalCount;
      seen.push(...courses.edges.map((edge) => edge.node.id));
      after = courses.pageInfo.hasNextPage ? courses.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toContain(courseId);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
  });

  it('enrolls the student once, however often they ask', async () => {
    const enroll = `mutation E($id: ID!) { enroll(courseId: $id) { id status progressPercent } }`;
    const first = await platform.data<{ enroll: { id: string; status: string; progressPercent: number } }>(
      enroll,
      { id: courseId },
      student.accessToken,
    );
    const second = await platform.data<{ enroll: { id: string } }>(enroll, { id: courseId }, student.accessToken);
    expect(first.enroll).toMatchObject({ status: 'ACTIVE', progressPercent: 0 });
    expect(second.enroll.id).toBe(first.enroll.id);
    const { course } = await platform.data<{ course: { enrollmentCount: number } }>(
      `query C($id: ID) { course(id: $id) { enrollmentCount } }`,
      { id: courseId },
    );
    expect(course.enrollmentCount).toBe(1);
  });

  it('answers one query from three subgraphs', async () => {
    const { me } = await platform.data<{
      me: {
        displayName: string;
        enrollments: Array<{
          progressPercent: number;
          course: { title: string; instructor: { displayName: string; profile: { bio: string } } };
        }>;
      };
    }>(
      `{ me { displayName enrollments { progressPercent course { title instructor { displayName profile { bio } } } } } }`,
      {},
      student.accessToken,
    );
    expect(me).toEqual({
      displayName: 'Stella Student',
      enrollments: [
        {
          progressPercent: 0,
          course: {
            title: 'Python Loops, Really',
            instructor: { displayName: 'Ian Instructor', profile: { bio: 'Teaches Python for fun' } },
          },
        },
      ],
    });
  });

  it('tracks progress lesson by lesson and completes the course at 100%', async () => {
    const complete = `mutation C($id: ID!) { completeLesson(lessonId: $id) { progressPercent status completedAt completedLessonIds } }`;
    type Result = {
      completeLesson: { progressPercent: number; status: string; completedAt: string | null; completedLessonIds: string[] };
    };
    const afterOne = await platform.data<Result>(complete, { id: lessonIds[0] }, student.accessToken);
    expect(afterOne.completeLesson).toMatchObject({ progressPercent: 33, status: 'ACTIVE', completedAt: null });
    const again = await platform.data<Result>(complete, { id: lessonIds[0] }, student.accessToken);
    expect(again.completeLesson.progressPercent).toBe(33);
    await platform.data<Result>(complete, { id: lessonIds[1] }, student.accessToken);
    const done = await platform.data<Result>(complete, { id: lessonIds[2] }, student.accessToken);
    expect(done.completeLesson.progressPercent).toBe(100);
    expect(done.completeLesson.status).toBe('COMPLETED');
    expect(done.completeLesson.completedLessonIds.sort()).toEqual([...lessonIds].sort());
    expect(Date.parse(done.completeLesson.completedAt!)).not.toBeNaN();
  });

  it("keeps a draft to its instructor and lists each instructor's courses", async () => {
    const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
      `mutation { createCourse(input: { title: "${unique('Secret draft')}", description: "Not ready for anyone yet.", level: ADVANCED }) { id } }`,
      {},
      instructor.accessToken,
    );
    const lookup = `query C($id: ID) { course(id: $id) { id status } }`;
    expect((await platform.gql(lookup, { id: createCourse.id }, student.accessToken)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await platform.data<{ course: { status: string } }>(lookup, { id: createCourse.id }, instructor.accessToken)).course
        .status,
    ).toBe('DRAFT');

    const taught = `query U($id: ID!) { user(id: $id) { coursesTaught { id } } }`;
    const publicView = await platform.data<{ user: { coursesTaught: Array<{ id: string }> } }>(
      taught,
      { id: instructor.id },
      student.accessToken,
    );
    const ownView = await platform.data<{ user: { coursesTaught: Array<{ id: string }> } }>(
      taught,
      { id: instructor.id },
      instructor.accessToken,
    );
    expect(publicView.user.coursesTaught.map((course) => course.id)).toEqual([courseId]);
    expect(ownView.user.coursesTaught.map((course) => course.id)).toEqual([createCourse.id, courseId]);
  });
});
