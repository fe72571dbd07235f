/**
 * Loads the demo content through the public API (the same path as any client): two instructors
 * with profiles, three Python courses written in markdown under ./courses (with their French
 * translation where a course has a fr/ folder), the Python quests of ./quests and a graded quiz
 * per course from ./quizzes. Idempotent: a course or quest whose slug exists, or a quiz whose
 * title exists in its course, is left alone; accounts that exist are signed in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseSettings, type SettingsSource } from '#platform/env.ts';
import { graphqlData, graphqlRequest } from '#platform/graphql/client.ts';
import { settings as accountsSettings } from '../../subgraphs/accounts/src/settings.ts';
import { seedDemoQuests } from './quests.ts';
import { seedDemoQuizzes } from './quizzes.ts';

export const DEMO_ADMIN = { email: 'admin@doctorpy.dev', password: 'doctorpy-admin-2026' };
export const DEMO_PASSWORD = 'doctorpy-demo-2026';

/** The admin the content is loaded as: accounts' first admin (its ADMIN_EMAIL / ADMIN_PASSWORD settings). */
export function configuredAdmin(source: SettingsSource): { email?: string; password?: string } {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = parseSettings(accountsSettings, source, 'accounts');
  return { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
}

const INSTRUCTORS = {
  nadia: {
    email: 'nadia.benali@doctorpy.dev',
    displayName: 'Nadia Benali',
    bio: 'Backend engineer turned teacher. Twelve years of Python, from data pipelines to web APIs; she teaches the basics the way she wishes she had learned them.',
    timezone: 'Europe/Paris',
    locale: 'fr-FR',
  },
  tom: {
    email: 'tom.okafor@doctorpy.dev',
    displayName: 'Tom Okafor',
    bio: 'Data engineer who spends his days choosing between lists, dicts and dataframes. Loves a good complexity table.',
    timezone: 'Africa/Lagos',
    locale: 'en-GB',
  },
} as const;

const courseFile = z.object({
  title: z.string(),
  description: z.string(),
  level: z.enum(['BEGINNER', 'INTERMEDIATE', 'ADVANCED']),
  tags: z.array(z.string()),
  instructor: z.enum(Object.keys(INSTRUCTORS) as [keyof typeof INSTRUCTORS]),
  modules: z.array(
    z.object({
      title: z.string(),
      lessons: z.array(z.object({ file: z.string(), durationMinutes: z.number().int().positive() })),
    }),
  ),
});

export const COURSES_DIR = join(import.meta.dirname, 'courses');

/** The slugs of the demo courses seedDemoContent loads: one folder each under COURSES_DIR, in name order. */
export const demoCourseSlugs = (): string[] => readdirSync(COURSES_DIR).sort();

const courseSpec = (slug: string) => courseFile.parse(parse(readFileSync(join(COURSES_DIR, slug, 'course.yaml'), 'utf8')));

/** A lesson file's title is its first `# ` heading; the rest is the content. */
export function readLesson(courseDir: string, file: string) {
  const markdown = readFileSync(join(courseDir, file), 'utf8');
  const heading = /^# (.+)$/m.exec(markdown);
  if (!heading?.[1]) throw new Error(`${file} has no "# Title" heading`);
  return { title: heading[1].trim(), content: markdown.replace(heading[0], '').trim() };
}

const translationFile = z.object({ title: z.string(), description: z.string() });

/**
 * A translation of a demo course under <course>/<locale>/ (course.yaml, and lessons in the files of
 * the same name): written through i18n, which learns about the course from courses' events, so
 * each write is tried again for a few seconds while i18n answers NOT_FOUND.
 */
async function seedTranslation(url: string, token: string, courseDir: string, courseId: string, lessonIds: Map<string, string>) {
  for (const locale of ['fr']) {
    const dir = join(courseDir, locale);
    if (!existsSync(join(dir, 'course.yaml'))) continue;
    const course = translationFile.parse(parse(readFileSync(join(dir, 'course.yaml'), 'utf8')));
    const translated = await untilKnown(() =>
      graphqlRequest(
        url,
        'mutation T($courseId: ID!, $locale: String!, $input: CourseTranslationInput!) { translateCourse(courseId: $courseId, locale: $locale, input: $input) { locale } }',
        { courseId, locale, input: course },
        { token },
      ),
    );
    if (!translated) return;
    for (const [file, lessonId] of lessonIds) {
      if (!existsSync(join(dir, file))) continue;
      const input = readLesson(dir, file);
      await untilKnown(() =>
        graphqlRequest(
          url,
          'mutation T($lessonId: ID!, $locale: String!, $input: LessonTranslationInput!) { translateLesson(lessonId: $lessonId, locale: $locale, input: $input) { locale } }',
          { lessonId, locale, input },
          { token },
        ),
      );
    }
  }
}

/** A course seeded before i18n ran (or before its translation existed): its lessons in the files' order. */
async function translateExisting(
  url: string,
  token: () => Promise<string>,
  courseDir: string,
  slug: string,
  spec: z.infer<typeof courseFile>,
): Promise<void> {
  if (!existsSync(join(courseDir, 'fr', 'course.yaml'))) return;
  const known = await graphqlRequest<{
    course: { id: string; availableLocales: string[]; modules: Array<{ lessons: Array<{ id: string }> }> } | null;
  }>(url, 'query Known($slug: String) { course(slug: $slug) { id availableLocales modules { lessons { id } } } }', { slug });
  const course = known.data?.course;
  if (!course || course.availableLocales.includes('fr')) return;
  const files = spec.modules.flatMap((module) => module.lessons.map((lesson) => lesson.file));
  const ids = course.modules.flatMap((module) => module.lessons.map((lesson) => lesson.id));
  await seedTranslation(url, await token(), courseDir, course.id, new Map(files.map((file, index) => [file, ids[index]!])));
}

/** False when the platform runs without i18n (the API has no such mutation): the translation is left out. */
async function untilKnown(write: () => ReturnType<typeof graphqlRequest>): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    const result = await write();
    if (!result.errors?.length) return true;
    const code = result.errors[0]?.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED') return false;
    if (code !== 'NOT_FOUND' || attempt >= 100) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function signIn(url: string, email: string, password: string, displayName: string): Promise<string> {
  const login = await graphqlRequest<{ login: { accessToken: string } }>(
    url,
    'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email, password } },
  );
  if (login.data?.login) return login.data.login.accessToken;
  const registered = await graphqlData<{ register: { accessToken: string } }>(
    url,
    'mutation Register($input: RegisterInput!) { register(input: $input) { accessToken } }',
    { input: { email, password, displayName, role: 'INSTRUCTOR' } },
  );
  return registered.register.accessToken;
}

export async function seedDemoContent(
  url: string,
  options: { admin?: { email?: string; password?: string } } = {},
): Promise<{ created: string[] }> {
  const created: string[] = [];
  const tokens = new Map<string, string>();
  const tokenOf = async (key: keyof typeof INSTRUCTORS) => {
    const instructor = INSTRUCTORS[key];
    if (!tokens.has(key)) {
      const token = await signIn(url, instructor.email, DEMO_PASSWORD, instructor.displayName);
      await graphqlData(
        url,
        'mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { bio } }',
        {
          input: { bio: instructor.bio, timezone: instructor.timezone, locale: instructor.locale },
        },
        { token },
      );
      tokens.set(key, token);
    }
    return tokens.get(key)!;
  };

  for (const slug of demoCourseSlugs()) {
    const courseDir = join(COURSES_DIR, slug);
    const spec = courseSpec(slug);
    const exists = await graphqlRequest<{ course: { id: string } | null }>(
      url,
      'query Exists($slug: String) { course(slug: $slug) { id } }',
      { slug },
    );
    if (exists.data?.course) {
      await translateExisting(url, () => tokenOf(spec.instructor), courseDir, slug, spec);
      continue;
    }
    const token = await tokenOf(spec.instructor);
    const { createCourse } = await graphqlData<{ createCourse: { id: string } }>(
      url,
      'mutation Create($input: CreateCourseInput!) { createCourse(input: $input) { id } }',
      { input: { slug, title: spec.title, description: spec.description, level: spec.level, tags: spec.tags } },
      { token },
    );
    const lessonIds = new Map<string, string>();
    for (const module of spec.modules) {
      const { addModule } = await graphqlData<{ addModule: { id: string } }>(
        url,
        'mutation Module($courseId: ID!, $input: AddModuleInput!) { addModule(courseId: $courseId, input: $input) { id } }',
        { courseId: createCourse.id, input: { title: module.title } },
        { token },
      );
      for (const lesson of module.lessons) {
        const { addLesson } = await graphqlData<{ addLesson: { id: string } }>(
          url,
          'mutation Lesson($moduleId: ID!, $input: AddLessonInput!) { addLesson(moduleId: $moduleId, input: $input) { id } }',
          { moduleId: addModule.id, input: { ...readLesson(courseDir, lesson.file), durationMinutes: lesson.durationMinutes } },
          { token },
        );
        lessonIds.set(lesson.file, addLesson.id);
      }
    }
    await graphqlData(url, 'mutation Publish($id: ID!) { publishCourse(id: $id) { id } }', { id: createCourse.id }, { token });
    await seedTranslation(url, token, courseDir, createCourse.id, lessonIds);
    created.push(slug);
  }
  // Quests after the courses: some practise them.
  created.push(...(await seedDemoQuests(url, await tokenOf('nadia'))));
  // Each course's quiz, by its instructor.
  created.push(...(await seedDemoQuizzes(url, (slug) => tokenOf(courseSpec(slug).instructor))));

  const { email, password } = options.admin ?? {};
  if (created.length && email && password) {
    const { login } = await graphqlData<{ login: { accessToken: string } }>(
      url,
      'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }',
      { input: { email, password } },
    );
    await graphqlData(
      url,
      'mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { bio } }',
      {
        input: { bio: 'Runs the DoctorPy platform.' },
      },
      { token: login.accessToken },
    );
  }
  return { created };
}
