/**
 * Email delivery end to end, received by a real SMTP server in the test process: the welcome
 * email, bookings' and webinars' emails from their events (in the recipient's language, text and
 * escaped HTML, List-Unsubscribe headers), the one-click unsubscribe honoured through
 * notifications' preferences, retries, unread direct messages, and reminders on a short clock that
 * fire once with two messaging instances running and survive a restart.
 */
import { createSubgraphServer, type SubgraphServer } from '#platform/subgraph.ts';
import { loadSubgraph } from '#platform/subgraph-module.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import {
  booking,
  course,
  MARK_READ,
  profile,
  publish,
  SEND,
  SENT_EMAILS,
  startSmtpServer,
  until,
  webinar,
  whenAllowed,
  type ReceivedEmail,
  type SentEmailView,
} from './support.ts';

const HOUR_MS = 60 * 60_000;
const PUBLIC_URL = 'https://doctorpy.example.test';
const admin = testAdmin();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let platform: TestStack;
let adminToken: string;
let ines: TestUser;
let leo: TestUser;
let zoe: TestUser;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for an email to `user` whose subject matches. */
const emailTo = (user: TestUser, subject: RegExp | string) =>
  until(
    async () =>
      smtp
        .to(user.email)
        .find(({ mail }) => (typeof subject === 'string' ? mail.subject === subject : subject.test(mail.subject ?? ''))),
    `an email "${String(subject)}" to ${user.displayName}`,
    15_000,
  );
const subjectsTo = (user: TestUser) => smtp.to(user.email).map(({ mail }) => mail.subject);
const header = ({ mail }: ReceivedEmail, name: string) =>
  mail.headerLines.find((line) => line.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '');
const sentEmails = async (to: string) =>
  (await platform.data<{ sentEmails: SentEmailView[] }>(SENT_EMAILS, { to, first: 100 }, adminToken)).sentEmails;

/** Starts a messaging server on the stack's runtime: a second replica, or the first one again after a restart. */
async function messagingServer(port = 0): Promise<SubgraphServer<unknown>> {
  const server = await createSubgraphServer(await loadSubgraph('messaging'), platform.runtime, {
    jwksUrl: new URL('/.well-known/jwks.json', platform.stack.subgraphUrls.accounts).toString(),
  });
  await server.listen(port, '127.0.0.1');
  return server;
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  platform = await startTestStack({
    subgraphs: ['accounts', 'messaging', 'notifications'],
    env: {
      ...adminEnv(admin),
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      MESSAGING_EMAIL_POLL_MS: '100',
      MESSAGING_EMAIL_RETRY_BASE_MS: '200',
      MESSAGING_EMAIL_MAX_ATTEMPTS: '3',
      MESSAGING_SCHEDULER_POLL_MS: '100',
      MESSAGING_UNREAD_EMAIL_DELAY_SECONDS: '1',
      MESSAGING_REMINDER_OFFSETS_MINUTES: '1440,60',
    },
  });
  adminToken = await signIn(platform, admin.email, admin.password);
  [ines, leo, zoe] = await Promise.all([
    platform.signUp('INSTRUCTOR', 'Ines'),
    platform.signUp('STUDENT', 'Leo'),
    platform.signUp('STUDENT', 'Zoé <Admin> & Co'),
  ]);
  // Zoé reads French, in Paris.
  await profile(platform, zoe.id, 'fr-FR', 'Europe/Paris');
}, 60_000);
afterAll(async () => {
  await platform?.close();
  await smtp?.close();
});

