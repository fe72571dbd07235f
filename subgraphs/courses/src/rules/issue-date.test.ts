import { describe, expect, it } from '@jest/globals';
import { issueDate } from './issue-date.ts';

describe('issueDate', () => {
  it('is the UTC calendar day in English, whatever the server locale', () => {
    expect(issueDate(new Date('2026-01-09T00:00:00Z'))).toBe('9 January 2026');
    expect(issueDate(new Date('2026-12-31T23:59:59.999Z'))).toBe('31 December 2026');
    expect(issueDate(new Date('2026-07-01T00:30:00+02:00'))).toBe('30 June 2026');
  });
});
