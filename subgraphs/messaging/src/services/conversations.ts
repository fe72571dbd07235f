/**
 * Conversations: who may start one (rules/conversations.ts), one per pair whatever the race (a
 * unique pair key), membership checks, the viewer's list by last activity, read markers.
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { badInput, forbidden, notFound } from '#platform/errors.ts';
import { entityId } from '#platform/events/define.ts';
import { pageQuery, toConnection, type Connection, type PageArgs } from '#platform/graphql/connection.ts';
import { parseInput } from '#platform/validation.ts';
import type { MessagingDb } from '../db.ts';
import type { Conversation, ConversationMember, Prisma } from '../generated/prisma/client.ts';
import { directVerdict, pairKey, STAFF_ROLES } from '../rules/conversations.ts';
import type { CourseFacts } from './courses.ts';
import type { Directory } from './directory.ts';

const userId = entityId();

export class Conversations {
  constructor(
    private readonly db: MessagingDb,
    private readonly courses: CourseFacts,
    private readonly directory: Directory,
  ) {}

  async start(viewer: Viewer, rawOtherId: unknown): Promise<Conversation> {
    const otherId = parseInput(userId, rawOtherId);
    const key = pairKey(viewer.userId, otherId);
    // An existing conversation stays open to its two members.
    const existing = await this.db.conversation.findUnique({ where: { pairKey: key } });
    if (existing) return existing;
    const [viewerLearnsFromOther, otherLearnsFromViewer] = await Promise.all([
      this.courses.learnsFrom(viewer.userId, otherId),
      this.courses.learnsFrom(otherId, viewer.userId),
    ]);
    const verdict = directVerdict({
      viewerId: viewer.userId,
      viewerRoles: viewer.roles,
      otherId,
      viewerLearnsFromOther,
      otherLearnsFromViewer,
    });
    if (verdict === 'SELF')
      throw badInput('You cannot start a conversation with yourself', [{ field: 'userId', message: 'is you' }]);
    if (verdict === 'STRANGERS')
      throw forbidden('You can write to the instructors of your courses and to the learners of yours only');
    // Staff may name anyone: someone messaging has never heard of does not exist.
    if (!viewerLearnsFromOther && !otherLearnsFromViewer && !(await this.directory.isKnown(this.db, otherId)))
      throw notFound('User', otherId);
    return this.db.$transaction(async (tx) => {
      // ON CONFLICT DO NOTHING: a concurrent twin waits for the first insert, then finds its row.
      const [created] = await tx.conversation.createManyAndReturn({
        data: [{ kind: 'DIRECT', pairKey: key }],
        skipDuplicates: true,
      });
      if (!created) return tx.conversation.findUniqueOrThrow({ where: { pairKey: key } });
      await tx.conversationMember.createMany({
        data: [viewer.userId, otherId].map((member) => ({ conversationId: created.id, userId: member })),
      });
      return created;
    });
  }

  /** The conversation and the viewer's membership: NOT_FOUND for an unknown id, FORBIDDEN for a non-member. */
  async requireMember(viewer: Viewer, rawId: unknown): Promise<{ conversation: Conversation; member: ConversationMember }> {
    const id = parseInput(entityId(), rawId);
    const conversation = await this.db.conversation.findUnique({ where: { id } });
    if (!conversation) throw notFound('Conversation', id);
    const member = await this.db.conversationMember.findUnique({
      where: { conversationId_userId: { conversationId: id, userId: viewer.userId } },
    });
    if (!member) throw forbidden('Only the members of a conversation can see it');
    return { conversation, member };
  }

  async list(viewer: Viewer, page: PageArgs): Promise<Connection<Conversation>> {
    const where: Prisma.ConversationWhereInput = { members: { some: { userId: viewer.userId } } };
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.conversation.findMany({ where, orderBy: [{ lastActivityAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.conversation.count({ where }));
  }

  /** Everything up to the newest message read; never moves a marker back. */
  async markRead(viewer: Viewer, rawId: unknown): Promise<Conversation> {
    const { conversation } = await this.requireMember(viewer, rawId);
    await this.db.conversationMember.updateMany({
      where: { conversationId: conversation.id, userId: viewer.userId, lastReadSeq: { lt: conversation.lastSeq } },
      data: { lastReadSeq: conversation.lastSeq },
    });
    return conversation;
  }

  /** Members the viewer may see: in a course's announcements, classmates are not listed to learners. */
  visibleMembers(viewer: Viewer | undefined, memberIds: string[], instructorId: string | undefined): string[] {
    if (!instructorId || !viewer || viewer.userId === instructorId || hasRole(viewer, ...STAFF_ROLES)) return memberIds;
    return memberIds.filter((id) => id === instructorId || id === viewer.userId);
  }

  byIds(ids: readonly string[]): Promise<Conversation[]> {
    return this.db.conversation.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Membership rows for "conversationId\u0000userId" keys, one statement for a whole list. */
  memberships(keys: readonly string[]): Promise<ConversationMember[]> {
    const pairs = keys.map((key) => key.split('\u0000') as [string, string]);
    return this.db.conversationMember.findMany({
      where: {
        conversationId: { in: [...new Set(pairs.map(([conversationId]) => conversationId))] },
        userId: { in: [...new Set(pairs.map(([, member]) => member))] },
      },
    });
  }

  membersOf(conversationIds: readonly string[]) {
    return this.db.conversationMember.findMany({
      where: { conversationId: { in: [...conversationIds] } },
      orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
      select: { conversationId: true, userId: true },
    });
  }
}
