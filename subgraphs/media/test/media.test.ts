/**
 * media on the local disk driver, through the gateway and over HTTP as a browser does it: signed
 * PUT of the bytes, completeUpload, then GET of the file's URL on the gateway's host. Avatars end
 * up on profiles; lesson attachments are read by the course's owner and learners, not strangers.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import type { BusSignal } from '#platform/events/bus.ts';
import { signature } from '../src/rules/signing.ts';
import {
  DELETE_FILE,
  FILE,
  PUBLIC_URL,
  browserUrl,
  complete,
  download,
  png,
  put,
  requestUpload,
  uploadFile,
  type CompletedFile,
} from './support.ts';

const SECRET = 'media-test-signing-secret-0123456789abcdef';
const admin = testAdmin();
let platform: TestStack;
let dataDir: string;
let adminToken: string;
const readyEvents: Array<{ fileId: string }> = [];
let stopListening: () => void;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'doctorpy-media-'));
  platform = await startTestStack({
    subgraphs: ['accounts', 'profiles', 'courses', 'media'],
    env: {
      ...adminEnv(admin),
      PUBLIC_URL,
      MEDIA_LOCAL_DIR: dataDir,
      MEDIA_SIGNING_SECRET: SECRET,
      MEDIA_ATTACHMENT_MAX_BYTES: '200000',
      MEDIA_ATTACHMENT_QUOTA_BYTES: '300000',
    },
  });
  stopListening = platform.runtime.eventBus().listen((signal: BusSignal) => {
    const event = signal.data as { name?: string; payload?: { fileId: string } };
    if (signal.channel === 'event' && event.name === 'FILE_READY') readyEvents.push(event.payload!);
  });
  adminToken = await signIn(platform, admin.email, admin.password);
}, 60_000);

afterAll(async () => {
  stopListening?.();
  await platform?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The objects stored for a file, whatever its purpose. */
async function objectsOf(fileId: string): Promise<string[]> {
  const found: string[] = [];
  for (const prefix of ['avatar', 'course-asset', 'attachment']) {
    const names = await readdir(join(dataDir, prefix, fileId)).catch(() => [] as string[]);
    found.push(...names);
  }
  return found;
}

const PROFILE = `query Profile($id: ID!) {
  user(id: $id) { profile { avatarUrl avatar { id url thumbnails { size url } } } }
}`;
type ProfileAvatar = {
  avatarUrl: string | null;
  avatar: { id: string; url: string; thumbnails: Array<{ size: number; url: string }> } | null;
};
const profileOf = async (userId: string) =>
  (await platform.data<{ user: { profile: ProfileAvatar } }>(PROFILE, { id: userId })).user.profile;
const SET_AVATAR = `mutation SetAvatar($input: UpdateProfileInput!) { updateProfile(input: $input) { avatarUrl avatar { id } } }`;

