/** The append-only security audit trail: logins, throttling, token reuse, role changes. */
import { pageQuery, toConnection, type PageArgs } from '#platform/graphql/connection.ts';
import type { AccountsDb, AccountsTx } from '../db.ts';
import type { Prisma, SecurityEventKind } from '../generated/prisma/client.ts';

export interface SecurityFacts {
  userId?: string | null;
  email?: string | null;
  clientAddress?: string | null;
  detail?: Prisma.InputJsonObject;
}

export class SecurityLog {
  constructor(private readonly db: AccountsDb) {}

  async record(kind: SecurityEventKind, facts: SecurityFacts, tx: AccountsTx = this.db): Promise<void> {
    await tx.securityEvent.create({
      data: {
        kind,
        userId: facts.userId ?? null,
        email: facts.email ?? null,
        clientAddress: facts.clientAddress ?? null,
        ...(facts.detail ? { detail: facts.detail } : {}),
      },
    });
  }

  async list(filter: { userId?: string | null; kind?: SecurityEventKind | null }, page: PageArgs) {
    const where: Prisma.SecurityEventWhereInput = {
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
    };
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.securityEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.securityEvent.count({ where }));
  }
}
