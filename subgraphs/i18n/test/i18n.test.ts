/**
 * i18n through the gateway: locales, the locale of a request (profile, Accept-Language, English),
 * interface strings with their fallback chain and admins' edits, translations of courses and lessons
 * by their instructor, what is missing in a locale, and a badge notification written in French.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEnvelope } from '#platform/events/envelope.ts';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

const SUBGRAPHS = ['accounts', 'profiles', 'courses', 'notifications', 'i18n'];
const admin = testAdmin();

const VIEWER_LOCALE = '{ viewerLocale }';
const MESSAGES = `query M($locale: String!, $namespace: String!) { messages(locale: $locale, namespace: $namespace) { key value locale } }`;
const UPSERT = `mutation U($locale: String!, $namespace: String!, $key: String!, $value: String!) {
  upsertMessage(locale: $locale, namespace: $namespace, key: $key, value: $value) { key value locale }
}`;
const TRANSLATE_COURSE = `mutation T($courseId: ID!, $locale: String!, $input: CourseTranslationInput!) {
  translateCourse(courseId: $courseId, locale: $locale, input: $input) { locale title description }
}`;
const TRANSLATE_LESSON = `mutation T($lessonId: ID!, $locale: String!, $input: LessonTranslationInput!) {
  translateLesson(lessonId: $lessonId, locale: $locale, input: $input) { locale title content }
}`;
const COURSE = `query C($id: ID!, $locale: String!) {
  course(id: $id) { title availableLocales translation(locale: $locale) { locale title description }
    modules { lessons { id title translation(locale: $locale) { locale title content } } } }
}`;
const MISSING = `query Missing($locale: String!) {
  missingTranslations(locale: $locale) { kind namespace key source course { id } lesson { id } }
}`;
const UPDATE_PROFILE = `mutation P($input: UpdateProfileInput!) { updateProfile(input: $input) { locale } }`;

let platform: TestStack;
let adminToken: string;
let nadia: TestUser;
let tom: TestUser;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: SUBGRAPHS, env: adminEnv(admin) });
  adminToken = await signIn(platform, admin.email, admin.password);
  nadia = await platform.signUp('INSTRUCTOR', 'Nadia');
  tom = await platform.signUp('INSTRUCTOR', 'Tom');
});
afterAll(() => platform?.close());

const withLanguage = (query: string, acceptLanguage: string, token?: string) =>
  graphqlRequest<{ viewerLocale: string }>(platform.url, query, {}, { token, headers: { 'accept-language': acceptLanguage } });

/** A course of `owner` with one module of two lessons, known to i18n once its events arrived. */
async function courseOf(owner: TestUser, publish = false) {
  const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
    `mutation C($title: String!) { createCourse(input: { title: $title, description: "Loops in Python.", level: BEGINNER, tags: ["python"] }) { id } }`,
    { title: unique('Python loops') },
    owner.accessToken,
  );
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Basics" }) { id } }`,
    { id: createCourse.id },
    owner.accessToken,
  );
  const lessons: string[] = [];
  for (const title of ['For loops', 'While loops']) {
    const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
      `mutation L($id: ID!, $title: String!) { addLesson(moduleId: $id, input: { title: $title, content: "Repeat work.", durationMinutes: 5 }) { id } }`,
      { id: addModule.id, title },
      owner.accessToken,
    );
    lessons.push(addLesson.id);
  }
  if (publish)
    await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: createCourse.id }, owner.accessToken);
  // i18n learns about it from courses' events: wait until it accepts a translation of the last lesson.
  return { id: createCourse.id, lessons };
}

const translateCourse = (token: string, courseId: string, locale = 'fr', title = 'Les boucles en Python') =>
  platform.gql<{ translateCourse: { locale: string; title: string } }>(
    TRANSLATE_COURSE,
    { courseId, locale, input: { title, description: 'Répéter du travail avec for et while.' } },
    token,
  );
