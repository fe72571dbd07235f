/**
 * The gateway's response cache on the real stack (Redis, NATS, Postgres): public catalogue
 * answers served from the cache with Cache-Control, never an old title after an update (through
 * a second gateway sharing Redis too), events dropping entries (twice when redelivered), private
 * answers kept to their viewer, TTLs, and nothing cached for mutations, errors or bad operations.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { catalogEntry } from '#platform/catalog.ts';
import { composeSupergraph } from '#platform/composition.ts';
import { createEnvelope, type EventEnvelope } from '#platform/events/envelope.ts';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { createRuntime, type Runtime } from '#platform/runtime.ts';
import { createGateway, type GatewayServer } from '#gateway/src/app.ts';
import { recordEvents } from '#gateway/testing/events.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

const TTL_SECONDS = 4;
let platform: TestStack;
let events: ReturnType<typeof recordEvents>;
let instructor: TestUser;
let courseId: string;

const COURSE = `query Course($id: ID!) { course(id: $id) { id title modules { title lessons { title } } instructor { displayName } } }`;
const UPDATE = `mutation Update($id: ID!, $title: String!) { updateCourse(id: $id, input: { title: $title }) { id title } }`;

/** Sum of a counter's samples whose labels include `labels`, as /metrics shows them. */
async function counter(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`).exec(line);
    if (!match) continue;
    const sample = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => sample[key] === value)) total += Number(match[2]);
  }
  return total;
}

const cacheCounters = async (url = platform.url) => ({
  hits: await counter(url, 'response_cache_hits_total'),
  misses: await counter(url, 'response_cache_misses_total'),
  stores: await counter(url, 'response_cache_stores_total'),
});

async function read<Data = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string; url?: string } = {},
) {
  const result = await graphqlRequest<Data>(options.url ?? platform.url, query, variables, { token: options.token });
  return {
    ...result,
    cacheControl: result.headers.get('cache-control'),
    /** Set on answers served from the cache only. */
    hit: result.headers.has('age'),
  };
}

/** Waits for the gateway to have heard `name` about `id` (the recorder listens beside it). */
async function heard(name: 'COURSE_PUBLISHED' | 'COURSE_UPDATED' | 'ENROLLMENT_CREATED', field: string, id: string) {
  await eventually(async () => (events.named(name, { [field]: id }).length ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 150));
}

async function createCourse(owner: TestUser, title: string, publish: boolean): Promise<string> {
  const token = owner.accessToken;
  const { createCourse: created } = await platform.data<{ createCourse: { id: string } }>(
    `mutation C($title: String!) { createCourse(input: { title: $title, description: "Lists and loops.", level: BEGINNER }) { id } }`,
    { title },
    token,
  );
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Basics" }) { id } }`,
    { id: created.id },
    token,
  );
  await platform.data(
    `mutation L($id: ID!) { addLesson(moduleId: $id, input: { title: "Loops", content: "# for", durationMinutes: 5 }) { id } }`,
    { id: addModule.id },
    token,
  );
  if (publish) {
    await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: created.id }, token);
    await heard('COURSE_PUBLISHED', 'courseId', created.id);
  }
  return created.id;
}

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses'],
    env: { RESPONSE_CACHE_MAX_TTL_SECONDS: String(TTL_SECONDS) },
  });
  events = recordEvents(platform);
  instructor = await platform.signUp('INSTRUCTOR', 'Ines Instructor');
  courseId = await createCourse(instructor, unique('Cached Python'), true);
});
afterAll(async () => {
  events?.stop();
  await platform?.close();
});

describe('public catalogue answers', () => {
  it('come from the cache the second time, with Cache-Control and Age, and move the counters', async () => {
    const before = await cacheCounters();
    const first = await read<{ course: { id: string } }>(COURSE, { id: courseId });
    const second = await read<{ course: { id: string } }>(COURSE, { id: courseId });
    const after = await cacheCounters();

    expect(first.errors).toBeUndefined();
    expect(first.cacheControl).toBe('max-age=60, public');
    expect(first.hit).toBe(false);
    expect(second.hit).toBe(true);
    expect(second.cacheControl).toBe('max-age=60, public');
    expect(second.data).toEqual(first.data);
    expect(after.misses - before.misses).toBe(1);
    expect(after.stores - before.stores).toBe(1);
    expect(after.hits - before.hits).toBe(1);
    expect(await counter(platform.url, 'response_cache_hits_total', { audience: 'anonymous' })).toBeGreaterThan(0);
  });

  it('expire with their TTL', async () => {
    const query = `query Expiring($id: ID!) { course(id: $id) { id title } }`;
    await read(query, { id: courseId });
    await eventually(async () => ((await read(query, { id: courseId })).hit ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, (TTL_SECONDS + 1) * 1000));
    expect((await read(query, { id: courseId })).hit).toBe(false);
  });
});

