/**
 * What both media test files need: the operations, and uploads done as a browser does them
 * (requestUpload, PUT the bytes to the signed URL with its headers, completeUpload). Media's URLs
 * name PUBLIC_URL; a browser reaches it at the test gateway's own address.
 */
import sharp from 'sharp';
import type { GraphQLResponse } from '#platform/graphql/client.ts';
import type { TestStack, TestUser } from '#gateway/testing/stack.ts';

export const PUBLIC_URL = 'https://learn.doctorpy.test';

export const REQUEST_UPLOAD = `mutation RequestUpload($input: RequestUploadInput!) {
  requestUpload(input: $input) {
    file { id status filename contentType byteSize purpose url owner { id } }
    uploadUrl method headers { name value } expiresAt
  }
}`;
export const COMPLETE_UPLOAD = `mutation Complete($id: ID!) {
  completeUpload(fileId: $id) { id status byteSize contentType url rejectionReason thumbnails { size url } }
}`;
export const FILE = `query File($id: ID!) { file(id: $id) { id status filename url owner { id } } }`;
export const DELETE_FILE = `mutation Delete($id: ID!) { deleteFile(id: $id) }`;

export type Purpose = 'AVATAR' | 'COURSE_ASSET' | 'ATTACHMENT';

export interface Upload {
  file: {
    id: string;
    status: string;
    filename: string;
    contentType: string;
    byteSize: number;
    purpose: Purpose;
    url: string | null;
  };
  uploadUrl: string;
  method: string;
  headers: Array<{ name: string; value: string }>;
  expiresAt: string;
}

export interface CompletedFile {
  id: string;
  status: 'PENDING' | 'READY' | 'REJECTED';
  byteSize: number;
  contentType: string;
  url: string | null;
  rejectionReason: string | null;
  thumbnails: Array<{ size: number; url: string }>;
}

export interface FileInput {
  filename: string;
  contentType: string;
  purpose: Purpose;
  body: Buffer;
  /** Declared size; the body's by default. */
  byteSize?: number;
}

/** A URL of media's as the browser reaches it: PUBLIC_URL is the test gateway's address. */
export const browserUrl = (platform: TestStack, url: string): string =>
  url.startsWith(PUBLIC_URL) ? `${new URL(platform.url).origin}${url.slice(PUBLIC_URL.length)}` : url;

export const requestUpload = (platform: TestStack, user: TestUser, input: Omit<FileInput, 'body'> & { byteSize: number }) =>
  platform.gql<{ requestUpload: Upload }>(REQUEST_UPLOAD, { input }, user.accessToken);

/** Sends the bytes as the upload says (its method, its headers), as a browser's fetch would. */
export const put = (platform: TestStack, upload: Upload, body: Buffer, headers?: Record<string, string>) =>
  fetch(browserUrl(platform, upload.uploadUrl), {
    method: upload.method,
    headers: headers ?? Object.fromEntries(upload.headers.map(({ name, value }) => [name, value])),
    body: new Uint8Array(body),
  });

export const complete = (
  platform: TestStack,
  user: TestUser,
  id: string,
): Promise<GraphQLResponse<{ completeUpload: CompletedFile }>> =>
  platform.gql<{ completeUpload: CompletedFile }>(COMPLETE_UPLOAD, { id }, user.accessToken);

/** The whole browser flow; fails the test on any unexpected answer. */
export async function uploadFile(platform: TestStack, user: TestUser, input: FileInput): Promise<CompletedFile> {
  const requested = await requestUpload(platform, user, {
    filename: input.filename,
    contentType: input.contentType,
    purpose: input.purpose,
    byteSize: input.byteSize ?? input.body.length,
  });
  if (!requested.data) throw new Error(`requestUpload failed: ${JSON.stringify(requested.errors)}`);
  const sent = await put(platform, requested.data.requestUpload, input.body);
  if (sent.status !== 200) throw new Error(`PUT answered ${sent.status}: ${await sent.text()}`);
  const completed = await complete(platform, user, requested.data.requestUpload.file.id);
  if (!completed.data) throw new Error(`completeUpload failed: ${JSON.stringify(completed.errors)}`);
  return completed.data.completeUpload;
}

/** A real PNG of the given size, with text metadata an avatar must not keep. */
export const png = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 250, g: 180, b: 20 } } })
    .withExif({ IFD0: { Artist: 'Paula at 48.8566 N, 2.3522 E' } })
    .png()
    .toBuffer();

export const download = (platform: TestStack, url: string, init?: RequestInit) => fetch(browserUrl(platform, url), init);
