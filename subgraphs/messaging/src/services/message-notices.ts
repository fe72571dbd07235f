/**
 * Emails about conversations and accounts: an announcement to every member of the course's
 * announcement conversation but its author, a direct message still unread after
 * MESSAGING_UNREAD_EMAIL_DELAY_SECONDS (the user was away: one email per unread streak), and the
 * welcome email of a new account.
 */
import type { EventPayload } from '#platform/events/catalog.ts';
import type { MessagingTx } from '../db.ts';
import { excerpt } from '../rules/conversations.ts';
import { shouldEmailUnread } from '../rules/schedule.ts';
import type { Directory } from './directory.ts';
import type { Mailer } from './mailer.ts';
import type { DueJob } from './scheduler.ts';

export class MessageNotices {
  constructor(
    private readonly mailer: Mailer,
    private readonly directory: Directory,
  ) {}

  async welcome(tx: MessagingTx, { userId }: { userId: string }): Promise<void> {
    await this.mailer.enqueue(tx, [{ userId, dedupeKey: `welcome:${userId}`, content: { kind: 'WELCOME' } }]);
  }

  async announcement(tx: MessagingTx, posted: EventPayload<'ANNOUNCEMENT_POSTED'>): Promise<void> {
    const message = await tx.message.findUnique({ where: { id: posted.messageId } });
    if (!message) return;
    const members = await tx.conversationMember.findMany({
      where: { conversationId: posted.conversationId, userId: { not: posted.authorId } },
      select: { userId: true },
    });
    const name = await this.directory.names(tx, [posted.authorId]);
    await this.mailer.enqueue(
      tx,
      members.map(({ userId }) => ({
        userId,
        dedupeKey: `announcement:${posted.messageId}:${userId}`,
        content: {
          kind: 'ANNOUNCEMENT' as const,
          courseTitle: posted.courseTitle,
          title: message.title ?? posted.title,
          body: message.body,
          authorName: name(posted.authorId),
        },
      })),
    );
  }

  /** The delayed job of a direct message: email its recipient if it is still unread and they were not emailed since they last read. */
  async unread(tx: MessagingTx, job: DueJob): Promise<void> {
    const { conversationId, seq, userId } = job.payload as { conversationId: string; seq: number; userId: string };
    const member = await tx.conversationMember.findUnique({ where: { conversationId_userId: { conversationId, userId } } });
    const conversation = await tx.conversation.findUnique({ where: { id: conversationId } });
    if (!member || !conversation?.lastMessageId) return;
    if (!shouldEmailUnread({ messageSeq: seq, lastReadSeq: member.lastReadSeq, emailedSeq: member.unreadEmailedSeq })) return;
    // Conditional: of two jobs of one streak firing at once (two replicas), one emails.
    const { count } = await tx.conversationMember.updateMany({
      where: { conversationId, userId, unreadEmailedSeq: member.unreadEmailedSeq },
      data: { unreadEmailedSeq: conversation.lastSeq },
    });
    if (!count) return;
    const latest = await tx.message.findUniqueOrThrow({ where: { id: conversation.lastMessageId } });
    const name = await this.directory.names(tx, [latest.authorId]);
    await this.mailer.enqueue(tx, [
      {
        userId,
        dedupeKey: `unread:${conversationId}:${userId}:${conversation.lastSeq}`,
        content: {
          kind: 'UNREAD_MESSAGES',
          fromName: name(latest.authorId),
          unreadCount: conversation.lastSeq - member.lastReadSeq,
          excerpt: excerpt(latest.body),
        },
      },
    ]);
  }
}
