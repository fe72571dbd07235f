/**
 * media on the S3 driver, end to end against a local S3-compatible server (test/s3-server.ts,
 * which checks every SigV4 signature): the browser PUTs to a presigned URL, media checks and
 * re-encodes through the S3 API, files are fetched from presigned URLs (avatars through media's
 * stable URL, which redirects). Orphaned uploads are swept with their objects.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import sharp from 'sharp';
import { errorCode } from '#gateway/testing/operations.ts';
import { startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import type { MediaServices } from '../src/services/index.ts';
import { startS3Server, type S3Server } from './s3-server.ts';
import { DELETE_FILE, FILE, PUBLIC_URL, complete, download, png, put, requestUpload, uploadFile } from './support.ts';

let s3: S3Server;
let platform: TestStack;
let user: TestUser;

beforeAll(async () => {
  s3 = await startS3Server();
  platform = await startTestStack({
    subgraphs: ['accounts', 'media'],
    env: {
      PUBLIC_URL,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.url,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
  });
  user = await platform.signUp();
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await s3?.close();
});

const objectsOf = (fileId: string) =>
  [...s3.objects.keys()]
    .filter((key) => key.includes(fileId))
    .map((key) => key.split('/').at(-1))
    .sort();

it('creates its bucket at start', () => {
  expect(s3.bucketExists()).toBe(true);
});

it('uploads an avatar straight to S3, re-encodes it there and serves it at a stable URL', async () => {
  const original = await png(1200, 300);
  const { data } = await requestUpload(platform, user, {
    filename: 'me.png',
    contentType: 'image/png',
    purpose: 'AVATAR',
    byteSize: original.length,
  });
  const upload = data!.requestUpload;
  const signed = new URL(upload.uploadUrl);
  expect(signed.origin).toBe(s3.url);
  expect(signed.pathname).toBe(`/${s3.bucket}/avatar/${upload.file.id}/upload`);
  expect(signed.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');

  // The size and type are signed: the store refuses others.
  expect((await put(platform, upload, Buffer.concat([original, Buffer.from('x')]))).status).toBe(403);
  expect((await put(platform, upload, original, { 'content-type': 'image/svg+xml' })).status).toBe(403);
  expect((await put(platform, upload, original)).status).toBe(200);
  const { data: done } = await complete(platform, user, upload.file.id);
  const avatar = done!.completeUpload;
  expect(avatar).toMatchObject({ status: 'READY', url: `${PUBLIC_URL}/media/public/${avatar.id}` });
  expect(objectsOf(avatar.id)).toEqual(['content', 'w256', 'w64']);

  // media's stable URL redirects to a fresh presigned URL of the store.
  const redirect = await download(platform, avatar.url!, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get('location')).toMatch(
    new RegExp(`^${s3.url}/${s3.bucket}/avatar/${avatar.id}/content\\?.*X-Amz-Signature=`),
  );
  const served = await download(platform, avatar.url!);
  const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
  expect([served.status, meta.format, meta.width, meta.height, meta.exif]).toEqual([200, 'png', 1024, 256, undefined]);
  const thumbnail = await download(platform, avatar.thumbnails.find(({ size }) => size === 64)!.url);
  expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(64);

  await platform.data(DELETE_FILE, { id: avatar.id }, user.accessToken);
  expect(objectsOf(avatar.id)).toEqual([]);
});

it('serves private files from presigned URLs only, refusing tampered and expired ones', async () => {
  const body = Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000'), 'latin1');
  const file = await uploadFile(platform, user, {
    filename: 'empty.zip',
    contentType: 'application/zip',
    purpose: 'COURSE_ASSET',
    body,
  });
  const url = new URL(file.url!);
  expect([url.origin, url.searchParams.get('X-Amz-Expires')]).toEqual([s3.url, '900']);
  const served = await fetch(url);
  expect([served.status, served.headers.get('content-type')]).toEqual([200, 'application/zip']);
  expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="empty.zip"/);
  expect(Buffer.from(await served.arrayBuffer())).toEqual(body);

  const refusalsBefore = s3.refusals.length;
  const tampered = new URL(url);
  tampered.searchParams.set('X-Amz-Signature', '0'.repeat(64));
  expect((await fetch(tampered)).status).toBe(403);
  const otherKey = new URL(url);
  otherKey.pathname = otherKey.pathname.replace('/content', '/upload');
  expect((await fetch(otherKey)).status).toBe(403);
  expect((await fetch(url, { method: 'DELETE' })).status).toBe(403);
  // Properly signed with the store's key, but expired.
  const client = new S3Client({
    endpoint: s3.url,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const expired = await getSignedUrl(
    client,
    new GetObjectCommand({ Bucket: s3.bucket, Key: `course-asset/${file.id}/content` }),
    {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    },
  );
  expect((await fetch(expired)).status).toBe(403);
  client.destroy();
  expect(s3.refusals.slice(refusalsBefore).map(({ code }) => code)).toEqual([
    'SignatureDoesNotMatch',
    'SignatureDoesNotMatch',
    'SignatureDoesNotMatch',
    'AccessDenied',
  ]);

  // Another user gets no URL at all.
  const stranger = await platform.signUp();
  expect(errorCode(await platform.gql(FILE, { id: file.id }, stranger.accessToken))).toBe('FORBIDDEN');
});

it('rejects bytes that are not what was declared and deletes them from the store', async () => {
  const file = await uploadFile(platform, user, {
    filename: 'photo.jpg',
    contentType: 'image/jpeg',
    purpose: 'ATTACHMENT',
    body: Buffer.from('GIF89a not a jpeg at all'),
  });
  expect(file).toMatchObject({ status: 'REJECTED', rejectionReason: 'the bytes are not image/jpeg' });
  expect(objectsOf(file.id)).toEqual([]);
});

it('sweeps uploads never completed, with their objects, once they are a day old', async () => {
  const { data } = await requestUpload(platform, user, {
    filename: 'a.txt',
    contentType: 'text/plain',
    purpose: 'ATTACHMENT',
    byteSize: 3,
  });
  const upload = data!.requestUpload;
  expect((await put(platform, upload, Buffer.from('abc'))).status).toBe(200);
  expect(objectsOf(upload.file.id)).toEqual(['upload']);
  const { sweeper } = platform.stack.subgraphs.get('media')!.services as MediaServices;
  // Not yet a day old: kept.
  expect(await sweeper.sweep()).toBe(0);
  expect((await platform.data<{ file: { status: string } }>(FILE, { id: upload.file.id }, user.accessToken)).file.status).toBe(
    'PENDING',
  );
  expect(await sweeper.sweep(new Date(Date.now() + 24 * 3600_000 + 1_000))).toBeGreaterThanOrEqual(1);
  expect(errorCode(await platform.gql(FILE, { id: upload.file.id }, user.accessToken))).toBe('NOT_FOUND');
  expect(objectsOf(upload.file.id)).toEqual([]);
});
