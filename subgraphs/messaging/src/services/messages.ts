/**
 * Messages: sending (members of a direct conversation), announcing (a course's owner), editing
 * (the author, within the edit window), newest-first pages. A message takes the next seq of its
 * conversation under the conversation's row lock and commits with MESSAGE_SENT (and, for a direct
 * message, the delayed "still unread" email job of the other member).
 */
import { randomUUID } from 'node:crypto';
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { deadlinePassed, forbidden, notFound } from '#platform/errors.ts';
import { entityId } from '#platform/events/define.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { pageQuery, toConnection, type Connection, type PageArgs } from '#platform/graphql/connection.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { MessagingDb, MessagingTx } from '../db.ts';
import type { Conversation, Message } from '../generated/prisma/client.ts';
import { announcementTitle, editDeadline, excerpt, messageBody, STAFF_ROLES } from '../rules/conversations.ts';
import type { Conversations } from './conversations.ts';
import type { CourseFacts } from './courses.ts';
import type { Scheduler } from './scheduler.ts';

export interface MessageTiming {
  editWindowMinutes: number;
  unreadEmailDelaySeconds: number;
}

const announcement = z.object({ courseId: entityId(), title: announcementTitle, body: messageBody });
const newMessage = z.object({ body: messageBody });
const edit = z.object({ id: entityId(), body: messageBody });

export class Messages {
  constructor(
    private readonly db: MessagingDb,
    private readonly events: SubgraphEvents,
    private readonly conversations: Conversations,
    private readonly courses: CourseFacts,
    private readonly scheduler: Scheduler,
    private readonly timing: MessageTiming,
  ) {}

  async send(viewer: Viewer, rawConversationId: unknown, rawBody: unknown): Promise<Message> {
    const { body } = parseInput(newMessage, { body: rawBody });
    const { conversation } = await this.conversations.requireMember(viewer, rawConversationId);
    if (conversation.kind === 'COURSE_ANNOUNCEMENTS')
      throw forbidden("A course's announcements are posted by its owner with announce");
    const message = await this.events.transaction(this.db, (tx) =>
      this.append(tx, conversation, viewer.userId, { title: null, body }),
    );
    return message;
  }

  async announce(viewer: Viewer, raw: { courseId: unknown; title: unknown; body: unknown }): Promise<Message> {
    const { courseId, title, body } = parseInput(announcement, raw);
    const course = await this.courses.course(courseId);
    if (!course) throw notFound('Course', courseId);
    if (course.instructorId !== viewer.userId && !hasRole(viewer, ...STAFF_ROLES))
      throw forbidden("Only the course's owner announces to its learners");
    const posted = await this.events.transaction(this.db, async (tx) => {
      const conversation = await this.courses.announcementsOf(tx, courseId);
      const message = await this.append(tx, conversation, viewer.userId, { title, body });
      await this.events.stage(tx, 'ANNOUNCEMENT_POSTED', {
        messageId: message.id,
        conversationId: conversation.id,
        courseId,
        courseTitle: course.title,
        authorId: viewer.userId,
        title,
        excerpt: excerpt(body),
      });
      return message;
    });
    return posted;
  }

  async edit(viewer: Viewer, rawId: unknown, rawBody: unknown): Promise<Message> {
    const { id, body } = parseInput(edit, { id: rawId, body: rawBody });
    const message = await this.db.message.findUnique({ where: { id } });
    if (!message) throw notFound('Message', id);
    if (message.authorId !== viewer.userId) throw forbidden('Only its author can edit a message');
    const deadline = editDeadline(message.createdAt, this.timing.editWindowMinutes);
    const now = new Date();
    if (now > deadline) throw deadlinePassed('Messages can be edited for a limited time after sending', deadline);
    return this.db.message.update({ where: { id }, data: { body, editedAt: now } });
  }

  /** Newest first; the parent conversation is one the viewer may read. */
  async page(conversationId: string, page: PageArgs): Promise<Connection<Message>> {
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.message.findMany({ where: { conversationId }, orderBy: { seq: 'desc' }, ...prisma });
    return toConnection(rows, size, () => this.db.message.count({ where: { conversationId } }));
  }

  /** A message of a conversation, its newest without an id; members only (what `messageAdded` delivers). */
  async one(viewer: Viewer, rawConversationId: unknown, rawId: unknown): Promise<Message | null> {
    const { conversation } = await this.conversations.requireMember(viewer, rawConversationId);
    const messageId = rawId == null ? conversation.lastMessageId : parseInput(entityId(), rawId);
    return messageId ? this.db.message.findFirst({ where: { id: messageId, conversationId: conversation.id } }) : null;
  }

  byIds(ids: readonly string[]): Promise<Message[]> {
    return this.db.message.findMany({ where: { id: { in: [...ids] } } });
  }

  private async append(
    tx: MessagingTx,
    conversation: Conversation,
    authorId: string,
    content: { title: string | null; body: string },
  ): Promise<Message> {
    const id = randomUUID();
    const now = new Date();
    // The row lock of this update orders concurrent messages of one conversation: seqs never collide.
    const { lastSeq: seq } = await tx.conversation.update({
      where: { id: conversation.id },
      data: { lastSeq: { increment: 1 }, lastMessageId: id, lastActivityAt: now },
      select: { lastSeq: true },
    });
    const message = await tx.message.create({
      data: { id, conversationId: conversation.id, seq, authorId, ...content, createdAt: now },
    });
    // Writing is reading: the author's marker moves to their own message.
    await tx.conversationMember.updateMany({
      where: { conversationId: conversation.id, userId: authorId, lastReadSeq: { lt: seq } },
      data: { lastReadSeq: seq },
    });
    await this.events.stage(tx, 'MESSAGE_SENT', {
      messageId: id,
      conversationId: conversation.id,
      authorId,
      kind: conversation.kind,
      seq,
    });
    if (conversation.kind === 'DIRECT') {
      const others = await tx.conversationMember.findMany({
        where: { conversationId: conversation.id, userId: { not: authorId } },
        select: { userId: true },
      });
      const dueAt = new Date(now.getTime() + this.timing.unreadEmailDelaySeconds * 1_000);
      await this.scheduler.schedule(
        tx,
        others.map(({ userId }) => ({
          key: `unread:${id}:${userId}`,
          kind: 'UNREAD_MESSAGES' as const,
          subject: `conversation:${conversation.id}`,
          dueAt,
          payload: { conversationId: conversation.id, messageId: id, seq, userId },
        })),
      );
    }
    return message;
  }
}