const translateLesson = (token: string, lessonId: string, locale = 'fr', title = 'Les boucles for') =>
  platform.gql<{ translateLesson: { locale: string; title: string } }>(
    TRANSLATE_LESSON,
    { lessonId, locale, input: { title, content: 'Répéter un bloc pour chaque élément.' } },
    token,
  );
/** Translates once i18n has the replica (eventually consistent with courses). */
const translatedCourse = (token: string, courseId: string, locale?: string) =>
  eventually(
    async () => {
      const result = await translateCourse(token, courseId, locale);
      return result.data?.translateCourse ? result : undefined;
    },
    10_000,
    'the course replica',
  );
const translatedLesson = (token: string, lessonId: string, locale?: string) =>
  eventually(
    async () => {
      const result = await translateLesson(token, lessonId, locale);
      return result.data?.translateLesson ? result : undefined;
    },
    10_000,
    'the lesson replica',
  );

describe('locales and the locale of a request', () => {
  it('lists English and French', async () => {
    const { locales } = await platform.data<{ locales: unknown[] }>('{ locales { code name nativeName direction } }');
    expect(locales).toEqual([
      { code: 'en', name: 'English', nativeName: 'English', direction: 'LTR' },
      { code: 'fr', name: 'French', nativeName: 'Français', direction: 'LTR' },
    ]);
  });

  it('negotiates from Accept-Language for anonymous callers, falling back region → language → English', async () => {
    expect((await platform.data<{ viewerLocale: string }>(VIEWER_LOCALE)).viewerLocale).toBe('en');
    const cases: Array<[string, string]> = [
      ['fr-CA,fr;q=0.9', 'fr'],
      ['de-DE,de;q=0.9,fr;q=0.5', 'fr'],
      ['de-DE, ja;q=0.5', 'en'],
      ['en;q=0.2, fr-BE;q=0.8', 'fr'],
      ['fr;q=0', 'en'],
      ['%%%, ,;q=', 'en'],
      ['x'.repeat(900), 'en'],
    ];
    for (const [header, expected] of cases)
      expect([header, (await withLanguage(VIEWER_LOCALE, header)).data?.viewerLocale]).toEqual([header, expected]);
  });

  it('prefers the signed-in user’s profile locale over Accept-Language', async () => {
    const user = await platform.signUp('STUDENT', 'Camille');
    expect((await withLanguage(VIEWER_LOCALE, 'fr', user.accessToken)).data?.viewerLocale).toBe('fr');
    await platform.data(UPDATE_PROFILE, { input: { locale: 'fr-CA' } }, user.accessToken);
    await eventually(
      async () => (await withLanguage(VIEWER_LOCALE, 'en-US', user.accessToken)).data?.viewerLocale === 'fr' || undefined,
      5_000,
      'fr',
    );
    await platform.data(UPDATE_PROFILE, { input: { locale: 'en-GB' } }, user.accessToken);
    await eventually(
      async () => (await withLanguage(VIEWER_LOCALE, 'fr', user.accessToken)).data?.viewerLocale === 'en' || undefined,
      5_000,
      'en',
    );
  });
});

