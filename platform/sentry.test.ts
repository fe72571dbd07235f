import { describe, expect, it } from '@jest/globals';
import { clientOperationName, scrubString, scrubValue } from './sentry.ts';

describe('scrubString', () => {
  it('removes emails, tokens, password pairs, URL credentials and long random strings', () => {
    const text =
      'user ada@example.org password=hunter2 Authorization: Bearer abc.def token: "s3cr3t" ' +
      'postgresql://doctorpy:pg-pass@db:5432/x sk_live_0123456789abcdef refresh DxLhVekWs8u54eHBkdGa3FcKy4iEMK2o6zLcwL1vgtw';
    const scrubbed = scrubString(text);
    for (const secret of [
      'ada@example.org',
      'hunter2',
      'abc.def',
      's3cr3t',
      'pg-pass',
      'sk_live_0123456789abcdef',
      'DxLhVekWs8u54eHBkdGa3',
    ]) {
      expect(scrubbed).not.toContain(secret);
    }
    expect(scrubbed).toContain('password=[redacted]');
  });

  it('keeps request ids and ordinary words', () => {
    const id = 'req-6f1c2a9e-3b4d-4c5e-8f70-112233445566';
    expect(scrubString(`lookup of ${id} failed in courses_enrollments_by_user_and_course_index`)).toBe(
      `lookup of ${id} failed in courses_enrollments_by_user_and_course_index`,
    );
  });
});

it('scrubValue drops values of secret keys at any depth', () => {
  expect(scrubValue({ a: { password: 'x', cookie: 'y', name: 'ok' }, list: [{ accessToken: 't' }] })).toEqual({
    a: { password: '[redacted]', cookie: '[redacted]', name: 'ok' },
    list: [{ accessToken: '[redacted]' }],
  });
});

it("clientOperationName strips the gateway's fetch suffix", () => {
  expect(clientOperationName('SignIn__accounts__0', 'accounts')).toBe('SignIn');
  expect(clientOperationName(undefined, 'accounts')).toBe('anonymous');
});
