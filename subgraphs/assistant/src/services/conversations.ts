/** Conversations and their answers: private to their owner (admins may read them for support). */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';
import { pageQuery, toConnection, type PageArgs } from '#platform/graphql/connection.ts';
import type { AssistantDb } from '../db.ts';
import type { Answer, Conversation } from '../generated/prisma/client.ts';

export const mayRead = (viewer: Viewer, ownerId: string) => viewer.userId === ownerId || hasRole(viewer, 'ADMIN');

export class Conversations {
  constructor(private readonly db: AssistantDb) {}

  /** NOT_FOUND for a conversation that is missing or someone else's (its existence is not told). */
  async find(viewer: Viewer, id: string): Promise<Conversation> {
    const conversation = id.length <= 200 ? await this.db.conversation.findUnique({ where: { id } }) : null;
    if (!conversation || !mayRead(viewer, conversation.userId)) throw notFound('AssistantConversation', id);
    return conversation;
  }

  /** For asking: only the owner continues a conversation, admins included. */
  async findOwn(viewer: Viewer, id: string): Promise<Conversation> {
    const conversation = await this.db.conversation.findUnique({ where: { id } });
    if (!conversation || conversation.userId !== viewer.userId) throw notFound('AssistantConversation', id);
    return conversation;
  }

  async listOf(userId: string, page: PageArgs) {
    const where = { userId };
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.conversation.findMany({ where, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.conversation.count({ where }));
  }

  async answers(conversationId: string, page: PageArgs) {
    const where = { conversationId };
    const { size, prisma } = pageQuery(page, 100);
    const rows = await this.db.answer.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...prisma });
    return toConnection(rows, size, () => this.db.answer.count({ where }));
  }

  conversationsByIds(ids: readonly string[]): Promise<Conversation[]> {
    return this.db.conversation.findMany({ where: { id: { in: [...ids] } } });
  }

  answersByIds(ids: readonly string[]): Promise<Answer[]> {
    return this.db.answer.findMany({ where: { id: { in: [...ids] } } });
  }
}
