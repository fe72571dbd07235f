/**
 * The content of published courses goes out as events an index can live on: every lesson at
 * publication, lessons added to or edited in a published course, metadata changes, and
 * unpublication (which drafts never announce). Each once, even under concurrent twins.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordEvents } from '#gateway/testing/events.ts';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import type { AnyEvent } from '#platform/events/envelope.ts';

const ADMIN = testAdmin();
let platform: TestStack;
let owner: TestUser;
let other: TestUser;
let learner: TestUser;
let adminToken: string;
let heard: AnyEvent[];

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'courses'], env: adminEnv(ADMIN) });
  ({ heard } = recordEvents(platform));
  owner = await platform.signUp('INSTRUCTOR', 'Olga');
  other = await platform.signUp('INSTRUCTOR', 'Otto');
  learner = await platform.signUp('STUDENT', 'Lea');
  adminToken = await signIn(platform, ADMIN.email, ADMIN.password);
});
afterAll(() => platform?.close());

const CREATE = `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id slug } }`;
const MODULE = `mutation M($id: ID!, $title: String!) { addModule(courseId: $id, input: { title: $title }) { id } }`;
const LESSON = `mutation L($id: ID!, $input: AddLessonInput!) { addLesson(moduleId: $id, input: $input) { id } }`;
const UPDATE_LESSON = `mutation U($id: ID!, $input: UpdateLessonInput!) { updateLesson(id: $id, input: $input) { id content } }`;
const UPDATE_COURSE = `mutation U($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { id title } }`;
const PUBLISH = `mutation P($id: ID!) { publishCourse(id: $id) { id status publishedAt } }`;
const UNPUBLISH = `mutation U($id: ID!) { unpublishCourse(id: $id) { id status } }`;

const ofCourse = (courseId: string, name?: string) =>
  heard.filter(
    (event) => (event.payload as { courseId?: string }).courseId === courseId && (name === undefined || event.name === name),
  );
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
const waitFor = (courseId: string, name: string, count: number) =>
  eventually(async () => (ofCourse(courseId, name).length >= count ? true : undefined), 10_000, `${count} × ${name}`);

/** A draft course with two modules: lessons A1, A2 in the first, B1 in the second. */
async function draftCourse(token = owner.accessToken) {
  const { createCourse } = await platform.data<{ createCourse: { id: string; slug: string } }>(
    CREATE,
    {
      input: {
        title: unique('Indexable'),
        description: 'Everything an index needs.',
        level: 'INTERMEDIATE',
        tags: ['Python', 'io'],
      },
    },
    token,
  );
  const lessons: Record<string, string> = {};
  const modules: string[] = [];
  for (const [module, titles] of [
    ['First', ['A1', 'A2']],
    ['Second', ['B1']],
  ] as const) {
    const { addModule } = await platform.data<{ addModule: { id: string } }>(
      MODULE,
      { id: createCourse.id, title: module },
      token,
    );
    modules.push(addModule.id);
    for (const title of titles) {
      const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
        LESSON,
        {
          id: addModule.id,
          input: {
            title,
            content: `# ${title}\n\nAbout ${title}.\n\n\`\`\`python\nprint("${title}")\n\`\`\``,
            durationMinutes: 5,
          },
        },
        token,
      );
      lessons[title] = addLesson.id;
    }
  }
  return { ...createCourse, lessons, modules };
}

