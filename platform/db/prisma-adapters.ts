/** Prisma driver adapters: node-postgres for a real server, the shared PGlite when embedded. */
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { interceptQueries } from './intercept.ts';
import { override } from './override.ts';
import { POOL_WAIT_MS } from './transactions.ts';

export type { SqlDriverAdapterFactory };

export const postgresAdapter = (connectionString: string, poolSize: number): SqlDriverAdapterFactory =>
  new PrismaPg({ connectionString, max: poolSize, connectionTimeoutMillis: POOL_WAIT_MS }, { schema: 'public' });

const arrayLiteral = (values: unknown[]) =>
  `{${values.map((value) => (value === null ? 'NULL' : `"${String(value).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/**
 * PGlite cannot serialize a JS array for a parameter of an enum-array type (`roles @> $1` fails
 * with "malformed array literal"); node-postgres sends such arrays as array literals, so do we.
 */
function enumListsAsLiterals(query: SqlQuery): SqlQuery {
  if (!query.argTypes.some((type) => type.arity === 'list' && type.scalarType === 'enum')) return query;
  const args = query.args.map((arg, index) => {
    const type = query.argTypes[index];
    return Array.isArray(arg) && type?.arity === 'list' && type.scalarType === 'enum' ? arrayLiteral(arg) : arg;
  });
  return { ...query, args };
}

/**
 * PGlite's adapter has no schema option; Prisma takes the schema that qualifies every table from
 * `getConnectionInfo()`, so the connection it hands out reports the subgraph's schema.
 */
export function pgliteAdapter(instance: PGlite, schema: string): SqlDriverAdapterFactory {
  const base = interceptQueries(new PrismaPGlite(instance), enumListsAsLiterals);
  return override(base, {
    async connect() {
      return override(await base.connect(), {
        getConnectionInfo: () => ({ schemaName: schema, supportsRelationJoins: true }),
      });
    },
  });
}
