/**
 * Sees (and may rewrite) every SQL statement Prisma sends through a driver adapter, transactions
 * included. Used to count statements (the N+1 checks, db_statements_total) and to adapt arguments
 * for PGlite. The BEGIN a driver adapter sends by itself when a transaction starts is shown too
 * (as a statement of its own, not rewritable): it is a round trip like any other.
 */
import type { SqlDriverAdapterFactory, SqlQuery, SqlQueryable } from '@prisma/driver-adapter-utils';
import { override } from './override.ts';

type BeforeQuery = (query: SqlQuery) => SqlQuery;

const BEGIN: SqlQuery = { sql: 'BEGIN', args: [], argTypes: [] };

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
        startTransaction: async (isolationLevel) => {
          before(BEGIN);
          return intercepted(await adapter.startTransaction(isolationLevel), before);
        },
      });
    },
  });
}
