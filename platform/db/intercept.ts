/**
 * Sees (and may rewrite) every SQL statement Prisma sends through a driver adapter, transactions
 * included. Used to count statements (the N+1 checks) and to adapt arguments for PGlite.
 */
import type { SqlDriverAdapterFactory, SqlQuery, SqlQueryable } from '@prisma/driver-adapter-utils';
import { override } from './override.ts';

type BeforeQuery = (query: SqlQuery) => SqlQuery;

const intercepted = <T extends SqlQueryable>(queryable: T, before: BeforeQuery): T =>
  override<SqlQueryable>(queryable, {
    queryRaw: (query) => queryable.queryRaw(before(query)),
    executeRaw: (query) => queryable.executeRaw(before(query)),
  }) as T;

export function interceptQueries(factory: SqlDriverAdapterFactory, before: BeforeQuery): SqlDriverAdapterFactory {
  return override(factory, {
    async connect() {
      const adapter = await factory.connect();
      return override(intercepted(adapter, before), {
        startTransaction: async (isolationLevel) => intercepted(await adapter.startTransaction(isolationLevel), before),
      });
    },
  });
}
