import { describe, expect, it } from '@jest/globals';
import type { EmailContent } from './content.ts';
import { emailLocale, escapeHtml, renderEmail } from './render.ts';

const base = { recipientName: 'Ada', appUrl: 'https://doctorpy.dev', timeZone: 'UTC', locale: 'en' };
const unsubscribeUrl = 'https://doctorpy.dev/email/unsubscribe?token=u1.abc.def';
const startsAt = new Date('2031-01-15T14:00:00Z');

const every: EmailContent[] = [
  { kind: 'WELCOME' },
  {
    kind: 'BOOKING_CONFIRMED',
    asInstructor: false,
    otherName: 'Ines',
    startsAt,
    endsAt: startsAt,
    topic: 'Loops',
    meetingUrl: 'https://meet.example/x',
  },
  { kind: 'BOOKING_CANCELLED', otherName: 'Ines', startsAt, byRecipient: false, reason: 'Sick' },
  { kind: 'BOOKING_REMINDER', otherName: 'Ines', startsAt, offsetMinutes: 60, topic: null, meetingUrl: 'https://meet.example/x' },
  { kind: 'WEBINAR_REMINDER', title: 'Async', startsAt, offsetMinutes: 1_440 },
  { kind: 'WEBINAR_CANCELLED', title: 'Async', startsAt },
  { kind: 'ANNOUNCEMENT', courseTitle: 'Python Basics', title: 'Exam', body: 'Friday', authorName: 'Ines' },
  { kind: 'UNREAD_MESSAGES', fromName: 'Ines', unreadCount: 2, excerpt: 'Hi' },
];

describe('renderEmail', () => {
  it('writes every email in English and French, with both bodies', () => {
    for (const content of every) {
      for (const locale of ['en', 'fr']) {
        const email = renderEmail(content, { ...base, locale, unsubscribeUrl });
        expect(email.locale).toBe(locale);
        expect(email.subject.length).toBeGreaterThan(5);
        expect(email.text).toContain(locale === 'fr' ? 'Bonjour Ada,' : 'Hello Ada,');
        expect(email.html).toContain(`<html lang="${locale}">`);
      }
    }
    expect(new Set(every.map((content) => renderEmail(content, { ...base, locale: 'fr' }).subject)).size).toBe(every.length);
  });

  it('speaks French to fr, fr-CA or fr-FR, English to anything else', () => {
    expect(['fr', 'fr-CA', 'fr-FR', 'FR'].map(emailLocale)).toEqual(['fr', 'fr', 'fr', 'fr']);
    expect(['en', 'en-GB', 'de', 'zz', '', 'not a tag!', null, undefined].map(emailLocale)).toEqual(Array(8).fill('en'));
  });

  it("writes times in the recipient's timezone, UTC when it is unknown", () => {
    const content: EmailContent = { kind: 'WEBINAR_CANCELLED', title: 'Async', startsAt };
    expect(renderEmail(content, { ...base, locale: 'fr', timeZone: 'Europe/Paris' }).subject).toBe('Webinar annulé : « Async »');
    expect(renderEmail(content, { ...base, locale: 'fr', timeZone: 'Europe/Paris' }).text).toContain(
      'mercredi 15 janvier 2031 à 15:00 UTC+1',
    );
    expect(renderEmail(content, { ...base, timeZone: 'Asia/Tokyo' }).text).toContain(
      'Wednesday, January 15, 2031 at 11:00 PM GMT+9',
    );
    expect(renderEmail(content, { ...base, timeZone: 'Mars/Olympus' }).text).toContain('at 02:00 PM UTC');
  });

  it('escapes every value in the HTML, keeps the text as written, and keeps the subject on one line', () => {
    const content: EmailContent = {
      kind: 'ANNOUNCEMENT',
      courseTitle: 'Python <3',
      title: 'Exam\r\nBcc: victim@example.com',
      body: '<script>alert("x")</script>\n\nSecond & last',
      authorName: "O'Brien",
    };
    const email = renderEmail(content, { ...base, recipientName: '<img src=x onerror=alert(1)>', unsubscribeUrl });
    expect(email.subject).toBe('[Python <3] Exam Bcc: victim@example.com');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.html).toContain('<p>Second &amp; last</p>');
    expect(email.html).toContain('O&#39;Brien');
    expect(email.text).toContain('<script>alert("x")</script>');
  });

  it('links http(s) only', () => {
    const content: EmailContent = {
      ...(every[1] as Extract<EmailContent, { kind: 'BOOKING_CONFIRMED' }>),
      meetingUrl: 'javascript:alert(1)',
    };
    const email = renderEmail(content, base);
    expect(email.html).not.toContain('javascript:');
    expect(email.text).not.toContain('javascript:');
  });

  it('puts the unsubscribe link in the footer of every category but ACCOUNT', () => {
    const booking = renderEmail(every[1]!, { ...base, unsubscribeUrl });
    expect(booking.category).toBe('BOOKINGS');
    expect(booking.text).toContain(`To stop them, unsubscribe: ${unsubscribeUrl}`);
    expect(booking.html).toContain(`<a href="${escapeHtml(unsubscribeUrl)}">`);
    const welcome = renderEmail({ kind: 'WELCOME' }, { ...base, locale: 'fr', unsubscribeUrl });
    expect(welcome.category).toBe('ACCOUNT');
    expect(welcome.text).not.toContain(unsubscribeUrl);
    expect(welcome.text).toContain('parce que vous avez un compte DoctorPy');
  });

  it('counts days, hours and minutes before a start in words', () => {
    const reminder = (offsetMinutes: number, locale = 'en') =>
      renderEmail({ kind: 'WEBINAR_REMINDER', title: 'Async', startsAt, offsetMinutes }, { ...base, locale }).subject;
    expect(reminder(1_440)).toBe('Reminder: "Async" starts in 1 day');
    expect(reminder(2_880)).toBe('Reminder: "Async" starts in 2 days');
    expect(reminder(60)).toBe('Reminder: "Async" starts in 1 hour');
    expect(reminder(90)).toBe('Reminder: "Async" starts in 90 minutes');
    expect(reminder(120, 'fr')).toBe('Rappel : « Async » commence dans 2 heures');
  });
});
