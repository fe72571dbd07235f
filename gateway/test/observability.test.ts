/**
 * What operators rely on: health endpoints, Prometheus metrics, request ids carried from the
 * client to the subgraphs and back; and what production hides: introspection, the landing page,
 * the details of unexpected errors.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '#gateway/testing/stack.ts';

let platform: TestStack;
const base = (url: string) => url.replace(/\/graphql$/, '');

beforeAll(async () => {
  platform = await startTestStack();
});
afterAll(() => platform?.close());

describe('every process', () => {
  it('serves /health/live, /health/ready and /metrics, the gateway and each subgraph', async () => {
    for (const url of [platform.url, ...Object.values(platform.stack.subgraphUrls)]) {
      expect((await fetch(`${base(url)}/health/live`)).status).toBe(200);
      const ready = await fetch(`${base(url)}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { status: string }).status).toBe('ok');
      const metrics = await (await fetch(`${base(url)}/metrics`)).text();
      expect(metrics).toContain('process_resident_memory_bytes');
      expect(metrics).toContain('graphql_operation_duration_seconds');
    }
  });

  it('reports a server whose Redis is unreachable as not ready, and says why', async () => {
    const solo = await startTestStack({ subgraphs: ['accounts'], env: { REDIS_URL: 'redis://127.0.0.1:1/0' } });
    try {
      const response = await fetch(`${base(solo.stack.subgraphUrls.accounts!)}/health/ready`);
      expect(response.status).toBe(503);
      const { checks } = (await response.json()) as { checks: Record<string, string> };
      expect(checks.database).toBe('ok');
      expect(checks.redis).not.toBe('ok');
    } finally {
      await solo.close();
    }
  });

  it('counts operations and SQL statements', async () => {
    await platform.data('{ courses(first: 1) { totalCount } }');
    const metrics = await (await fetch(`${base(platform.stack.subgraphUrls.courses!)}/metrics`)).text();
    expect(metrics).toMatch(/db_statements_total\{service="courses"\} [1-9]/);
  });

  it('keeps the caller request id through the gateway and the subgraphs', async () => {
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' },
      body: JSON.stringify({ query: '{ courses(first: 1) { totalCount } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
    const invalid = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'spaces are not allowed' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(invalid.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('production mode', () => {
  let production: TestStack;
  beforeAll(async () => {
    production = await startTestStack({ subgraphs: ['accounts'], env: { NODE_ENV: 'production' } });
  });
  afterAll(() => production?.close());

  it('disables introspection and the landing page', async () => {
    const result = await production.gql('{ __schema { types { name } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await page.text()).not.toMatch(/sandbox/i);
  });

  it('does not suggest field names', async () => {
    const result = await production.gql('{ mee { id } }');
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