describe('publication', () => {
  it('announces every lesson with its course when a course is published, and nothing while it is a draft', async () => {
    const course = await draftCourse();
    await platform.data(UPDATE_LESSON, { id: course.lessons.A1, input: { content: 'Edited while a draft.' } }, owner.accessToken);
    await platform.data(
      UPDATE_COURSE,
      { id: course.id, input: { description: 'Still a draft, still quiet.' } },
      owner.accessToken,
    );
    await settle();
    expect(ofCourse(course.id).map((event) => event.name)).toEqual([
      'COURSE_CREATED',
      'LESSON_ADDED',
      'LESSON_ADDED',
      'LESSON_ADDED',
    ]);

    await platform.data(PUBLISH, { id: course.id }, owner.accessToken);
    await waitFor(course.id, 'LESSON_PUBLISHED', 3);
    const published = ofCourse(course.id, 'LESSON_PUBLISHED').map((event) => event.payload);
    expect(published).toEqual([
      expect.objectContaining({ lessonId: course.lessons.A1, title: 'A1', position: 1, moduleTitle: 'First', modulePosition: 1 }),
      expect.objectContaining({ lessonId: course.lessons.A2, title: 'A2', position: 2, moduleTitle: 'First', modulePosition: 1 }),
      expect.objectContaining({
        lessonId: course.lessons.B1,
        title: 'B1',
        position: 1,
        moduleTitle: 'Second',
        modulePosition: 2,
      }),
    ]);
    expect(published[0]).toEqual({
      lessonId: course.lessons.A1,
      courseId: course.id,
      moduleId: course.modules[0],
      moduleTitle: 'First',
      title: 'A1',
      content: 'Edited while a draft.',
      position: 1,
      modulePosition: 1,
      courseTitle: expect.stringMatching(/^Indexable/),
      courseSlug: course.slug,
      level: 'INTERMEDIATE',
      tags: ['python', 'io'],
    });
    expect(ofCourse(course.id, 'COURSE_PUBLISHED')).toHaveLength(1);
    expect(ofCourse(course.id, 'COURSE_PUBLISHED')[0]!.payload).toMatchObject({ description: 'Still a draft, still quiet.' });
  });

  it('announces a lesson added to a published course, and the whole lesson when it is edited', async () => {
    const course = await draftCourse();
    await platform.data(PUBLISH, { id: course.id }, owner.accessToken);
    const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
      LESSON,
      { id: course.modules[1], input: { title: 'B0', content: 'Inserted first.', durationMinutes: 3, position: 1 } },
      owner.accessToken,
    );
    await waitFor(course.id, 'LESSON_PUBLISHED', 4);
    expect(ofCourse(course.id, 'LESSON_PUBLISHED').at(-1)!.payload).toMatchObject({
      lessonId: addLesson.id,
      position: 1,
      moduleTitle: 'Second',
      content: 'Inserted first.',
    });

    await platform.data(
      UPDATE_LESSON,
      { id: course.lessons.A2, input: { content: 'New text.', title: 'A2 again' } },
      owner.accessToken,
    );
    // A duration change alone leaves the text an index holds as it was: nothing to announce.
    await platform.data(UPDATE_LESSON, { id: course.lessons.A2, input: { durationMinutes: 9 } }, owner.accessToken);
    // An admin's edit counts too.
    await platform.data(UPDATE_LESSON, { id: course.lessons.B1, input: { content: 'By an admin.' } }, adminToken);
    await waitFor(course.id, 'LESSON_UPDATED', 2);
    await settle();
    expect(ofCourse(course.id, 'LESSON_UPDATED').map((event) => event.payload)).toEqual([
      expect.objectContaining({ lessonId: course.lessons.A2, title: 'A2 again', content: 'New text.', position: 2 }),
      expect.objectContaining({ lessonId: course.lessons.B1, content: 'By an admin.', position: 2 }),
    ]);
  });

  it("announces a published course's new description, not an edit that changes nothing", async () => {
    const course = await draftCourse();
    await platform.data(PUBLISH, { id: course.id }, owner.accessToken);
    await platform.data(UPDATE_COURSE, { id: course.id, input: { level: 'INTERMEDIATE' } }, owner.accessToken);
    await platform.data(UPDATE_COURSE, { id: course.id, input: { title: 'Renamed course', tags: ['Async'] } }, owner.accessToken);
    await waitFor(course.id, 'COURSE_UPDATED', 1);
    await settle();
    expect(ofCourse(course.id, 'COURSE_UPDATED').map((event) => event.payload)).toEqual([
      {
        courseId: course.id,
        title: 'Renamed course',
        slug: course.slug,
        description: 'Everything an index needs.',
        level: 'INTERMEDIATE',
        tags: ['async'],
        status: 'PUBLISHED',
      },
    ]);
  });

  it('announces each lesson once when the same course is published twice at the same moment', async () => {
    const course = await draftCourse();
    const results = await Promise.all([1, 2, 3].map(() => platform.gql(PUBLISH, { id: course.id }, owner.accessToken)));
    expect(results.map(errorCode)).toEqual([undefined, undefined, undefined]);
    await waitFor(course.id, 'LESSON_PUBLISHED', 3);
    await settle();
    expect(ofCourse(course.id, 'LESSON_PUBLISHED')).toHaveLength(3);
    expect(ofCourse(course.id, 'COURSE_PUBLISHED')).toHaveLength(1);
  });

  it('never loses a lesson added while its course is being published', async () => {
    const course = await draftCourse();
    const [, added] = await Promise.all([
      platform.data(PUBLISH, { id: course.id }, owner.accessToken),
      platform.data<{ addLesson: { id: string } }>(
        LESSON,
        { id: course.modules[0], input: { title: 'Racer', content: 'Added during publication.', durationMinutes: 2 } },
        owner.accessToken,
      ),
    ]);
    await waitFor(course.id, 'LESSON_PUBLISHED', 4);
    await settle();
    const ids = ofCourse(course.id, 'LESSON_PUBLISHED').map((event) => (event.payload as { lessonId: string }).lessonId);
    expect(ids.filter((id) => id === added.addLesson.id)).toHaveLength(1);
    expect(ids).toHaveLength(4);
  });
});

