import { describe, expect, it } from '@jest/globals';
import { announcementTitle, directVerdict, editDeadline, excerpt, messageBody, pairKey } from './conversations.ts';

const request = {
  viewerId: 'learner',
  viewerRoles: ['STUDENT'],
  otherId: 'teacher',
  viewerLearnsFromOther: false,
  otherLearnsFromViewer: false,
};

describe('directVerdict', () => {
  it('lets a learner write to the instructor of a course they take, and the instructor back', () => {
    expect(directVerdict({ ...request, viewerLearnsFromOther: true })).toBe('ALLOWED');
    expect(
      directVerdict({
        ...request,
        viewerId: 'teacher',
        viewerRoles: ['INSTRUCTOR'],
        otherId: 'learner',
        otherLearnsFromViewer: true,
      }),
    ).toBe('ALLOWED');
  });

  it('refuses strangers, instructors included, and lets admins write to anyone', () => {
    expect(directVerdict(request)).toBe('STRANGERS');
    expect(directVerdict({ ...request, viewerRoles: ['INSTRUCTOR'] })).toBe('STRANGERS');
    expect(directVerdict({ ...request, viewerRoles: ['ANALYST'] })).toBe('STRANGERS');
    expect(directVerdict({ ...request, viewerRoles: ['STUDENT', 'ADMIN'] })).toBe('ALLOWED');
  });

  it('refuses a conversation with oneself, even to admins', () => {
    expect(directVerdict({ ...request, otherId: 'learner', viewerRoles: ['ADMIN'], viewerLearnsFromOther: true })).toBe('SELF');
  });
});

describe('pairKey', () => {
  it('is the same whoever starts, and different for another pair', () => {
    expect(pairKey('a', 'b')).toBe(pairKey('b', 'a'));
    expect(pairKey('a', 'b')).not.toBe(pairKey('a', 'c'));
  });
});

describe('messageBody', () => {
  it('trims, and keeps line breaks and tabs', () => {
    expect(messageBody.parse('  Hello\n\tworld  ')).toBe('Hello\n\tworld');
    expect(messageBody.parse('x'.repeat(5_000))).toHaveLength(5_000);
  });

  it('refuses empty, oversized and control-character bodies', () => {
    for (const body of ['', ' \n\t ', 'x'.repeat(5_001), 'a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f'])
      expect(messageBody.safeParse(body).success).toBe(false);
  });
});

describe('announcementTitle', () => {
  it('is one line of at most 200 characters', () => {
    expect(announcementTitle.parse(' Exam on Friday ')).toBe('Exam on Friday');
    expect(announcementTitle.safeParse('two\nlines').success).toBe(false);
    expect(announcementTitle.safeParse('tab\there').success).toBe(false);
    expect(announcementTitle.safeParse('x'.repeat(201)).success).toBe(false);
  });
});

describe('editDeadline', () => {
  it('is the window after sending', () => {
    expect(editDeadline(new Date('2026-12-01T10:00:00Z'), 1_440).toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });
});

describe('excerpt', () => {
  it('keeps short texts, flattened to one line', () => {
    expect(excerpt('Exam on\n\nFriday.')).toBe('Exam on Friday.');
  });

  it('cuts long texts at a word', () => {
    const text = `${'word '.repeat(100)}end`;
    const cut = excerpt(text, 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut).toBe('word word word word word word…');
    expect(excerpt('abcdefghij klmnop', 12)).toBe('abcdefghij…');
    expect(excerpt('a'.repeat(40), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