describe('emails', () => {
  it('welcomes a new account, with both bodies and no unsubscribe link (account emails cannot be turned off)', async () => {
    const welcome = await emailTo(zoe, 'Welcome to DoctorPy');
    expect(welcome.rcpt).toEqual([zoe.email]);
    expect(welcome.mail.from?.value).toEqual([{ name: 'DoctorPy', address: 'no-reply@doctorpy.dev' }]);
    expect(welcome.mail.text).toContain('Hello Zoé <Admin> & Co,');
    expect(welcome.mail.html).toContain('Hello Zoé &lt;Admin&gt; &amp; Co,');
    expect(welcome.mail.html).not.toContain('<Admin>');
    expect(header(welcome, 'List-Unsubscribe')).toBeUndefined();
    expect(smtp.to(zoe.email).filter(({ mail }) => mail.subject === 'Welcome to DoctorPy')).toHaveLength(1);
  });

  it("writes booking emails to both parties, in each one's language and timezone, with escaped HTML and List-Unsubscribe", async () => {
    const startsAt = new Date(Date.UTC(2031, 0, 15, 14, 0));
    const confirmed = booking(zoe.id, ines.id, startsAt, '<b>Loops</b> & "lists"');
    await publish(platform, createEnvelope('BOOKING_CONFIRMED', confirmed, 'bookings'));

    const french = await emailTo(zoe, /^Réservation confirmée/);
    expect(french.mail.subject).toBe('Réservation confirmée : mercredi 15 janvier 2031 à 15:00 UTC+1');
    expect(french.mail.text).toContain('Bonjour Zoé <Admin> & Co,');
    expect(french.mail.text).toContain('Votre session avec Ines est réservée le mercredi 15 janvier 2031 à 15:00 UTC+1');
    expect(french.mail.text).toContain('Sujet : <b>Loops</b> & "lists"');
    expect(french.mail.text).toContain(confirmed.meetingUrl);
    expect(french.mail.html).toContain('Sujet : &lt;b&gt;Loops&lt;/b&gt; &amp; &quot;lists&quot;');
    expect(french.mail.html).toContain(`href="${confirmed.meetingUrl}"`);
    expect(french.mail.html).toContain('<html lang="fr">');
    const unsubscribe = header(french, 'List-Unsubscribe')!;
    expect(unsubscribe).toMatch(new RegExp(`^<${PUBLIC_URL}/email/unsubscribe\\?token=u1\\.[\\w-]+\\.[\\w-]+>$`));
    expect(header(french, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(french.mail.text).toContain(unsubscribe.slice(1, -1));

    const english = await emailTo(ines, /^Booking confirmed/);
    expect(english.mail.subject).toBe('Booking confirmed: Wednesday, January 15, 2031 at 02:00 PM UTC');
    expect(english.mail.text).toContain('Zoé <Admin> & Co booked a session with you');
    expect(english.mail.html).toContain('Zoé &lt;Admin&gt; &amp; Co booked a session with you');

    // The SMTP server has the mail before the sender records SENT: wait for the record.
    const listed = await until(
      async () => (await sentEmails(zoe.email.toUpperCase())).find((email) => email.status !== 'PENDING'),
      'recorded as sent',
    );
    expect(listed).toMatchObject({ to: zoe.email, category: 'BOOKINGS', locale: 'fr', status: 'SENT', attempts: 1 });
    expect(listed!.subject).toBe(french.mail.subject);
  });

  it('unsubscribes with one click and no sign-in: notifications turns the category off, the next email is not sent', async () => {
    const [withLink] = smtp.to(zoe.email).filter(({ mail }) => mail.subject?.startsWith('Réservation confirmée'));
    const link = new URL(header(withLink!, 'List-Unsubscribe')!.slice(1, -1));
    const viaGateway = new URL(`${link.pathname}${link.search}`, platform.url);

    const tampered = new URL(viaGateway);
    tampered.searchParams.set('token', `${link.searchParams.get('token')!.slice(0, -3)}abc`);
    expect((await fetch(tampered)).status).toBe(400);
    expect((await fetch(new URL('/email/unsubscribe', platform.url))).status).toBe(400);

    const page = await fetch(viaGateway);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Vous ne recevrez plus les emails de réservations de DoctorPy.');
    // RFC 8058: what a mail client POSTs from List-Unsubscribe-Post; following it again changes nothing.
    const oneClick = await fetch(viaGateway, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(await oneClick.json()).toEqual({ unsubscribed: 'BOOKINGS' });

    const PREFERENCES = `{ emailPreferences { category enabled } }`;
    await until(async () => {
      const { emailPreferences } = await platform.data<{ emailPreferences: Array<{ category: string; enabled: boolean }> }>(
        PREFERENCES,
        {},
        zoe.accessToken,
      );
      return emailPreferences.find((each) => each.category === 'BOOKINGS' && !each.enabled);
    }, 'BOOKINGS off in notifications');

    const next = booking(zoe.id, ines.id, new Date(Date.UTC(2031, 1, 3, 9, 0)), 'Dictionaries');
    await publish(platform, createEnvelope('BOOKING_CONFIRMED', next, 'bookings'));
    await emailTo(ines, /3, 2031/);
    expect(subjectsTo(zoe).filter((subject) => subject?.includes('3 février'))).toEqual([]);
    expect((await sentEmails(zoe.email)).filter((email) => email.category === 'BOOKINGS')).toHaveLength(1);

    // Turned back on in the settings (notifications), bookings emails come again.
    const SET = `mutation S($category: EmailCategory!, $enabled: Boolean!) { setEmailPreference(category: $category, enabled: $enabled) { category enabled } }`;
    expect(errorCode(await platform.gql(SET, { category: 'ACCOUNT', enabled: false }, zoe.accessToken))).toBe('BAD_USER_INPUT');
    await platform.data(SET, { category: 'BOOKINGS', enabled: true }, zoe.accessToken);
    await until(async () => {
      const again = booking(zoe.id, ines.id, new Date(Date.UTC(2031, 2, 4, 9, 0)), null);
      await publish(platform, createEnvelope('BOOKING_CONFIRMED', again, 'bookings'));
      await sleep(400);
      return smtp.to(zoe.email).find(({ mail }) => mail.subject?.startsWith('Réservation confirmée : mardi 4 mars 2031'));
    }, 'bookings emails on again');
  });

  it('retries a refused delivery with backoff and gives up after the last attempt', async () => {
    const [retried, refused] = await Promise.all([platform.signUp('STUDENT', 'Retry'), platform.signUp('STUDENT', 'Refused')]);
    await Promise.all([emailTo(retried, 'Welcome to DoctorPy'), emailTo(refused, 'Welcome to DoctorPy')]);
    smtp.failNext(retried.email, 1);
    smtp.failNext(refused.email, 10);
    await publish(
      platform,
      createEnvelope('BOOKING_CONFIRMED', booking(retried.id, ines.id, new Date(Date.now() + 48 * HOUR_MS)), 'bookings'),
      createEnvelope('BOOKING_CONFIRMED', booking(refused.id, ines.id, new Date(Date.now() + 49 * HOUR_MS)), 'bookings'),
    );
    await emailTo(retried, /^Booking confirmed/);
    // The SMTP server has the mail before the sender records SENT: wait for the record.
    const delivered = await until(
      async () => (await sentEmails(retried.email)).find((email) => email.category === 'BOOKINGS' && email.status !== 'PENDING'),
      'sent',
    );
    expect(delivered).toMatchObject({ status: 'SENT', attempts: 2 });
    const failed = await until(
      async () => (await sentEmails(refused.email)).find((email) => email.category === 'BOOKINGS' && email.status === 'FAILED'),
      'failed',
    );
    expect(failed).toMatchObject({ attempts: 3, sentAt: null });
    expect(subjectsTo(refused).filter((subject) => subject?.startsWith('Booking'))).toEqual([]);
  });

  it('emails a direct message left unread, once per unread streak', async () => {
    await course(platform, ines.id, [leo.id]);
    const conversation = await whenAllowed(platform, ines, leo.id);
    await platform.data(SEND, { id: conversation.id, body: 'Did you try the exercise?' }, ines.accessToken);
    await platform.data(SEND, { id: conversation.id, body: 'It is about <loops>.' }, ines.accessToken);
    const unread = await emailTo(leo, /Ines/);
    expect(unread.mail.subject).toBe('2 unread messages from Ines');
    expect(unread.mail.text).toContain('It is about <loops>.');
    expect(header(unread, 'List-Unsubscribe')).toContain('/email/unsubscribe?token=');
    await sleep(1_500);
    expect(subjectsTo(leo).filter((subject) => subject?.includes('Ines'))).toHaveLength(1);

    // Read, then a new message: a new streak, a new email.
    await platform.data(MARK_READ, { id: conversation.id }, leo.accessToken);
    await platform.data(SEND, { id: conversation.id, body: 'Ping!' }, ines.accessToken);
    await emailTo(leo, 'Ines sent you a message');
  });
});

describe('reminders', () => {
  it('fire once with two messaging instances running, for bookings and registered webinar learners', async () => {
    const second = await messagingServer();
    try {
      // The 1-hour reminders fall due in about 3 seconds (time to handle the events first); the
      // 24-hour ones are already past, so never scheduled.
      const soon = () => new Date(Date.now() + HOUR_MS + 3_000);
      const bookings = Array.from({ length: 4 }, () => booking(leo.id, ines.id, soon()));
      const cancelled = booking(leo.id, ines.id, soon());
      const session = webinar(ines.id, soon(), unique('Async Python'));
      const dropped = webinar(ines.id, soon(), unique('Dropped'));
      await publish(
        platform,
        ...bookings.map((each) => createEnvelope('BOOKING_CONFIRMED', each, 'bookings')),
        createEnvelope('BOOKING_CONFIRMED', cancelled, 'bookings'),
        createEnvelope('WEBINAR_SCHEDULED', session, 'webinars'),
        createEnvelope('WEBINAR_SCHEDULED', dropped, 'webinars'),
      );
      await publish(
        platform,
        createEnvelope(
          'WEBINAR_REGISTERED',
          { ...session, registrationId: unique('r'), userId: leo.id, status: 'REGISTERED', promoted: false },
          'webinars',
        ),
        createEnvelope(
          'WEBINAR_REGISTERED',
          { ...session, registrationId: unique('r'), userId: zoe.id, status: 'WAITLISTED', promoted: false },
          'webinars',
        ),
        createEnvelope(
          'WEBINAR_REGISTERED',
          { ...dropped, registrationId: unique('r'), userId: leo.id, status: 'REGISTERED', promoted: false },
          'webinars',
        ),
      );
      await publish(
        platform,
        createEnvelope(
          'BOOKING_CANCELLED',
          { ...cancelled, cancelledById: leo.id, cancelledBy: 'STUDENT', reason: 'Sick' },
          'bookings',
        ),
        createEnvelope('WEBINAR_STATUS_CHANGED', { ...dropped, status: 'CANCELLED', recordingUrl: null }, 'webinars'),
      );

      await emailTo(leo, `Webinar cancelled: "${dropped.title}"`);
      await emailTo(leo, `Reminder: "${session.title}" starts in 1 hour`);
      await until(
        async () =>
          smtp.to(ines.email).filter(({ mail }) => mail.subject === 'Reminder: your session with Leo starts in 1 hour').length >=
          4
            ? true
            : undefined,
        "Ines' four booking reminders",
        15_000,
      );
      // Both schedulers had every chance to fire twice.
      await sleep(1_000);
      const reminders = (user: TestUser) => subjectsTo(user).filter((subject) => subject?.startsWith('Reminder'));
      expect(reminders(ines).filter((subject) => subject!.includes('Leo'))).toHaveLength(4);
      expect(reminders(leo).filter((subject) => subject!.includes('Ines'))).toHaveLength(4);
      expect(reminders(leo).filter((subject) => subject!.includes(session.title))).toHaveLength(1);
      // Not the waiting list, not a cancelled webinar or booking.
      expect(subjectsTo(zoe).filter((subject) => subject?.includes(session.title))).toEqual([]);
      expect(reminders(leo).filter((subject) => subject!.includes(dropped.title))).toEqual([]);
      expect(subjectsTo(ines).filter((subject) => subject?.startsWith('Booking cancelled'))).toHaveLength(1);
      const leoCancelled = await emailTo(leo, /^Booking cancelled/);
      expect(leoCancelled.mail.text).toContain('You cancelled your session with Ines');
    } finally {
      await second.close();
    }
  });

  it('keeps a reminder that fell due while messaging was down, and sends it once on restart', async () => {
    const { subgraphs, subgraphUrls } = platform.stack;
    const soon = booking(leo.id, ines.id, new Date(Date.now() + HOUR_MS + 3_000), 'Restart');
    await publish(platform, createEnvelope('BOOKING_CONFIRMED', soon, 'bookings'));
    // The confirmation is enqueued in the transaction that schedules the reminders.
    await until(
      async () =>
        smtp
          .to(ines.email)
          .find(({ mail }) => mail.subject?.startsWith('Booking confirmed') && mail.text?.includes('Topic: Restart')),
      'the confirmation',
    );

    await subgraphs.get('messaging')!.close();
    const due = new Date(soon.startsAt).getTime() - HOUR_MS;
    await sleep(Math.max(0, due - Date.now()) + 300);
    const before = smtp.to(ines.email).length;
    subgraphs.set('messaging', await messagingServer(Number(new URL(subgraphUrls.messaging!).port)));

    const reminder = await until(
      async () =>
        smtp
          .to(ines.email)
          .slice(before)
          .find(({ mail }) => mail.subject === 'Reminder: your session with Leo starts in 1 hour'),
      'the reminder after the restart',
    );
    expect(reminder.mail.text).toContain('Topic: Restart');
    await sleep(600);
    expect(
      smtp
        .to(ines.email)
        .slice(before)
        .filter(({ mail }) => mail.subject?.startsWith('Reminder')),
    ).toHaveLength(1);
  });
});
