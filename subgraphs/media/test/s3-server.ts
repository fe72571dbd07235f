/**
 * A small S3-compatible server for the S3 driver's tests (no S3 or MinIO can run here): one
 * path-style bucket in memory; HEAD/PUT bucket, PUT (and copy), GET (with Range), HEAD and DELETE
 * object. Every request must carry a valid AWS Signature V4, in the Authorization header (the
 * SDK's own calls) or in the query string (presigned URLs, refused once expired), computed here
 * from the canonical request as S3 does; a tampered URL, another method or other signed headers
 * fail. It speaks only what media uses, and records what it refused.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3Object {
  body: Buffer;
  contentType: string;
}

export interface S3Server {
  url: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, S3Object>;
  refusals: Array<{ method: string; path: string; code: string }>;
  bucketExists(): boolean;
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding, as SigV4 wants query keys and values. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** 20261201T043057Z → milliseconds. */
const parseAmzDate = (value: string) =>
  Date.parse(value.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

const xmlError = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startS3Server(options: { bucket?: string } = {}): Promise<S3Server> {
  const bucket = options.bucket ?? 'doctorpy-media-test';
  const region = 'eu-west-3';
  const accessKeyId = 'TESTACCESSKEY';
  const secretAccessKey = 'test-secret-access-key-0123456789';
  const objects = new Map<string, S3Object>();
  const refusals: S3Server['refusals'] = [];
  let bucketExists = false;

  /** Undefined when the signature holds, else the S3 error code. */
  function authenticate(req: IncomingMessage, url: URL): string | undefined {
    const query = url.searchParams;
    const presigned = query.has('X-Amz-Signature');
    let credential: string, signedHeaders: string, given: string, amzDate: string, payloadHash: string;
    if (presigned) {
      if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return 'AuthorizationQueryParametersError';
      credential = query.get('X-Amz-Credential') ?? '';
      signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
      given = query.get('X-Amz-Signature') ?? '';
      amzDate = query.get('X-Amz-Date') ?? '';
      payloadHash = 'UNSIGNED-PAYLOAD';
      const expires = Number(query.get('X-Amz-Expires'));
      if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) return 'AuthorizationQueryParametersError';
      if (!(parseAmzDate(amzDate) + expires * 1000 > Date.now())) return 'AccessDenied';
    } else {
      const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        req.headers.authorization ?? '',
      );
      if (!match) return 'AccessDenied';
      [, credential, signedHeaders, given] = match as unknown as [string, string, string, string];
      amzDate = String(req.headers['x-amz-date'] ?? '');
      payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
      if (Math.abs(parseAmzDate(amzDate) - Date.now()) > 15 * 60_000) return 'RequestTimeTooSkewed';
    }
    const [keyId, day, scopeRegion, service, terminator] = credential.split('/');
    if (keyId !== accessKeyId) return 'InvalidAccessKeyId';
    if (scopeRegion !== region || service !== 's3' || terminator !== 'aws4_request' || !amzDate.startsWith(day ?? '-'))
      return 'AuthorizationHeaderMalformed';
    const headerNames = signedHeaders.split(';');
    if (!headerNames.includes('host')) return 'AccessDenied';
    const canonicalHeaders = headerNames
      .map(
        (name) =>
          `${name}:${String(req.headers[name] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const canonicalQuery = [...query.entries()]
      .filter(([name]) => !(presigned && name === 'X-Amz-Signature'))
      .map(([name, value]) => [encode(name), encode(value)] as const)
      .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const canonicalRequest = [req.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const scope = `${day}/${region}/s3/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day!), region), 's3'), 'aws4_request');
    const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? undefined : 'SignatureDoesNotMatch';
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const refused = authenticate(req, url);
    const [, bucketName, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (refused) {
      refusals.push({ method: req.method ?? '', path: url.pathname, code: refused });
      await readBody(req);
      return xmlError(res, 403, refused, 'Refused by the test S3 server');
    }
    if (bucketName !== bucket) return xmlError(res, 404, 'NoSuchBucket', 'No such bucket');
    if (!key) {
      await readBody(req);
      if (req.method === 'PUT') bucketExists = true;
      res.writeHead(req.method === 'PUT' || bucketExists ? 200 : 404).end();
      return;
    }
    const object = objects.get(key);
    switch (req.method) {
      case 'PUT': {
        const body = await readBody(req);
        const copySource = req.headers['x-amz-copy-source'];
        if (typeof copySource === 'string') {
          const source = objects.get(decodeURIComponent(copySource).replace(/^\/?[^/]+\//, ''));
          if (!source) return xmlError(res, 404, 'NoSuchKey', 'The copy source does not exist');
          objects.set(key, { ...source });
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end(`<CopyObjectResult><ETag>"${sha256(source.body).slice(0, 32)}"</ETag></CopyObjectResult>`);
          return;
        }
        const declared = Number(req.headers['content-length']);
        if (declared !== body.length) return xmlError(res, 400, 'IncompleteBody', 'Content-Length does not match the body');
        // The SDK's own calls sign the body's hash; presigned ones leave it unsigned.
        const payloadHash = req.headers['x-amz-content-sha256'];
        if (/^[0-9a-f]{64}$/.test(String(payloadHash)) && payloadHash !== sha256(body))
          return xmlError(res, 400, 'XAmzContentSHA256Mismatch', 'The body does not match its signed hash');
        objects.set(key, { body, contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
        res.writeHead(200, { etag: `"${sha256(body).slice(0, 32)}"` }).end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        if (!object)
          return req.method === 'HEAD' ? void res.writeHead(404).end() : xmlError(res, 404, 'NoSuchKey', 'No such key');
        const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
        const body = range ? object.body.subarray(Number(range[1]), Number(range[2]) + 1) : object.body;
        res.writeHead(range ? 206 : 200, {
          'content-type': url.searchParams.get('response-content-type') ?? object.contentType,
          ...(url.searchParams.has('response-content-disposition')
            ? { 'content-disposition': url.searchParams.get('response-content-disposition')! }
            : {}),
          'content-length': String(req.method === 'HEAD' ? object.body.length : body.length),
          etag: `"${sha256(object.body).slice(0, 32)}"`,
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      case 'DELETE':
        objects.delete(key);
        res.writeHead(204).end();
        return;
      default:
        xmlError(res, 405, 'MethodNotAllowed', 'Not supported here');
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => xmlError(res, 500, 'InternalError', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    refusals,
    bucketExists: () => bucketExists,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