describe('an updated course', () => {
  let replicaRuntime: Runtime;
  let replica: GatewayServer;
  let replicaUrl: string;

  beforeAll(async () => {
    // A second gateway process in all but name: its own runtime and connections, the same Redis and NATS.
    replicaRuntime = createRuntime(platform.runtime.env, 'gateway-replica');
    const subgraphUrls = platform.stack.subgraphUrls;
    replica = await createGateway(replicaRuntime, {
      supergraph: {
        sdl: composeSupergraph(
          Object.entries(subgraphUrls).map(([name, url]) => ({ name, url, schemaFile: catalogEntry(name).schemaFile })),
        ),
      },
      subgraphUrls,
      jwksUrl: new URL('/.well-known/jwks.json', subgraphUrls.accounts!).toString(),
    });
    replicaUrl = await replica.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await replica?.close();
    await replicaRuntime?.close();
  });

  it('never shows its old title afterwards, through either gateway', async () => {
    const titles: string[] = [];
    const invalidated = await counter(platform.url, 'response_cache_invalidations_total', { source: 'mutation', type: 'Course' });
    // Both gateways hold the current answer (the replica finds the first gateway's entry in Redis).
    for (const url of [platform.url, replicaUrl, replicaUrl]) await read(COURSE, { id: courseId }, { url });
    expect((await read(COURSE, { id: courseId }, { url: replicaUrl })).hit).toBe(true);

    for (let round = 0; round < 4; round += 1) {
      const title = unique(`Renamed ${round}`);
      titles.push(title);
      await platform.data(UPDATE, { id: courseId, title }, instructor.accessToken);
      for (let look = 0; look < 3; look += 1) {
        for (const url of [platform.url, replicaUrl]) {
          const anonymous = await read<{ course: { title: string } }>(COURSE, { id: courseId }, { url });
          const owner = await read<{ course: { title: string } }>(
            COURSE,
            { id: courseId },
            { url, token: instructor.accessToken },
          );
          expect(anonymous.data?.course.title).toBe(title);
          expect(owner.data?.course.title).toBe(title);
        }
      }
      // The later looks came from the cache: invalidation did not simply turn it off.
      expect((await read(COURSE, { id: courseId }, { url: replicaUrl })).hit).toBe(true);
    }
    expect(
      (await counter(platform.url, 'response_cache_invalidations_total', { source: 'mutation', type: 'Course' })) - invalidated,
    ).toBe(titles.length);
    // Published courses announce their updates: the events that invalidate what the gateways did not see change.
    await heard('COURSE_UPDATED', 'courseId', courseId);
  });

  it('is dropped from the cache by its COURSE_UPDATED event, a second delivery bumping again harmlessly', async () => {
    const original = events.named('COURSE_UPDATED', { courseId }).at(-1)!;
    await eventually(async () => ((await read(COURSE, { id: courseId })).hit ? true : undefined));
    const bumps = () => counter(platform.url, 'response_cache_invalidations_total', { source: 'event', type: 'Course' });
    const before = await bumps();

    // The same envelope again (an outbox retry) is heard once per process; twins with the same
    // payload under new ids (as a replica that forgot the id would hear it) each bump again.
    const bus = platform.runtime.eventBus();
    await bus.publish(original as unknown as EventEnvelope);
    for (let twin = 0; twin < 2; twin += 1) await bus.publish(createEnvelope('COURSE_UPDATED', original.payload, 'courses'));
    await eventually(async () => ((await bumps()) - before >= 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await bumps()) - before).toBe(2);

    const fresh = await read<{ course: { title: string } }>(COURSE, { id: courseId });
    expect(fresh.hit).toBe(false);
    expect(fresh.errors).toBeUndefined();
    const cached = await read<{ course: { title: string } }>(COURSE, { id: courseId });
    expect(cached.hit).toBe(true);
    expect(cached.data).toEqual(fresh.data);
  });
});

