/**
 * Loads the demo content through the public API (the same path as any client): two instructors
 * with profiles, three Python courses written in markdown under ./courses, the Python quests of
 * ./quests and a graded quiz per course from ./quizzes. Idempotent: a course or quest whose slug
 * exists, or a quiz whose title exists in its course, is left alone; accounts that exist are
 * signed in.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

const courseSpec = (slug: string) => courseFile.parse(parse(readFileSync(join(COURSES_DIR, slug, 'course.yaml'), 'utf8')));

/** A lesson file's title is its first `# ` heading; the rest is the content. */
export function readLesson(courseDir: string, file: string) {
  const markdown = readFileSync(join(courseDir, file), 'utf8');
  const heading = /^# (.+)$/m.exec(markdown);
  if (!heading?.[1]) throw new Error(`${file} has no "# Title" heading`);
  return { title: heading[1].trim(), content: markdown.replace(heading[0], '').trim() };
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

  for (const slug of readdirSync(COURSES_DIR).sort()) {
    const exists = await graphqlRequest(url, 'query Exists($slug: String) { course(slug: $slug) { id } }', { slug });
    if (exists.data?.course) continue;
    const courseDir = join(COURSES_DIR, slug);
    const spec = courseFile.parse(parse(readFileSync(join(courseDir, 'course.yaml'), 'utf8')));
    const token = await tokenOf(spec.instructor);
    const { createCourse } = await graphqlData<{ createCourse: { id: string } }>(
      url,
      'mutation Create($input: CreateCourseInput!) { createCourse(input: $input) { id } }',
      { input: { slug, title: spec.title, description: spec.description, level: spec.level, tags: spec.tags } },
      { token },
    );
    for (const module of spec.modules) {
      const { addModule } = await graphqlData<{ addModule: { id: string } }>(
        url,
        'mutation Module($courseId: ID!, $input: AddModuleInput!) { addModule(courseId: $courseId, input: $input) { id } }',
        { courseId: createCourse.id, input: { title: module.title } },
        { token },
      );
      for (const lesson of module.lessons) {
        await graphqlData(
          url,
          'mutation Lesson($moduleId: ID!, $input: AddLessonInput!) { addLesson(moduleId: $moduleId, input: $input) { id } }',
          { moduleId: addModule.id, input: { ...readLesson(courseDir, lesson.file), durationMinutes: lesson.durationMinutes } },
          { token },
        );
      }
    }
    await graphqlData(url, 'mutation Publish($id: ID!) { publishCourse(id: $id) { id } }', { id: createCourse.id }, { token });
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