describe('avatars', () => {
  it('uploads a PNG, re-encoded without metadata, shown on the profile and served publicly', async () => {
    const paula = await platform.signUp('STUDENT', 'Paula');
    const original = await png(2048, 512);
    const avatar = await uploadFile(platform, paula, {
      filename: 'me.png',
      contentType: 'image/png',
      purpose: 'AVATAR',
      body: original,
    });
    expect(avatar).toMatchObject({ status: 'READY', contentType: 'image/png', url: `${PUBLIC_URL}/media/public/${avatar.id}` });
    expect(avatar.thumbnails.map(({ size }) => size)).toEqual([64, 256]);

    const { updateProfile } = await platform.data<{ updateProfile: { avatarUrl: string; avatar: { id: string } } }>(
      SET_AVATAR,
      { input: { avatarFileId: avatar.id } },
      paula.accessToken,
    );
    expect(updateProfile).toEqual({ avatarUrl: avatar.url, avatar: { id: avatar.id } });

    // Anyone sees it, signed in or not, and fetches its bytes on the gateway's host.
    const profile = await profileOf(paula.id);
    expect(profile).toEqual({ avatarUrl: avatar.url, avatar: { id: avatar.id, url: avatar.url, thumbnails: avatar.thumbnails } });
    const served = await download(platform, profile.avatarUrl!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.length).toBe(avatar.byteSize);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['png', 1024, 256, undefined]);
    const thumbnail = await download(platform, profile.avatar!.thumbnails[0]!.url);
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(64);

    // Deleting the file takes it off the profile (FILE_DELETED) and off the web.
    expect((await platform.data<{ deleteFile: string }>(DELETE_FILE, { id: avatar.id }, paula.accessToken)).deleteFile).toBe(
      avatar.id,
    );
    // Both fields: `avatar` (media's file) and `avatarUrl` (profiles, on FILE_DELETED) clear at different moments.
    await eventually(async () => {
      const after = await profileOf(paula.id);
      return after.avatar === null && after.avatarUrl === null ? true : undefined;
    });
    expect(await profileOf(paula.id)).toEqual({ avatarUrl: null, avatar: null });
    expect((await download(platform, avatar.url!)).status).toBe(404);
    expect(await objectsOf(avatar.id)).toEqual([]);
  });

  it("refuses another user's avatar and files that are not avatars on a profile", async () => {
    const owner = await platform.signUp();
    const other = await platform.signUp();
    const avatar = await uploadFile(platform, owner, {
      filename: 'a.png',
      contentType: 'image/png',
      purpose: 'AVATAR',
      body: await png(64, 64),
    });
    expect(errorCode(await platform.gql(SET_AVATAR, { input: { avatarFileId: avatar.id } }, other.accessToken))).toBe(
      'FORBIDDEN',
    );
    const notes = await uploadFile(platform, owner, {
      filename: 'notes.txt',
      contentType: 'text/plain',
      purpose: 'ATTACHMENT',
      body: Buffer.from('hello'),
    });
    expect(errorCode(await platform.gql(SET_AVATAR, { input: { avatarFileId: notes.id } }, owner.accessToken))).toBe('NOT_FOUND');
    expect(
      errorCode(
        await platform.gql(
          SET_AVATAR,
          { input: { avatarFileId: avatar.id, avatarUrl: 'https://example.com/a.png' } },
          owner.accessToken,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    // A URL replaces the file, and the reverse.
    await platform.data(SET_AVATAR, { input: { avatarFileId: avatar.id } }, owner.accessToken);
    const byUrl = await platform.data<{ updateProfile: ProfileAvatar }>(
      SET_AVATAR,
      { input: { avatarUrl: 'https://example.com/a.png' } },
      owner.accessToken,
    );
    expect(byUrl.updateProfile).toEqual({ avatarUrl: 'https://example.com/a.png', avatar: null });
  });
});

describe('checks of the bytes', () => {
  it('rejects bytes that do not match the declared type, and deletes them', async () => {
    const user = await platform.signUp();
    const rejected = await uploadFile(platform, user, {
      filename: 'report.pdf',
      contentType: 'application/pdf',
      purpose: 'ATTACHMENT',
      body: await png(20, 20),
    });
    expect(rejected).toMatchObject({ status: 'REJECTED', url: null, rejectionReason: 'the bytes are not application/pdf' });
    expect(await objectsOf(rejected.id)).toEqual([]);
    // Completing again answers the same; the upload is closed.
    expect((await complete(platform, user, rejected.id)).data?.completeUpload.status).toBe('REJECTED');
    const { data } = await platform.gql<{ file: { status: string } }>(FILE, { id: rejected.id }, user.accessToken);
    expect(data?.file.status).toBe('REJECTED');

    // An SVG renamed .png, and a page sent as text.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
    const disguised = await uploadFile(platform, user, {
      filename: 'cat.png',
      contentType: 'image/png',
      purpose: 'AVATAR',
      body: svg,
    });
    expect(disguised.status).toBe('REJECTED');
    const page = Buffer.from('<!doctype html><html><body><script>fetch("/graphql")</script></body></html>');
    const text = await uploadFile(platform, user, {
      filename: 'readme.txt',
      contentType: 'text/plain',
      purpose: 'ATTACHMENT',
      body: page,
    });
    expect(text).toMatchObject({ status: 'REJECTED', rejectionReason: 'HTML or SVG content is never accepted' });
    const binary = await uploadFile(platform, user, {
      filename: 'script.py',
      contentType: 'text/x-python',
      purpose: 'ATTACHMENT',
      body: Buffer.from([0x70, 0x72, 0x00, 0xff]),
    });
    expect(binary.rejectionReason).toBe('not UTF-8 text');
  });

  it('never accepts HTML or SVG as a declared type, nor hostile filenames', async () => {
    const user = await platform.signUp();
    const attempt = (input: Record<string, unknown>) =>
      requestUpload(platform, user, {
        filename: 'f.txt',
        contentType: 'text/plain',
        purpose: 'ATTACHMENT',
        byteSize: 10,
        ...input,
      } as never);
    for (const contentType of ['image/svg+xml', 'text/html', 'application/xhtml+xml', 'application/x-msdownload'])
      expect(errorCode(await attempt({ contentType }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await attempt({ contentType: 'application/pdf', purpose: 'AVATAR' }))).toBe('BAD_USER_INPUT');
    for (const filename of [
      '../../etc/passwd',
      'a/b.txt',
      'a\\b.txt',
      'evil\u202Etxt.exe',
      'x'.repeat(256),
      '  ',
      '..',
      'tab\tname.txt',
    ])
      expect({ filename, code: errorCode(await attempt({ filename })) }).toEqual({ filename, code: 'BAD_USER_INPUT' });
    for (const byteSize of [0, -5]) expect(errorCode(await attempt({ byteSize }))).toBe('BAD_USER_INPUT');
    // The exact name is kept for display and downloads, never used as a path.
    const odd = await uploadFile(platform, user, {
      filename: 'Cours n°1 — "final" (v2).txt',
      contentType: 'text/plain',
      purpose: 'ATTACHMENT',
      body: Buffer.from('print("hi")\n'),
    });
    const served = await download(platform, odd.url!);
    expect(served.headers.get('content-disposition')).toBe(
      `attachment; filename="Cours n_1 _ _final_ (v2).txt"; filename*=UTF-8''Cours%20n%C2%B01%20%E2%80%94%20%22final%22%20%28v2%29.txt`,
    );
    expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await served.text()).toBe('print("hi")\n');
  });

  it('settles twin completeUpload calls once: one check, one FILE_READY', async () => {
    const user = await platform.signUp();
    const body = await png(300, 300);
    const { data } = await requestUpload(platform, user, {
      filename: 'twin.png',
      contentType: 'image/png',
      purpose: 'AVATAR',
      byteSize: body.length,
    });
    const upload = data!.requestUpload;
    expect((await put(platform, upload, body)).status).toBe(200);
    const twins = await Promise.all(Array.from({ length: 5 }, () => complete(platform, user, upload.file.id)));
    const settled = twins.map(({ data: result, errors }) => result?.completeUpload ?? errors);
    expect(new Set(settled.map((file) => JSON.stringify(file))).size).toBe(1);
    expect((settled[0] as CompletedFile).status).toBe('READY');
    await eventually(async () => (readyEvents.some((event) => event.fileId === upload.file.id) ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readyEvents.filter((event) => event.fileId === upload.file.id)).toHaveLength(1);
  });
});

describe('signed URLs', () => {
  let owner: TestUser;
  let file: CompletedFile;
  const body = Buffer.from('%PDF-1.4\n% a small course handout\n');

  beforeAll(async () => {
    owner = await platform.signUp();
    file = await uploadFile(platform, owner, {
      filename: 'handout.pdf',
      contentType: 'application/pdf',
      purpose: 'ATTACHMENT',
      body,
    });
  });

  it('serves a private file to its signed URL, as a download that cannot run', async () => {
    expect(file.url).toMatch(
      new RegExp(`^${PUBLIC_URL}/media/objects/attachment/${file.id}/content\\?expires=\\d+&signature=[0-9a-f]{64}$`),
    );
    const served = await download(platform, file.url!);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(body);
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="handout.pdf"/);
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('refuses tampered and expired URLs (403)', async () => {
    const url = new URL(browserUrl(platform, file.url!));
    const tampered = (change: (copy: URL) => void) => {
      const copy = new URL(url);
      change(copy);
      return download(platform, copy.toString());
    };
    const flipped = url.searchParams.get('signature')!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect((await tampered((copy) => copy.searchParams.set('signature', flipped))).status).toBe(403);
    expect(
      (await tampered((copy) => copy.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600)))).status,
    ).toBe(403);
    expect((await tampered((copy) => copy.searchParams.delete('signature'))).status).toBe(403);
    // Another file's key under this signature.
    const other = await uploadFile(platform, owner, {
      filename: 'b.pdf',
      contentType: 'application/pdf',
      purpose: 'ATTACHMENT',
      body,
    });
    expect((await tampered((copy) => (copy.pathname = copy.pathname.replace(file.id, other.id)))).status).toBe(403);
    // Signed for reading, not for writing.
    expect(
      (await download(platform, url.toString(), { method: 'PUT', body: 'x', headers: { 'content-type': 'application/pdf' } }))
        .status,
    ).toBe(403);

    // Validly signed, but past its expiry.
    const key = `attachment/${file.id}/content`;
    const expired = Math.floor(Date.now() / 1000) - 1;
    const stale = await download(
      platform,
      `${PUBLIC_URL}/media/objects/${key}?expires=${expired}&signature=${signature(SECRET, 'GET', key, expired)}`,
    );
    expect([stale.status, await stale.text()]).toEqual([403, 'This link has expired\n']);
  });

  it('holds an upload URL to its file: declared size and type, once, until completed', async () => {
    const user = await platform.signUp();
    const { data } = await requestUpload(platform, user, {
      filename: 'n.txt',
      contentType: 'text/plain',
      purpose: 'ATTACHMENT',
      byteSize: 5,
    });
    const upload = data!.requestUpload;
    expect(upload).toMatchObject({ method: 'PUT', headers: [{ name: 'Content-Type', value: 'text/plain' }] });
    expect((await put(platform, upload, Buffer.from('hello'), { 'content-type': 'text/html' })).status).toBe(400);
    expect((await put(platform, upload, Buffer.from('hello world'))).status).toBe(413);
    // Completing before any bytes arrived: a coded error, and the file stays PENDING.
    expect(errorCode(await complete(platform, user, upload.file.id))).toBe('BAD_USER_INPUT');
    expect((await put(platform, upload, Buffer.from('hello'))).status).toBe(200);
    expect((await complete(platform, user, upload.file.id)).data?.completeUpload.status).toBe('READY');
    expect((await put(platform, upload, Buffer.from('HELLO'))).status).toBe(409);
  });
});

describe('quotas and ownership', () => {
  const FILES = `query Files($id: ID!, $purpose: FilePurpose, $first: Int, $after: String) {
    user(id: $id) { files(purpose: $purpose, first: $first, after: $after) { totalCount edges { node { id filename } } pageInfo { hasNextPage endCursor } } }
  }`;

  it('refuses uploads past the size limit and the quota with PAYLOAD_TOO_LARGE, also when racing', async () => {
    const user = await platform.signUp();
    const ask = (byteSize: number) =>
      requestUpload(platform, user, { filename: 'big.zip', contentType: 'application/zip', purpose: 'ATTACHMENT', byteSize });
    const tooBig = await ask(200_001);
    expect([errorCode(tooBig), tooBig.errors?.[0]?.extensions?.reason]).toEqual(['PAYLOAD_TOO_LARGE', 'FILE_TOO_LARGE']);
    // Quota 300 000 bytes: of five racing 100 000-byte requests, exactly three get in.
    const racing = await Promise.all(Array.from({ length: 5 }, () => ask(100_000)));
    const accepted = racing.filter((result) => result.data);
    expect(accepted).toHaveLength(3);
    const refused = racing.find((result) => result.errors)!;
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      reason: 'QUOTA_EXCEEDED',
      limitBytes: 300_000,
      usedBytes: 300_000,
    });
    // Deleting a file gives its bytes back; other purposes have quotas of their own.
    await platform.data(DELETE_FILE, { id: accepted[0]!.data!.requestUpload.file.id }, user.accessToken);
    expect((await ask(100_000)).data).toBeDefined();
    expect(
      (await requestUpload(platform, user, { filename: 'a.png', contentType: 'image/png', purpose: 'AVATAR', byteSize: 100_000 }))
        .data,
    ).toBeDefined();
  });

  it("keeps a user's private files from others, not from admins", async () => {
    const owner = await platform.signUp();
    const stranger = await platform.signUp();
    const file = await uploadFile(platform, owner, {
      filename: 'secret.txt',
      contentType: 'text/plain',
      purpose: 'ATTACHMENT',
      body: Buffer.from('mine'),
    });
    const asStranger = await platform.gql<{ file: unknown }>(FILE, { id: file.id }, stranger.accessToken);
    expect([errorCode(asStranger), JSON.stringify(asStranger).includes('/media/objects/')]).toEqual(['FORBIDDEN', false]);
    expect(errorCode(await platform.gql(FILE, { id: file.id }))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(FILE, { id: unique('missing') }, stranger.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await complete(platform, stranger, file.id))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(DELETE_FILE, { id: file.id }, stranger.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(FILES, { id: owner.id }, stranger.accessToken))).toBe('FORBIDDEN');

    const asAdmin = await platform.data<{ file: { url: string; owner: { id: string } } }>(FILE, { id: file.id }, adminToken);
    expect(asAdmin.file.owner.id).toBe(owner.id);
    expect(await (await download(platform, asAdmin.file.url)).text()).toBe('mine');

    // The owner's list, newest first, page by page.
    await uploadFile(platform, owner, {
      filename: 'second.txt',
      contentType: 'text/plain',
      purpose: 'ATTACHMENT',
      body: Buffer.from('2'),
    });
    type Files = {
      user: {
        files: {
          totalCount: number;
          edges: Array<{ node: { filename: string } }>;
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const first = await platform.data<Files>(FILES, { id: owner.id, purpose: 'ATTACHMENT', first: 1 }, owner.accessToken);
    expect(first.user.files).toMatchObject({
      totalCount: 2,
      edges: [{ node: { filename: 'second.txt' } }],
      pageInfo: { hasNextPage: true },
    });
    const next = await platform.data<Files>(
      FILES,
      { id: owner.id, first: 1, after: first.user.files.pageInfo.endCursor },
      adminToken,
    );
    expect(next.user.files.edges.map(({ node }) => node.filename)).toEqual(['secret.txt']);
    expect(errorCode(await platform.gql(FILES, { id: owner.id, first: 1000 }, owner.accessToken))).toBe('BAD_USER_INPUT');
  });
});

describe('lesson attachments', () => {
  const LESSON = `query Lesson($id: ID!) { lesson(id: $id) { id title attachments { id filename url } } }`;
  const ATTACH = `mutation Attach($lessonId: ID!, $fileId: ID!) { attachFile(lessonId: $lessonId, fileId: $fileId) { id attachments { id } } }`;
  type Attachments = { lesson: { attachments: Array<{ id: string; filename: string; url: string }> } };

  async function courseWithLesson(instructor: TestUser): Promise<{ courseId: string; lessonId: string }> {
    const token = instructor.accessToken;
    const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
      `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
      { input: { title: `Files in Python ${unique('c')}`, description: 'Reading and writing files.', level: 'BEGINNER' } },
      token,
    );
    const { addModule } = await platform.data<{ addModule: { id: string } }>(
      `mutation M($courseId: ID!) { addModule(courseId: $courseId, input: { title: "Basics" }) { id } }`,
      { courseId: createCourse.id },
      token,
    );
    const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
      `mutation L($moduleId: ID!) { addLesson(moduleId: $moduleId, input: { title: "open()", content: "# open", durationMinutes: 5 }) { id } }`,
      { moduleId: addModule.id },
      token,
    );
    await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: createCourse.id }, token);
    return { courseId: createCourse.id, lessonId: addLesson.id };
  }

  it('lets the owner attach, enrolled learners download, and strangers see nothing', async () => {
    const instructor = await platform.signUp('INSTRUCTOR', 'Nadia');
    const { courseId, lessonId } = await courseWithLesson(instructor);
    const handout = Buffer.from('with open("notes.txt") as f:\n    print(f.read())\n');
    const file = await uploadFile(platform, instructor, {
      filename: 'files.py',
      contentType: 'text/x-python',
      purpose: 'COURSE_ASSET',
      body: handout,
    });
    // media learns of the lesson from courses' events.
    const attached = await eventually(async () => {
      const result = await platform.gql<{ attachFile: { attachments: Array<{ id: string }> } }>(
        ATTACH,
        { lessonId, fileId: file.id },
        instructor.accessToken,
      );
      if (errorCode(result) === 'NOT_FOUND') return undefined;
      return result;
    });
    expect(attached.data?.attachFile.attachments).toEqual([{ id: file.id }]);
    // Attaching twice is attaching once.
    expect(
      (
        await platform.data<{ attachFile: { attachments: unknown[] } }>(
          ATTACH,
          { lessonId, fileId: file.id },
          instructor.accessToken,
        )
      ).attachFile.attachments,
    ).toHaveLength(1);

    const learner = await platform.signUp();
    const stranger = await platform.signUp();
    await platform.data(`mutation E($courseId: ID!) { enroll(courseId: $courseId) { id } }`, { courseId }, learner.accessToken);
    const seen = await eventually(async () => {
      const { lesson } = await platform.data<Attachments>(LESSON, { id: lessonId }, learner.accessToken);
      return lesson.attachments.length ? lesson.attachments : undefined;
    });
    expect(seen[0]).toMatchObject({ id: file.id, filename: 'files.py' });
    expect(await (await download(platform, seen[0]!.url)).text()).toBe(handout.toString());
    expect((await platform.data<{ file: { id: string } }>(FILE, { id: file.id }, learner.accessToken)).file.id).toBe(file.id);

    // A stranger reads the lesson, not its attachments; anonymous callers neither.
    expect((await platform.data<Attachments>(LESSON, { id: lessonId }, stranger.accessToken)).lesson.attachments).toEqual([]);
    expect((await platform.data<Attachments>(LESSON, { id: lessonId })).lesson.attachments).toEqual([]);
    expect(errorCode(await platform.gql(FILE, { id: file.id }, stranger.accessToken))).toBe('FORBIDDEN');

    // Only the course's owner (or an admin) attaches, and only their own READY course files.
    const theirs = await uploadFile(platform, stranger, {
      filename: 'spam.txt',
      contentType: 'text/plain',
      purpose: 'ATTACHMENT',
      body: Buffer.from('spam'),
    });
    expect(errorCode(await platform.gql(ATTACH, { lessonId, fileId: theirs.id }, stranger.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(ATTACH, { lessonId, fileId: theirs.id }, instructor.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(ATTACH, { lessonId: unique('lesson'), fileId: file.id }, instructor.accessToken))).toBe(
      'NOT_FOUND',
    );
    const avatar = await uploadFile(platform, instructor, {
      filename: 'me.png',
      contentType: 'image/png',
      purpose: 'AVATAR',
      body: await png(32, 32),
    });
    expect(errorCode(await platform.gql(ATTACH, { lessonId, fileId: avatar.id }, instructor.accessToken))).toBe('BAD_USER_INPUT');
    expect((await platform.gql(ATTACH, { lessonId, fileId: theirs.id }, adminToken)).data).toBeDefined();

    // A deleted file leaves the lesson with it.
    await platform.data(DELETE_FILE, { id: file.id }, instructor.accessToken);
    const after = await platform.data<Attachments>(LESSON, { id: lessonId }, instructor.accessToken);
    expect(after.lesson.attachments.map(({ id }) => id)).toEqual([theirs.id]);
    const DETACH = `mutation D($lessonId: ID!, $fileId: ID!) { detachFile(lessonId: $lessonId, fileId: $fileId) { attachments { id } } }`;
    expect(errorCode(await platform.gql(DETACH, { lessonId, fileId: theirs.id }, stranger.accessToken))).toBe('FORBIDDEN');
    const detached = await platform.data<{ detachFile: { attachments: unknown[] } }>(
      DETACH,
      { lessonId, fileId: theirs.id },
      instructor.accessToken,
    );
    expect(detached.detachFile.attachments).toEqual([]);
  });
});