describe('private answers', () => {
  const ME = `query Me { me { id displayName email } }`;

  it('are kept to their viewer: two users never see each other', async () => {
    const ada = await platform.signUp('STUDENT', 'Ada Private');
    const bob = await platform.signUp('STUDENT', 'Bob Private');
    const readMe = (user: TestUser) => read<{ me: { id: string; email: string } }>(ME, {}, { token: user.accessToken });
    const own = (user: TestUser) => ({ id: user.id, displayName: user.displayName, email: user.email });
    for (const user of [ada, bob]) {
      const first = await readMe(user);
      expect(first.data?.me).toEqual(own(user));
      expect(first.cacheControl).toBe('max-age=30, private');
      expect(first.hit).toBe(false);
    }
    // Their sign-ups' events (handled a moment later) mark users' answers stale as they arrive:
    // wait until each viewer's answer stays cached, then each reads their own entry again.
    await eventually(async () => {
      const hits = [];
      for (const user of [ada, bob, ada, bob]) hits.push((await readMe(user)).hit);
      return hits.every(Boolean) ? true : undefined;
    });
    const before = await counter(platform.url, 'response_cache_hits_total', { audience: 'viewer' });
    for (const user of [ada, bob]) {
      const result = await readMe(user);
      expect(result.data?.me).toEqual(own(user));
      expect(result.cacheControl).toBe('max-age=30, private');
      expect(result.hit).toBe(true);
    }
    expect((await counter(platform.url, 'response_cache_hits_total', { audience: 'viewer' })) - before).toBe(2);
    // Anonymous: nothing of theirs, and nothing cached across.
    const anonymous = await read<{ me: unknown }>(ME, {});
    expect(anonymous.data?.me).toBeNull();
    expect(anonymous.hit).toBe(false);
  });

  it('keep a learner’s enrollment and an instructor’s drafts from everyone else', async () => {
    const enrolled = await platform.signUp('STUDENT', 'Eve Enrolled');
    const other = await platform.signUp('STUDENT', 'Olaf Other');
    const VIEWER = `query Viewer($id: ID!) { course(id: $id) { id viewerEnrollment { id } } }`;
    expect(
      (await read<{ course: { viewerEnrollment: unknown } }>(VIEWER, { id: courseId }, { token: other.accessToken })).data,
    ).toEqual({ course: { id: courseId, viewerEnrollment: null } });
    await platform.data(`mutation E($id: ID!) { enroll(courseId: $id) { id } }`, { id: courseId }, enrolled.accessToken);
    for (let round = 0; round < 2; round += 1) {
      const mine = await read<{ course: { viewerEnrollment: { id: string } | null } }>(
        VIEWER,
        { id: courseId },
        { token: enrolled.accessToken },
      );
      expect(mine.data?.course.viewerEnrollment?.id).toEqual(expect.any(String));
      expect(mine.hit).toBe(round === 1);
      const theirs = await read<{ course: { viewerEnrollment: unknown } }>(
        VIEWER,
        { id: courseId },
        { token: other.accessToken },
      );
      expect(theirs.data?.course.viewerEnrollment).toBeNull();
    }

    const draftTitle = unique('Secret draft');
    const draftId = await createCourse(instructor, draftTitle, false);
    const CATALOGUE = `query Catalogue { courses(first: 100) { totalCount edges { node { id title } } } }`;
    const ids = (result: { data?: { courses: { edges: Array<{ node: { id: string } }> } } | null }) =>
      result.data?.courses.edges.map((edge) => edge.node.id) ?? [];
    for (let round = 0; round < 2; round += 1) {
      const owner = await read<{ courses: { edges: Array<{ node: { id: string } }> } }>(
        CATALOGUE,
        {},
        { token: instructor.accessToken },
      );
      expect(ids(owner)).toContain(draftId);
      expect(owner.cacheControl).toBe('max-age=60, private');
      for (const token of [undefined, other.accessToken]) {
        const outsider = await read<{ courses: { edges: Array<{ node: { id: string } }> } }>(CATALOGUE, {}, { token });
        expect(ids(outsider)).toContain(courseId);
        expect(ids(outsider)).not.toContain(draftId);
      }
    }
  });
});

describe('nothing is cached', () => {
  it('for mutations, answers with errors, invalid or hostile operations', async () => {
    const before = await cacheCounters();

    const mutation = await read(UPDATE, { id: courseId, title: unique('Again') }, { token: instructor.accessToken });
    expect(mutation.errors).toBeUndefined();
    expect(mutation.cacheControl).toBe('no-store');

    // Partial data: the course, and an error for a lesson that does not exist.
    const PARTIAL = `query Partial($id: ID!) { course(id: $id) { id title } lesson(id: "missing-lesson") { id } }`;
    for (let round = 0; round < 2; round += 1) {
      const partial = await read<{ course: { id: string } }>(PARTIAL, { id: courseId });
      expect(partial.data?.course.id).toBe(courseId);
      expect(partial.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
      expect(partial.hit).toBe(false);
      expect(partial.cacheControl).toBe('no-store');
    }
    const afterPartial = await cacheCounters();
    expect(afterPartial.misses - before.misses).toBe(2);

    const invalid = await read(`query Invalid($id: ID!) { course(id: $id) { id nope } }`, { id: courseId });
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    let deep = 'id';
    for (let level = 0; level < 8; level += 1) deep = `modules { lessons { course { ${deep} } } }`;
    const hostile = await read(`query Deep($id: ID!) { course(id: $id) { ${deep} } }`, { id: courseId });
    expect(hostile.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    expect(hostile.data ?? null).toBeNull();
    for (const result of [invalid, hostile]) {
      expect(result.hit).toBe(false);
      expect(result.cacheControl).not.toMatch(/max-age/);
    }

    const after = await cacheCounters();
    expect(after.stores - before.stores).toBe(0);
    expect(after.hits - before.hits).toBe(0);
    expect(after.misses - afterPartial.misses).toBe(0);
  });
});
