import { describe, expect, it } from '@jest/globals';
import { parseSettings } from '#platform/env.ts';
import { settings } from './settings.ts';

describe('messaging settings', () => {
  it('runs on defaults alone: .eml files, 24-hour and 1-hour reminders, a key kept in the database', () => {
    const defaults = parseSettings(settings, {});
    expect(defaults.SMTP_URL).toBeUndefined();
    expect(defaults.EMAIL_UNSUBSCRIBE_SECRET).toBeUndefined();
    expect(defaults).toMatchObject({ MESSAGING_REMINDER_OFFSETS_MINUTES: [1_440, 60], MESSAGING_EDIT_WINDOW_MINUTES: 1_440 });
  });

  it('reads reminder offsets as a list of whole minutes, largest first, each once', () => {
    expect(
      parseSettings(settings, { MESSAGING_REMINDER_OFFSETS_MINUTES: ' 60, 1440 ,60,15' }).MESSAGING_REMINDER_OFFSETS_MINUTES,
    ).toEqual([1_440, 60, 15]);
    for (const wrong of ['', 'soon', '60,', '0', '-5', '1.5', '50000'])
      expect(() => parseSettings(settings, { MESSAGING_REMINDER_OFFSETS_MINUTES: wrong }, 'messaging')).toThrow(
        /of messaging:[\s\S]*MESSAGING_REMINDER_OFFSETS_MINUTES/,
      );
  });

  it('wants an SMTP URL, a long enough unsubscribe key and a web PUBLIC_URL', () => {
    expect(parseSettings(settings, { SMTP_URL: 'smtps://user:pass@mail.example.com:465' }).SMTP_URL).toBe(
      'smtps://user:pass@mail.example.com:465',
    );
    expect(() => parseSettings(settings, { SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL/);
    expect(() => parseSettings(settings, { EMAIL_UNSUBSCRIBE_SECRET: 'short' })).toThrow(/EMAIL_UNSUBSCRIBE_SECRET/);
    expect(() => parseSettings(settings, { PUBLIC_URL: 'ftp://doctorpy.dev' })).toThrow(/PUBLIC_URL/);
  });
});
