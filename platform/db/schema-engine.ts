/**
 * Prisma's own schema engine, in its WebAssembly build, for what `prisma migrate diff` does: the
 * native engine cannot be downloaded here. The committed migrations are applied to a throwaway
 * in-memory PGlite, and the engine diffs that database against the subgraph's Prisma schema (every
 * .prisma file of its schema folder, symlinked ones included, as the Prisma CLI reads them). An
 * empty result means the migrations match the schema; otherwise it is the SQL of the next migration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineRuntime from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from './migrations.ts';
import { pgliteDatabase } from './sql.ts';

interface DiffResult {
  exitCode: number;
  stdout: string | null;
}
interface WasmSchemaEngine {
  diff(params: unknown): Promise<DiffResult>;
  free(): void;
}
interface WasmRuntime {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (
      options: { datamodels: [string, string][] },
      debug: (message: string) => void,
      adapter: object,
    ) => Promise<WasmSchemaEngine>;
  };
}

let loaded = false;
function engineModule(): WasmRuntime {
  const runtime = engineRuntime as unknown as WasmRuntime;
  if (!loaded) {
    const wasmFile = createRequire(import.meta.url)
      .resolve('@prisma/schema-engine-wasm')
      .replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), {
      './schema_engine_bg.js': engineRuntime as unknown as WebAssembly.ModuleImports,
    });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    loaded = true;
  }
  return runtime;
}

/** The .prisma files of a multi-file schema folder (its subfolders included, as Prisma reads them). */
export function prismaSchemaFiles(schemaDir: string): Array<{ path: string; content: string }> {
  return readdirSync(schemaDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.prisma'))
    .sort()
    .map((name) => ({ path: name, content: readFileSync(join(schemaDir, name), 'utf8') }));
}

/** SQL taking the database built by `migrationsDir` to the schema in `schemaDir`; '' when they agree. */
export async function diffMigrationsAgainstSchema(
  schemaDir: string,
  migrationsDir: string,
  /** A PGlite to reuse (its public schema is emptied first): starting one costs seconds. */
  reuse?: PGlite,
): Promise<string> {
  const database = reuse ?? new PGlite();
  if (reuse) await reuse.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  try {
    await applyMigrations(pgliteDatabase(database, 'public'), migrationsDir);
    const files = prismaSchemaFiles(schemaDir);
    const engine = await engineModule().SchemaEngine.new(
      { datamodels: files.map((file) => [file.path, file.content]) },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(database)),
    );
    try {
      const result = await engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: join(schemaDir, '..') },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      });
      return result.exitCode === 0 ? '' : (result.stdout ?? '');
    } finally {
      engine.free();
    }
  } finally {
    if (!reuse) await database.close();
  }
}