describe('interface strings', () => {
  const messages = async (locale: string, namespace: string) =>
    new Map(
      (
        await platform.data<{ messages: Array<{ key: string; value: string; locale: string }> }>(MESSAGES, { locale, namespace })
      ).messages.map((message) => [message.key, message]),
    );

  it('serves every key in French, with regional and unknown locales falling back', async () => {
    const english = await messages('en', 'common');
    const french = await messages('fr', 'common');
    expect([...french.keys()]).toEqual([...english.keys()]);
    expect(french.get('nav.home')).toEqual({ key: 'nav.home', value: 'Accueil', locale: 'fr' });
    expect((await messages('FR-ca', 'common')).get('nav.home')).toEqual({ key: 'nav.home', value: 'Accueil', locale: 'fr' });
    expect((await messages('de-AT', 'common')).get('nav.home')).toEqual({ key: 'nav.home', value: 'Home', locale: 'en' });
    expect((await messages('fr', 'courses')).get('course.lessons')?.value).toBe(
      '{count, plural, =0 {Aucune leçon} one {# leçon} other {# leçons}}',
    );
  });

  it('refuses bad locale codes and namespaces, and reports an unknown namespace', async () => {
    for (const locale of ['fr_FR', 'french', '', 'fr-\u0007', 'en-US-x-private', 'e'.repeat(50)])
      expect([locale, errorCode(await platform.gql(MESSAGES, { locale, namespace: 'common' }))]).toEqual([
        locale,
        'BAD_USER_INPUT',
      ]);
    expect(errorCode(await platform.gql(MESSAGES, { locale: 'fr', namespace: '../etc' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(MESSAGES, { locale: 'fr', namespace: 'no-such-namespace' }))).toBe('NOT_FOUND');
  });

  it('lets admins edit a string in a regional locale without touching the language', async () => {
    const value = 'Page d’accueil';
    const twins = await Promise.all(
      [1, 2].map(() => platform.gql(UPSERT, { locale: 'fr-CA', namespace: 'common', key: 'nav.home', value }, adminToken)),
    );
    for (const twin of twins) expect(twin.data).toEqual({ upsertMessage: { key: 'nav.home', value, locale: 'fr-CA' } });
    expect((await messages('fr-CA', 'common')).get('nav.home')).toEqual({ key: 'nav.home', value, locale: 'fr-CA' });
    expect((await messages('fr', 'common')).get('nav.home')?.value).toBe('Accueil');
  });

  it('refuses edits from non-admins, in unsupported locales and with broken ICU syntax', async () => {
    const edit = { locale: 'fr', namespace: 'common', key: 'nav.home', value: 'Accueil' };
    expect(errorCode(await platform.gql(UPSERT, edit))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(UPSERT, edit, nadia.accessToken))).toBe('FORBIDDEN');
    for (const bad of [
      { locale: 'de' },
      { locale: 'fr!' },
      { value: '{count, plural, one {#}' },
      { value: '' },
      { value: 'x'.repeat(2001) },
      { key: 'bad key' },
      { key: '' },
      { namespace: 'Common' },
    ])
      expect([bad, errorCode(await platform.gql(UPSERT, { ...edit, ...bad }, adminToken))]).toEqual([bad, 'BAD_USER_INPUT']);
  });
});

describe('translations of courses and lessons', () => {
  it('lets the instructor translate a course and its lessons, read through the gateway along the fallback chain', async () => {
    const course = await courseOf(nadia);
    const result = await translatedCourse(nadia.accessToken, course.id);
    expect(result.data?.translateCourse).toEqual({
      locale: 'fr',
      title: 'Les boucles en Python',
      description: 'Répéter du travail avec for et while.',
    });
    await translatedLesson(nadia.accessToken, course.lessons[0]!);

    const { course: view } = await platform.data<{ course: Record<string, unknown> }>(
      COURSE,
      { id: course.id, locale: 'fr-CA' },
      nadia.accessToken,
    );
    expect(view).toMatchObject({
      availableLocales: ['en', 'fr'],
      translation: { locale: 'fr', title: 'Les boucles en Python', description: 'Répéter du travail avec for et while.' },
      modules: [
        {
          lessons: [
            {
              title: 'For loops',
              translation: { locale: 'fr', title: 'Les boucles for', content: 'Répéter un bloc pour chaque élément.' },
            },
            { title: 'While loops', translation: null },
          ],
        },
      ],
    });
    // The original's language, and a language with no translation: no translation (show the original).
    for (const locale of ['en', 'en-GB', 'de'])
      expect(
        (await platform.data<{ course: { translation: unknown } }>(COURSE, { id: course.id, locale }, nadia.accessToken)).course
          .translation,
      ).toBeNull();
    expect(errorCode(await platform.gql(COURSE, { id: course.id, locale: 'fr__CA' }, nadia.accessToken))).toBe('BAD_USER_INPUT');
  });

  it('keeps one translation per locale when two writes race, the last one winning', async () => {
    const course = await courseOf(nadia);
    await translatedCourse(nadia.accessToken, course.id);
    const titles = ['Version A', 'Version B', 'Version C'];
    const results = await Promise.all(titles.map((title) => translateCourse(nadia.accessToken, course.id, 'fr', title)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const { course: view } = await platform.data<{ course: { availableLocales: string[]; translation: { title: string } } }>(
      COURSE,
      { id: course.id, locale: 'fr' },
      nadia.accessToken,
    );
    expect(view.availableLocales).toEqual(['en', 'fr']);
    expect(titles).toContain(view.translation.title);
  });

  it('lets only the instructor and admins translate; others do not learn that a draft exists', async () => {
    const draft = await courseOf(nadia);
    await translatedCourse(nadia.accessToken, draft.id);
    expect(errorCode(await translateCourse(tom.accessToken, draft.id))).toBe('NOT_FOUND');
    expect(errorCode(await translateLesson(tom.accessToken, draft.lessons[0]!))).toBe('NOT_FOUND');
    expect(errorCode(await translateCourse('', draft.id))).toBe('UNAUTHENTICATED');
    expect((await translateCourse(adminToken, draft.id, 'fr-CA', 'Boucles (Canada)')).data?.translateCourse.locale).toBe('fr-CA');

    const published = await courseOf(nadia, true);
    await eventually(
      async () => (errorCode(await translateCourse(tom.accessToken, published.id)) === 'FORBIDDEN' ? true : undefined),
      10_000,
      'FORBIDDEN',
    );
  });

  it('refuses bad ids, locales and texts', async () => {
    const course = await courseOf(nadia);
    await translatedCourse(nadia.accessToken, course.id);
    expect(errorCode(await translateCourse(nadia.accessToken, randomUUID()))).toBe('NOT_FOUND');
    expect(errorCode(await translateLesson(nadia.accessToken, randomUUID()))).toBe('NOT_FOUND');
    expect(errorCode(await translateCourse(nadia.accessToken, 'x'.repeat(201)))).toBe('BAD_USER_INPUT');
    expect(errorCode(await translateCourse(nadia.accessToken, 'bad\u0000id'))).toBe('BAD_USER_INPUT');
    for (const locale of ['en', 'de', 'fr-', '', 'fr\u0007'])
      expect([locale, errorCode(await translateCourse(nadia.accessToken, course.id, locale))]).toEqual([
        locale,
        'BAD_USER_INPUT',
      ]);
    for (const title of ['   ', 'x'.repeat(201), 'Title\u0007'])
      expect(errorCode(await translateCourse(nadia.accessToken, course.id, 'fr', title))).toBe('BAD_USER_INPUT');
  });
});

describe('missing translations', () => {
  it('lists, for admins only, the courses, lessons and strings with no text in a locale or its language', async () => {
    const course = await courseOf(tom);
    await eventually(
      async () => {
        const { missingTranslations } = await platform.data<{
          missingTranslations: Array<{ kind: string; course: { id: string } | null; lesson: { id: string } | null }>;
        }>(MISSING, { locale: 'fr-CA' }, adminToken);
        const ids = new Set(missingTranslations.map((item) => item.lesson?.id ?? item.course?.id));
        return [course.id, ...course.lessons].every((id) => ids.has(id)) || undefined;
      },
      10_000,
      'the course listed as missing',
    );
    await translatedCourse(tom.accessToken, course.id);
    await platform.data(UPSERT, { locale: 'en', namespace: 'common', key: 'footer.help', value: 'Help' }, adminToken);
    const { missingTranslations } = await platform.data<{
      missingTranslations: Array<{
        kind: string;
        namespace: string | null;
        key: string | null;
        source: string;
        course: { id: string } | null;
      }>;
    }>(MISSING, { locale: 'fr' }, adminToken);
    expect(missingTranslations.some((item) => item.kind === 'COURSE' && item.course?.id === course.id)).toBe(false);
    expect(missingTranslations.filter((item) => item.kind === 'MESSAGE')).toEqual([
      { kind: 'MESSAGE', namespace: 'common', key: 'footer.help', source: 'Help', course: null, lesson: null },
    ]);
    expect(errorCode(await platform.gql(MISSING, { locale: 'fr' }, nadia.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(MISSING, { locale: 'fr.FR' }, adminToken))).toBe('BAD_USER_INPUT');
  });
});

describe('notifications in the recipient’s language', () => {
  const FEED = `{ notifications(first: 50) { edges { node { kind title body } } } }`;
  const feed = async (user: TestUser) =>
    (
      await platform.data<{ notifications: { edges: Array<{ node: { kind: string; title: string; body: string } }> } }>(
        FEED,
        {},
        user.accessToken,
      )
    ).notifications.edges.map((edge) => edge.node);
  const unlock = (userId: string) =>
    platform.runtime.eventBus().publish(
      createEnvelope(
        'ACHIEVEMENT_UNLOCKED',
        {
          userId,
          badgeId: randomUUID(),
          badgeSlug: 'first-quest',
          badgeName: 'First Quest',
          badgeDescription: 'Completed your first quest.',
        },
        'gamification',
      ),
    );

  it('writes a badge notification in French for a French profile, with admins’ edits applied', async () => {
    const learner = await platform.signUp('STUDENT', 'Léa');
    await platform.data(UPDATE_PROFILE, { input: { locale: 'fr-FR' } }, learner.accessToken);
    // notifications keeps its own replica of the locale: until it has it, a badge would be announced in English.
    await eventually(
      async () => {
        await unlock(learner.id);
        const notes = await eventually(
          async () => ((await feed(learner)).length ? feed(learner) : undefined),
          5_000,
          'a notification',
        );
        return notes.some((note) => note.title === 'Badge débloqué : Première quête') || undefined;
      },
      10_000,
      'a notification in French',
    );
    const french = (await feed(learner)).find((note) => note.title === 'Badge débloqué : Première quête');
    expect(french).toEqual({
      kind: 'BADGE_UNLOCKED',
      title: 'Badge débloqué : Première quête',
      body: 'Vous avez terminé votre première quête. Tout Pythoniste commence quelque part !',
    });

    await platform.data(
      UPSERT,
      { locale: 'fr', namespace: 'notifications', key: 'badgeUnlocked.title', value: 'Nouveau badge : {badgeName}' },
      adminToken,
    );
    await eventually(
      async () => {
        await unlock(learner.id);
        const notes = await feed(learner);
        return notes.some((note) => note.title === 'Nouveau badge : Première quête') || undefined;
      },
      10_000,
      'the edited title',
    );
    await platform.data(
      UPSERT,
      { locale: 'fr', namespace: 'notifications', key: 'badgeUnlocked.title', value: 'Badge débloqué : {badgeName}' },
      adminToken,
    );
  });
});

describe('a restart', () => {
  it('keeps translations, edits and replicas', async () => {
    const course = await courseOf(nadia);
    await translatedCourse(nadia.accessToken, course.id);
    await platform.data(UPSERT, { locale: 'fr-CA', namespace: 'common', key: 'nav.quests', value: 'Défis' }, adminToken);
    await platform.close();
    platform = await startTestStack({ subgraphs: SUBGRAPHS, env: adminEnv(admin) });
    const { course: view } = await platform.data<{ course: { translation: { title: string } } }>(
      COURSE,
      { id: course.id, locale: 'fr' },
      nadia.accessToken,
    );
    expect(view.translation.title).toBe('Les boucles en Python');
    const { messages } = await platform.data<{ messages: Array<{ key: string; value: string }> }>(MESSAGES, {
      locale: 'fr-CA',
      namespace: 'common',
    });
    expect(messages.find((message) => message.key === 'nav.quests')?.value).toBe('Défis');
    // The replica survived: the lesson is still known.
    expect((await translateLesson(nadia.accessToken, course.lessons[1]!)).data?.translateLesson.locale).toBe('fr');
  });
});
