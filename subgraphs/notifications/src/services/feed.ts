/** A user's own notifications: the newest-first feed, lookups and read marks. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';
import { pageQuery, toConnection, type Connection, type PageArgs } from '#platform/graphql/connection.ts';
import type { NotificationsDb } from '../db.ts';
import type { Notification, Prisma } from '../generated/prisma/client.ts';

export interface NotificationPage extends Connection<Notification> {
  /** Resolved only when selected, like totalCount. */
  unreadCount: () => Promise<number>;
}

export class Feed {
  constructor(private readonly db: NotificationsDb) {}

  async list(viewer: Viewer, filter: { unreadOnly: boolean }, page: PageArgs): Promise<NotificationPage> {
    const unread: Prisma.NotificationWhereInput = { userId: viewer.userId, readAt: null };
    const where: Prisma.NotificationWhereInput = filter.unreadOnly ? unread : { userId: viewer.userId };
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...prisma });
    return {
      ...toConnection(rows, size, () => this.db.notification.count({ where })),
      unreadCount: () => this.db.notification.count({ where: unread }),
    };
  }

  /** Someone else's notification does not exist for the viewer. */
  async find(viewer: Viewer, id: string): Promise<Notification> {
    const notification = await this.db.notification.findUnique({ where: { id } });
    if (!notification || notification.userId !== viewer.userId) throw notFound('Notification', id);
    return notification;
  }

  /** Idempotent: a notification read earlier keeps its first readAt. */
  async markRead(viewer: Viewer, id: string): Promise<Notification> {
    const notification = await this.find(viewer, id);
    if (notification.readAt) return notification;
    // `readAt: null` in the filter: of two concurrent marks, the first one's time stays.
    await this.db.notification.updateMany({ where: { id, readAt: null }, data: { readAt: new Date() } });
    return this.db.notification.findUniqueOrThrow({ where: { id } });
  }

  /** How many were unread and are now read. */
  async markAllRead(viewer: Viewer): Promise<number> {
    const { count } = await this.db.notification.updateMany({
      where: { userId: viewer.userId, readAt: null },
      data: { readAt: new Date() },
    });
    return count;
  }

  byIds(ids: readonly string[]): Promise<Notification[]> {
    return this.db.notification.findMany({ where: { id: { in: [...ids] } } });
  }
}
