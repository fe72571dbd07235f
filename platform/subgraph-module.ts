/**
 * A subgraph found by convention from its rover.yaml name alone: its folder subgraphs/<name>/
 * (schema.graphql, prisma/migrations), its definition (the default export of src/index.ts), its
 * own settings if it has any (the zod schema `settings` of src/settings.ts) and its Prisma client
 * (generated into src/generated/prisma/client.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { catalogEntry } from './catalog.ts';
import { POOL_WAIT_MS, TRANSACTION_LIMITS } from './db/transactions.ts';
import type { SqlDriverAdapterFactory } from './db/prisma-adapters.ts';
import type { Disconnectable, SubgraphDefinition } from './subgraph.ts';

/** `.ts` when the process runs the sources (tsx), `.js` when it runs the build (dist/). */
export const moduleExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** Imports a module of the code base by its path without extension. */
export const importModule = (pathWithoutExtension: string): Promise<unknown> =>
  import(pathToFileURL(`${pathWithoutExtension}${moduleExtension}`).href);

export type AnySubgraphDefinition = SubgraphDefinition<Disconnectable, unknown, unknown, unknown>;

export interface SubgraphModule {
  name: string;
  /** subgraphs/<name>: schema.graphql and prisma/migrations. */
  root: string;
  definition: AnySubgraphDefinition;
  /** Its own settings schema (src/settings.ts), validated when it starts. */
  settings: z.ZodType | undefined;
  /** The definition's own createDb, else the generated Prisma client on `adapter`. */
  createDb(adapter: SqlDriverAdapterFactory): Promise<Disconnectable>;
}

type PrismaClientClass = new (options: {
  adapter: SqlDriverAdapterFactory;
  transactionOptions: { maxWait: number; timeout: number };
}) => Disconnectable;

export async function loadSubgraph(name: string): Promise<SubgraphModule> {
  const { root } = catalogEntry(name);
  const { default: definition } = (await importModule(join(root, 'src', 'index'))) as { default?: AnySubgraphDefinition };
  if (!definition)
    throw new Error(`subgraphs/${name}/src/index.ts must export its definition (export default defineSubgraph(...))`);
  return {
    name,
    root,
    definition,
    settings: await settingsSchema(name),
    async createDb(adapter) {
      if (definition.createDb) return definition.createDb(adapter);
      const client = (await importModule(join(root, 'src', 'generated', 'prisma', 'client'))) as {
        PrismaClient: PrismaClientClass;
      };
      // A burst waits for a connection as long as a plain statement would (Prisma's default is 2 s):
      // still inside the gateway's patience, and SERVICE_UNAVAILABLE past it.
      return new client.PrismaClient({
        adapter,
        transactionOptions: { maxWait: POOL_WAIT_MS, timeout: TRANSACTION_LIMITS.timeout },
      });
    },
  };
}

/** The subgraph's own settings schema: `settings` exported by src/settings.ts, if the file exists. */
export async function settingsSchema(name: string): Promise<z.ZodType | undefined> {
  const file = join(catalogEntry(name).root, 'src', 'settings');
  if (!existsSync(`${file}${moduleExtension}`)) return undefined;
  const { settings } = (await importModule(file)) as { settings?: z.ZodType };
  if (!settings) throw new Error(`subgraphs/${name}/src/settings.ts must export its zod schema as \`settings\``);
  return settings;
}
