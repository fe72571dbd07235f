/**
 * Conversations through the gateway: who may talk to whom (from courses' events), one conversation
 * per pair under concurrent twins, messages newest first, unread counts and read markers, edits,
 * `messageAdded` live to members only, announcements fanned out as notifications and emails, and
 * lists that cost the same SQL for 3 conversations as for 12.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import { connect, subscribe } from '#platform/testing/subscriptions.ts';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import {
  ANNOUNCE,
  CONVERSATION,
  CONVERSATIONS,
  course,
  EDIT,
  enroll,
  MARK_READ,
  SEND,
  SENT_EMAILS,
  START,
  until,
  whenAllowed,
  type ConversationView,
  type MessageView,
  type SentEmailView,
} from './support.ts';

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: MessageView }>;
}

const dataDir = mkdtempSync(join(tmpdir(), 'doctorpy-messaging-'));
const admin = testAdmin();
let platform: TestStack;
let adminToken: string;
let instructor: TestUser;
let learner: TestUser;
let stranger: TestUser;
let direct: ConversationView;

const send = async (user: TestUser, conversationId: string, body: string) =>
  (await platform.data<{ sendMessage: MessageView }>(SEND, { id: conversationId, body }, user.accessToken)).sendMessage;
const conversation = async (user: TestUser, id: string, page: { first?: number; after?: string | null } = {}) =>
  (await platform.data<{ conversation: ConversationView & { messages: Page } }>(CONVERSATION, { id, ...page }, user.accessToken))
    .conversation;

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'messaging', 'notifications'],
    env: { ...adminEnv(admin), DATA_DIR: dataDir, MESSAGING_EMAIL_POLL_MS: '100', MESSAGING_SCHEDULER_POLL_MS: '200' },
  });
  adminToken = await signIn(platform, admin.email, admin.password);
  [instructor, learner, stranger] = await Promise.all([
    platform.signUp('INSTRUCTOR', 'Ines Instructor'),
    platform.signUp('STUDENT', 'Leo Learner'),
    platform.signUp('STUDENT', 'Sam Stranger'),
  ]);
  await course(platform, instructor.id, [learner.id], 'Python Basics');
  direct = await whenAllowed(platform, learner, instructor.id);
}, 60_000);
afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('who may talk to whom', () => {
  it('lets a learner and the instructor of their course talk, and refuses strangers', async () => {
    expect(direct).toMatchObject({ kind: 'DIRECT', title: null, unreadCount: 0, course: null, lastMessage: null });
    expect(direct.members.map((member) => member.id).sort()).toEqual([instructor.id, learner.id].sort());

    for (const [from, to] of [
      [stranger, instructor.id],
      [stranger, learner.id],
      [learner, stranger.id],
      [instructor, stranger.id],
    ] as const)
      expect(errorCode(await platform.gql(START, { userId: to }, from.accessToken))).toBe('FORBIDDEN');
    // Nor can a stranger read or write into their conversation.
    expect(errorCode(await platform.gql(CONVERSATION, { id: direct.id }, stranger.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SEND, { id: direct.id, body: 'hi' }, stranger.accessToken))).toBe('FORBIDDEN');
  });

  it('gives the same pair the same conversation, whoever starts it, even under concurrent twins', async () => {
    const otherLearner = await platform.signUp('STUDENT', 'Twin Learner');
    const { courseId } = await course(platform, instructor.id, []);
    await enroll(platform, courseId, [otherLearner.id]);
    const attempts = await Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        const [from, to] = index % 2 ? [otherLearner, instructor.id] : [instructor, otherLearner.id];
        return (await whenAllowed(platform, from, to)).id;
      }),
    );
    expect(new Set(attempts).size).toBe(1);
    expect(attempts[0]).not.toBe(direct.id);
    expect((await whenAllowed(platform, learner, instructor.id)).id).toBe(direct.id);
  });

  it('lets an admin start a conversation with anyone messaging knows, and answers bad input with codes', async () => {
    const withAdmin = await platform.data<{ startConversation: ConversationView }>(START, { userId: stranger.id }, adminToken);
    expect(withAdmin.startConversation.kind).toBe('DIRECT');
    expect(errorCode(await platform.gql(START, { userId: randomUUID() }, adminToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(START, { userId: learner.id }, learner.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(START, { userId: 'x'.repeat(300) }, learner.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(START, { userId: `${instructor.id}\u0000` }, learner.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await platform.gql(START, { userId: instructor.id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(CONVERSATION, { id: randomUUID() }, learner.accessToken))).toBe('NOT_FOUND');
  });
});

describe('messages', () => {
  it('pages newest first, counts unread messages per member and moves read markers', async () => {
    const bodies = ['first', 'second', 'third'];
    for (const body of bodies) await send(learner, direct.id, body);
    const seen = await conversation(instructor, direct.id, { first: 2 });
    expect(seen.unreadCount).toBe(3);
    expect(seen.lastMessage).toMatchObject({ body: 'third', author: { id: learner.id } });
    expect(seen.messages.totalCount).toBe(3);
    expect(seen.messages.edges.map((edge) => edge.node.body)).toEqual(['third', 'second']);
    expect(seen.messages.pageInfo.hasNextPage).toBe(true);
    const rest = await conversation(instructor, direct.id, { first: 2, after: seen.messages.pageInfo.endCursor });
    expect(rest.messages.edges.map((edge) => edge.node.body)).toEqual(['first']);
    expect(rest.messages.pageInfo.hasNextPage).toBe(false);
    // The sender has read what they wrote.
    expect((await conversation(learner, direct.id)).unreadCount).toBe(0);

    // Replying reads everything before: the instructor is at 0, the learner has one unread.
    const reply = await send(instructor, direct.id, '  Hello Leo,\n\twelcome!  ');
    expect(reply).toMatchObject({
      body: 'Hello Leo,\n\twelcome!',
      author: { id: instructor.id },
      conversation: { id: direct.id },
    });
    expect((await conversation(instructor, direct.id)).unreadCount).toBe(0);
    expect((await conversation(learner, direct.id)).unreadCount).toBe(1);
    const read = await platform.data<{ markConversationRead: { unreadCount: number } }>(
      MARK_READ,
      { id: direct.id },
      learner.accessToken,
    );
    expect(read.markConversationRead.unreadCount).toBe(0);
    expect(errorCode(await platform.gql(MARK_READ, { id: direct.id }, stranger.accessToken))).toBe('FORBIDDEN');

    // The instructor's list shows it first, with its last message.
    const { conversations } = await platform.data<{ conversations: { edges: Array<{ node: ConversationView }> } }>(
      CONVERSATIONS,
      { first: 1 },
      instructor.accessToken,
    );
    expect(conversations.edges[0]!.node).toMatchObject({ id: direct.id, lastMessage: { id: reply.id } });
  });

  it('refuses empty, oversized and control-character bodies', async () => {
    for (const body of ['', '   \n ', 'x'.repeat(5_001), 'bell \u0007', 'nul \u0000'])
      expect(errorCode(await platform.gql(SEND, { id: direct.id, body }, learner.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(SEND, { id: randomUUID(), body: 'hi' }, learner.accessToken))).toBe('NOT_FOUND');
    const longest = await send(learner, direct.id, 'y'.repeat(5_000));
    expect(longest.body).toHaveLength(5_000);
  });

  it('lets only the author edit a message, within the edit window', async () => {
    const message = await send(learner, direct.id, 'I will fix this typo');
    expect(errorCode(await platform.gql(EDIT, { id: message.id, body: 'hijacked' }, instructor.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(EDIT, { id: message.id, body: ' ' }, learner.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(EDIT, { id: randomUUID(), body: 'x' }, learner.accessToken))).toBe('NOT_FOUND');
    const { editMessage } = await platform.data<{ editMessage: MessageView }>(
      EDIT,
      { id: message.id, body: 'I fixed this typo' },
      learner.accessToken,
    );
    expect(editMessage).toMatchObject({ id: message.id, body: 'I fixed this typo' });
    expect(Date.parse(editMessage.editedAt!)).toBeGreaterThanOrEqual(Date.parse(message.createdAt));

    // Sent two days ago (the window is 24 hours by default): too late.
    const client = new pg.Client({ connectionString: subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'messaging') });
    await client.connect();
    try {
      await client.query(`UPDATE "Message" SET "createdAt" = "createdAt" - interval '2 days' WHERE id = $1`, [message.id]);
    } finally {
      await client.end();
    }
    expect(errorCode(await platform.gql(EDIT, { id: message.id, body: 'too late' }, learner.accessToken))).toBe(
      'DEADLINE_PASSED',
    );
  });
});

describe('messageAdded', () => {
  it('delivers new messages live to members and refuses non-members', async () => {
    const SUBSCRIPTION = `subscription Added($id: ID!) { messageAdded(conversationId: $id) { id body author { id } conversation { id unreadCount } } }`;
    const memberSocket = connect(platform.url, learner.accessToken);
    const strangerSocket = connect(platform.url, stranger.accessToken);
    try {
      const live = subscribe<{
        messageAdded: { id: string; body: string; author: { id: string }; conversation: { unreadCount: number } };
      }>(memberSocket, SUBSCRIPTION, { id: direct.id });
      const refused = await subscribe(strangerSocket, SUBSCRIPTION, { id: direct.id }).ended;
      expect(JSON.stringify(refused.error)).toContain('FORBIDDEN');
      const unknown = await subscribe(strangerSocket, SUBSCRIPTION, { id: randomUUID() }).ended;
      expect(JSON.stringify(unknown.error)).toContain('NOT_FOUND');
      // The subscription is in place once a first message comes through.
      let sent = await send(instructor, direct.id, unique('live'));
      let first = await live.next(10_000);
      while (first.data?.messageAdded.id !== sent.id) {
        sent = await send(instructor, direct.id, unique('live'));
        first = await live.next(10_000);
      }
      expect(first.errors).toBeUndefined();
      expect(first.data?.messageAdded).toMatchObject({ body: sent.body, author: { id: instructor.id } });
      expect(first.data?.messageAdded.conversation.unreadCount).toBeGreaterThan(0);
      const next = await send(instructor, direct.id, 'and another one');
      expect((await live.next(10_000)).data?.messageAdded).toMatchObject({ id: next.id, body: 'and another one' });
      // A burst: each message is delivered once, itself (not whichever is newest when read).
      const burst = await Promise.all([1, 2, 3].map((n) => send(instructor, direct.id, `burst ${n}`)));
      const delivered = [];
      for (let n = 0; n < burst.length; n++) delivered.push((await live.next(10_000)).data?.messageAdded.id);
      expect(new Set(delivered)).toEqual(new Set(burst.map((message) => message.id)));
      await live.close();
    } finally {
      await Promise.all([memberSocket.dispose(), strangerSocket.dispose()]);
    }
  });
});

describe('announcements', () => {
  it("notify every enrolled learner in the app and by email, in the course's conversation", async () => {
    const [ada, bob] = await Promise.all([platform.signUp('STUDENT', 'Ada'), platform.signUp('STUDENT', 'Bob')]);
    const { courseId, title: courseTitle } = await course(platform, instructor.id, [ada.id, bob.id], unique('Data Science'));
    const announce = (user: TestUser | undefined, variables: Record<string, unknown>) =>
      platform.gql<{ announce: MessageView }>(
        ANNOUNCE,
        { courseId, title: 'Exam', body: 'Friday.', ...variables },
        user?.accessToken,
      );

    // Once messaging has the course, Ada is a member of its announcement conversation.
    await until(async () => {
      const { conversations } = await platform.data<{ conversations: { edges: Array<{ node: ConversationView }> } }>(
        CONVERSATIONS,
        {},
        ada.accessToken,
      );
      return conversations.edges.find((edge) => edge.node.course?.id === courseId);
    }, "Ada's announcement conversation");
    expect(errorCode(await announce(ada, {}))).toBe('FORBIDDEN');
    expect(errorCode(await announce(instructor, { courseId: randomUUID() }))).toBe('NOT_FOUND');
    expect(errorCode(await announce(instructor, { title: 'x'.repeat(201) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await announce(instructor, { title: 'two\nlines' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await announce(undefined, {}))).toBe('UNAUTHENTICATED');

    const body = 'The exam is on Friday.\n\nBring <your> laptop & charger.';
    const { announce: posted } = await platform.data<{ announce: MessageView }>(
      ANNOUNCE,
      { courseId, title: 'Exam on Friday', body },
      instructor.accessToken,
    );
    expect(posted).toMatchObject({ title: 'Exam on Friday', body, author: { id: instructor.id } });

    // Ada sees it in the course's announcement conversation, unread; she cannot write there.
    const announcements = await conversation(ada, posted.conversation.id);
    expect(announcements).toMatchObject({
      kind: 'COURSE_ANNOUNCEMENTS',
      title: courseTitle,
      course: { id: courseId },
      unreadCount: 1,
    });
    expect(announcements.members.map((member) => member.id).sort()).toEqual([ada.id, instructor.id].sort());
    expect((await conversation(instructor, posted.conversation.id)).members).toHaveLength(3);
    expect(errorCode(await platform.gql(SEND, { id: posted.conversation.id, body: 'me too' }, ada.accessToken))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await platform.gql(CONVERSATION, { id: posted.conversation.id }, stranger.accessToken))).toBe('FORBIDDEN');

    // A notification each (notifications' own copy of the enrollments), pointing at the conversation.
    for (const user of [ada, bob]) {
      const notification = await until(async () => {
        const { notifications } = await platform.data<{
          notifications: {
            edges: Array<{ node: { kind: string; title: string; body: string; conversation: { id: string } | null } }>;
          };
        }>(`{ notifications(first: 10) { edges { node { kind title body conversation { id } } } } }`, {}, user.accessToken);
        return notifications.edges.find((edge) => edge.node.kind === 'ANNOUNCEMENT')?.node;
      }, `${user.displayName}'s notification`);
      expect(notification).toEqual({
        kind: 'ANNOUNCEMENT',
        title: `${courseTitle}: Exam on Friday`,
        body: 'The exam is on Friday. Bring <your> laptop & charger.',
        conversation: { id: posted.conversation.id },
      });
    }
    // An email each, sent (as .eml files: no SMTP_URL here), none to the author.
    for (const user of [ada, bob]) {
      const email = await until(async () => {
        const { sentEmails } = await platform.data<{ sentEmails: SentEmailView[] }>(SENT_EMAILS, { to: user.email }, adminToken);
        return sentEmails.find((each) => each.category === 'ANNOUNCEMENTS' && each.status === 'SENT');
      }, `${user.displayName}'s email`);
      expect(email).toMatchObject({ to: user.email, subject: `[${courseTitle}] Exam on Friday`, locale: 'en', attempts: 1 });
      expect(existsSync(join(dataDir, 'mail', `${email.id}.eml`))).toBe(true);
    }
    const { sentEmails } = await platform.data<{ sentEmails: SentEmailView[] }>(
      SENT_EMAILS,
      { to: instructor.email },
      adminToken,
    );
    expect(sentEmails.filter((email) => email.category === 'ANNOUNCEMENTS')).toEqual([]);
    expect(errorCode(await platform.gql(SENT_EMAILS, {}, instructor.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SENT_EMAILS, { first: 0 }, adminToken))).toBe('BAD_USER_INPUT');
  });
});

describe('lists', () => {
  it('orders conversations by last activity and costs the same SQL for 3 as for 12', async () => {
    const teacher = await platform.signUp('INSTRUCTOR', 'Busy Teacher');
    const learners = Array.from({ length: 12 }, () => randomUUID());
    await course(platform, teacher.id, learners);
    const conversations = (await Promise.all(learners.map((learnerId) => whenAllowed(platform, teacher, learnerId)))).map(
      (started) => started.id,
    );
    // One after the other: each message makes its conversation the most recently active.
    for (const id of conversations) await send(teacher, id, `Hello from ${teacher.displayName}`);
    const QUERY = `query L($first: Int) { conversations(first: $first) { edges { node { id title kind unreadCount members { id }
      lastMessage { body author { id } conversation { id } } } } } }`;
    const statementsFor = async (first: number) => {
      const before = platform.statements().messaging!;
      const { conversations: list } = await platform.data<{ conversations: { edges: Array<{ node: { id: string } }> } }>(
        QUERY,
        { first },
        teacher.accessToken,
      );
      expect(list.edges).toHaveLength(first);
      return { ids: list.edges.map((edge) => edge.node.id), statements: platform.statements().messaging! - before };
    };
    const three = await statementsFor(3);
    const twelve = await statementsFor(12);
    expect(twelve.statements).toBe(three.statements);
    // The most recently active first.
    expect(twelve.ids).toEqual([...conversations].reverse());
  });
});
