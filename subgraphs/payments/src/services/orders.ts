/** Reading orders: the buyer sees their own, admins every one. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { hasRole } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';
import { pageQuery, toConnection, type Connection, type PageArgs } from '#platform/graphql/connection.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { PaymentsDb } from '../db.ts';
import type { Order, OrderStatus, Prisma } from '../generated/prisma/client.ts';
import { id } from './inputs.ts';

const ORDER_BY = [{ createdAt: 'desc' }, { id: 'desc' }] satisfies Prisma.OrderOrderByWithRelationInput[];
const status = z.enum(['PENDING', 'PAID', 'FAILED', 'EXPIRED', 'REFUNDED']).nullish();

export class Orders {
  constructor(private readonly db: PaymentsDb) {}

  /** NOT_FOUND for an order that is not the viewer's (unless admin): its existence is not disclosed. */
  async visible(viewer: Viewer, rawId: unknown): Promise<Order> {
    const orderId = parseInput(id, rawId);
    const order = await this.db.order.findUnique({ where: { id: orderId } });
    if (!order || (order.userId !== viewer.userId && !hasRole(viewer, 'ADMIN'))) throw notFound('Order', orderId);
    return order;
  }

  bySession(checkoutSessionId: string): Promise<Order | null> {
    return this.db.order.findUnique({ where: { checkoutSessionId } });
  }

  byIds(ids: readonly string[]): Promise<Order[]> {
    return this.db.order.findMany({ where: { id: { in: [...ids] } } });
  }

  async list(args: PageArgs & { status?: OrderStatus | null; userId?: string }): Promise<Connection<Order>> {
    const where: Prisma.OrderWhereInput = {
      ...(args.userId ? { userId: args.userId } : {}),
      ...(parseInput(status, args.status) ? { status: args.status! } : {}),
    };
    const { size, prisma } = pageQuery(args);
    const rows = await this.db.order.findMany({ where, orderBy: ORDER_BY, ...prisma });
    return toConnection(rows, size, () => this.db.order.count({ where }));
  }
}
