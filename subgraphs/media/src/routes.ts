/**
 * media's HTTP routes, served on the gateway's host (rover.yaml `public_paths`: /media):
 * - PUT and GET /media/objects/<key>?expires=&signature=  the local driver's signed URLs: the
 *   bytes of an upload (held to the file's declared size and type) and downloads;
 * - GET /media/public/<fileId>[/w<width>]  READY avatars and their thumbnails, for anyone: the
 *   bytes from the local disk, or a redirect to a fresh presigned URL on S3.
 * Signed URLs carry no cookie or token, so any origin may use them (CORS *). What is served can
 * never run as a page: nosniff and a sandboxing Content-Security-Policy on every answer.
 */
import { pipeline } from 'node:stream/promises';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { File } from './generated/prisma/client.ts';
import { parseKey } from './rules/keys.ts';
import type { MediaServices } from './services/index.ts';
import { PUBLIC_PATH, servedDisposition, servedType } from './services/links.ts';
import { LocalDiskStorage, OBJECTS_PATH, TooLarge } from './storage/local-disk.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Express 5 forwards a rejected promise to the error handler; this says so to the linter too. */
const handle =
  (work: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  async (req, res, next) => {
    try {
      await work(req, res);
    } catch (error) {
      next(error);
    }
  };

const refuse = (res: Response, status: number, message: string) =>
  void res.status(status).type('text/plain').send(`${message}\n`);

function guarded(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, PUT');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  next();
}

/** Streams a stored object with the file's type and disposition. */
async function serve(res: Response, disk: LocalDiskStorage, key: string, file: File, cacheControl: string) {
  const size = await disk.size(key);
  if (size === null) return refuse(res, 404, 'Not found');
  res.setHeader('Content-Type', servedType(file.contentType));
  res.setHeader('Content-Disposition', servedDisposition(file));
  res.setHeader('Content-Length', String(size));
  res.setHeader('Cache-Control', cacheControl);
  // A file deleted meanwhile, or a client gone: the answer stops there.
  await pipeline(disk.read(key), res).catch(() => res.destroy());
}

export function mediaRoutes(app: Express, services: MediaServices): void {
  const { storage, files, links } = services;
  app.use('/media', guarded);
  app.options('/media/*path', (_req, res) => void res.status(204).end());

  /** The key of a local signed URL whose signature holds; undefined once the refusal is sent. */
  const signedKey = (req: Request, res: Response) => {
    const disk = storage;
    if (!(disk instanceof LocalDiskStorage)) return void refuse(res, 404, 'Not found');
    const key = ([] as string[]).concat(req.params.key ?? []).join('/');
    const parsed = parseKey(key);
    if (!parsed) return void refuse(res, 404, 'Not found');
    const check = disk.verify(req.method, key, req.query as Record<string, unknown>);
    if (check !== 'valid') return void refuse(res, 403, check === 'expired' ? 'This link has expired' : 'Invalid signature');
    return { disk, key, parsed };
  };

  app.put(
    `${OBJECTS_PATH}/*key`,
    handle(async (req, res) => {
      const signed = signedKey(req, res);
      if (!signed) return;
      const { disk, key, parsed } = signed;
      if (parsed.kind !== 'upload') return refuse(res, 403, 'Invalid signature');
      const file = await files.find(parsed.fileId);
      if (!file) return refuse(res, 404, 'Not found');
      if (file.status !== 'PENDING' || (file.completionLeaseUntil && file.completionLeaseUntil > new Date()))
        return refuse(res, 409, 'This upload is closed');
      if ((req.header('content-type') ?? '').toLowerCase() !== file.contentType)
        return refuse(res, 400, `Content-Type must be ${file.contentType}`);
      if (Number(req.header('content-length') ?? 0) > file.byteSize) return refuse(res, 413, `At most ${file.byteSize} bytes`);
      try {
        await disk.writeStream(key, req, file.byteSize);
      } catch (error) {
        if (error instanceof TooLarge) return refuse(res, 413, `At most ${file.byteSize} bytes`);
        throw error;
      }
      res.status(200).end();
    }),
  );

  app.get(
    `${OBJECTS_PATH}/*key`,
    handle(async (req, res) => {
      const signed = signedKey(req, res);
      if (!signed) return;
      const { disk, key, parsed } = signed;
      const file = parsed.kind === 'upload' ? null : await files.find(parsed.fileId);
      if (file?.status !== 'READY') return refuse(res, 404, 'Not found');
      await serve(res, disk, key, file, 'private, max-age=300');
    }),
  );

  const publicAvatar = handle(async (req, res) => {
    const { fileId, variant } = req.params as { fileId: string; variant?: string };
    const width = variant === undefined ? undefined : /^w\d{1,4}$/.test(variant) ? Number(variant.slice(1)) : Number.NaN;
    const file = UUID.test(fileId) && !Number.isNaN(width) ? await files.find(fileId) : null;
    const key = file?.purpose === 'AVATAR' && file.status === 'READY' ? links.publicKey(file, width) : undefined;
    if (!file || !key) return refuse(res, 404, 'Not found');
    if (storage instanceof LocalDiskStorage) return serve(res, storage, key, file, 'public, max-age=86400');
    // S3: a presigned URL of its own, short-lived; the stable URL is this one.
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.redirect(302, await links.signedDownload(key, file));
  });
  app.get(`${PUBLIC_PATH}/:fileId`, publicAvatar);
  app.get(`${PUBLIC_PATH}/:fileId/:variant`, publicAvatar);
}