describe('unpublishCourse', () => {
  it('takes a course back to DRAFT once, and publishing it again announces its content again', async () => {
    const course = await draftCourse();
    await platform.data(PUBLISH, { id: course.id }, owner.accessToken);
    const twins = await Promise.all(
      [1, 2].map(() => platform.data<{ unpublishCourse: { status: string } }>(UNPUBLISH, { id: course.id }, owner.accessToken)),
    );
    expect(twins.map((result) => result.unpublishCourse.status)).toEqual(['DRAFT', 'DRAFT']);
    await waitFor(course.id, 'COURSE_UNPUBLISHED', 1);
    // Hidden from learners again, and edits of a draft are not announced.
    expect(
      errorCode(await platform.gql(`query C($id: ID) { course(id: $id) { id } }`, { id: course.id }, learner.accessToken)),
    ).toBe('NOT_FOUND');
    await platform.data(UPDATE_LESSON, { id: course.lessons.A1, input: { content: 'Quiet edit.' } }, owner.accessToken);
    await settle();
    expect(ofCourse(course.id, 'COURSE_UNPUBLISHED').map((event) => event.payload)).toEqual([{ courseId: course.id }]);
    expect(ofCourse(course.id, 'LESSON_UPDATED')).toHaveLength(0);

    // Published again by an admin: no second COURSE_PUBLISHED, but the course and every lesson again.
    await platform.data(PUBLISH, { id: course.id }, adminToken);
    await waitFor(course.id, 'LESSON_PUBLISHED', 6);
    await waitFor(course.id, 'COURSE_UPDATED', 1);
    expect(ofCourse(course.id, 'COURSE_PUBLISHED')).toHaveLength(1);
    expect(ofCourse(course.id, 'COURSE_UPDATED')[0]!.payload).toMatchObject({ status: 'PUBLISHED' });
    expect(ofCourse(course.id, 'LESSON_PUBLISHED').at(-3)!.payload).toMatchObject({ content: 'Quiet edit.' });
    // Unpublishing a draft changes nothing.
    await platform.data(UNPUBLISH, { id: course.id }, adminToken);
    const again = await platform.data<{ unpublishCourse: { status: string } }>(UNPUBLISH, { id: course.id }, owner.accessToken);
    expect(again.unpublishCourse.status).toBe('DRAFT');
    await waitFor(course.id, 'COURSE_UNPUBLISHED', 2);
    await settle();
    expect(ofCourse(course.id, 'COURSE_UNPUBLISHED')).toHaveLength(2);
  });

  it('is for the owner and admins only, with coded errors for bad ids', async () => {
    const course = await draftCourse();
    await platform.data(PUBLISH, { id: course.id }, owner.accessToken);
    expect(errorCode(await platform.gql(UNPUBLISH, { id: course.id }, other.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(UNPUBLISH, { id: course.id }, learner.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(UNPUBLISH, { id: course.id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(UNPUBLISH, { id: 'no-such-course' }, owner.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(UNPUBLISH, { id: 'bad\u0000id' }, owner.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(UNPUBLISH, { id: 'x'.repeat(10_000) }, owner.accessToken))).toBe('NOT_FOUND');
    await settle();
    expect(ofCourse(course.id, 'COURSE_UNPUBLISHED')).toHaveLength(0);
    const course2 = await platform.data<{ course: { status: string } }>(`query C($id: ID) { course(id: $id) { status } }`, {
      id: course.id,
    });
    expect(course2.course.status).toBe('PUBLISHED');
  });
});
