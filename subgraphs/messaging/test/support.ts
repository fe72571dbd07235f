/**
 * What the messaging tests share: the other subgraphs' events, published on the bus as their
 * owners publish them (bookings, webinars and courses are not in these stacks: their event
 * contracts are what messaging depends on), a real SMTP server in the process, the operations.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { EventPayload } from '#platform/events/catalog.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { eventually, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

export const CONVERSATION_FIELDS = `id kind title unreadCount createdAt lastActivityAt members { id } course { id }
  lastMessage { id body author { id } }`;
export const MESSAGE_FIELDS = 'id title body createdAt editedAt author { id } conversation { id }';

export const START = `mutation Start($userId: ID!) { startConversation(userId: $userId) { ${CONVERSATION_FIELDS} } }`;
export const SEND = `mutation Send($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { ${MESSAGE_FIELDS} } }`;
export const EDIT = `mutation Edit($id: ID!, $body: String!) { editMessage(id: $id, body: $body) { ${MESSAGE_FIELDS} } }`;
export const MARK_READ = `mutation Read($id: ID!) { markConversationRead(id: $id) { id unreadCount } }`;
export const ANNOUNCE = `mutation Announce($courseId: ID!, $title: String!, $body: String!) {
  announce(courseId: $courseId, title: $title, body: $body) { ${MESSAGE_FIELDS} }
}`;
export const CONVERSATION = `query One($id: ID!, $first: Int, $after: String) {
  conversation(id: $id) {
    ${CONVERSATION_FIELDS}
    messages(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${MESSAGE_FIELDS} } } }
  }
}`;
export const CONVERSATIONS = `query List($first: Int, $after: String) {
  conversations(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${CONVERSATION_FIELDS} } } }
}`;
export const SENT_EMAILS = `query Sent($to: String, $first: Int) {
  sentEmails(to: $to, first: $first) { id to subject category locale sentAt status attempts createdAt }
}`;

export interface ConversationView {
  id: string;
  kind: 'DIRECT' | 'COURSE_ANNOUNCEMENTS';
  title: string | null;
  unreadCount: number;
  members: Array<{ id: string }>;
  course: { id: string } | null;
  lastMessage: { id: string; body: string; author: { id: string } } | null;
  lastActivityAt: string;
}

export interface MessageView {
  id: string;
  title: string | null;
  body: string;
  createdAt: string;
  editedAt: string | null;
  author: { id: string };
  conversation: { id: string };
}

export interface SentEmailView {
  id: string;
  to: string;
  subject: string;
  category: string;
  locale: string;
  sentAt: string | null;
  status: 'PENDING' | 'SENT' | 'FAILED';
  attempts: number;
}

export const publish = (platform: TestStack, ...envelopes: Array<ReturnType<typeof createEnvelope>>) =>
  Promise.all(envelopes.map((envelope) => platform.runtime.eventBus().publish(envelope)));

/** A course as courses announces it, with its enrolled learners. */
export async function course(platform: TestStack, instructorId: string, learnerIds: string[], title = unique('Course')) {
  const courseId = randomUUID();
  await publish(
    platform,
    createEnvelope('COURSE_CREATED', { courseId, instructorId, title, slug: title.toLowerCase() }, 'courses'),
  );
  await enroll(platform, courseId, learnerIds);
  return { courseId, title };
}

export const enroll = (platform: TestStack, courseId: string, learnerIds: string[]) =>
  publish(
    platform,
    ...learnerIds.map((userId) =>
      createEnvelope('ENROLLMENT_CREATED', { enrollmentId: randomUUID(), userId, courseId }, 'courses'),
    ),
  );

/** A user's profile as profiles announces it. */
export const profile = (platform: TestStack, userId: string, locale: string, timezone = 'UTC') =>
  publish(platform, createEnvelope('PROFILE_UPDATED', { userId, locale, timezone }, 'profiles'));

export function booking(studentId: string, instructorId: string, startsAt: Date, topic: string | null = 'Loops') {
  return {
    bookingId: randomUUID(),
    slotId: randomUUID(),
    studentId,
    instructorId,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    topic,
    meetingUrl: `https://meet.example.test/${randomUUID()}`,
  } satisfies EventPayload<'BOOKING_CONFIRMED'>;
}

export function webinar(hostId: string, startsAt: Date, title = unique('Webinar')) {
  return {
    webinarId: randomUUID(),
    hostId,
    courseId: null,
    title,
    startsAt: startsAt.toISOString(),
    durationMinutes: 45,
  } satisfies EventPayload<'WEBINAR_SCHEDULED'>;
}

/** Polls until `probe` holds, or fails; for conditions that must become true. */
export const until = <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000) =>
  eventually(probe, timeoutMs, what);

/** Waits until startConversation between them is allowed (messaging has taken in the courses' events). */
export const whenAllowed = (platform: TestStack, from: TestUser, toId: string) =>
  until(async () => {
    const result = await platform.gql<{ startConversation: ConversationView }>(START, { userId: toId }, from.accessToken);
    return result.data?.startConversation ?? undefined;
  }, `a conversation from ${from.displayName}`);

export interface ReceivedEmail {
  /** The envelope's recipients. */
  rcpt: string[];
  mail: ParsedMail;
}

/** A real SMTP server in the test process; `failNext` makes the next deliveries to an address fail (4xx). */
export async function startSmtpServer() {
  const received: ReceivedEmail[] = [];
  const failures = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const left = failures.get(address.address.toLowerCase()) ?? 0;
      if (left > 0) {
        failures.set(address.address.toLowerCase(), left - 1);
        const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const parse = async () => {
        try {
          const mail = await simpleParser(stream);
          received.push({ rcpt: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()), mail });
          callback();
        } catch (error) {
          callback(error as Error);
        }
      };
      void parse();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext: (address: string, times: number) => failures.set(address.toLowerCase(), times),
    /** The emails received so far for `address`. */
    to: (address: string) => received.filter((email) => email.rcpt.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
