import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { applyMigrations, MigrationError } from './migrations.ts';
import { pgliteDatabase } from './sql.ts';

let instance: PGlite;
let dir: string;

const write = (name: string, sql: string) => {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'migration.sql'), sql);
};

beforeEach(async () => {
  instance = new PGlite();
  dir = mkdtempSync(join(tmpdir(), 'migrations-'));
});
afterEach(() => instance.close());

describe('applyMigrations', () => {
  it('applies pending migrations in order, records them as Prisma does, and skips them next time', async () => {
    write('20260101000000_init', 'CREATE TABLE "Thing" ("id" TEXT PRIMARY KEY);');
    write('20260102000000_more', 'ALTER TABLE "Thing" ADD COLUMN "name" TEXT;');
    const database = pgliteDatabase(instance, 'catalog');

    expect(await applyMigrations(database, dir)).toEqual(['20260101000000_init', '20260102000000_more']);
    expect(await applyMigrations(database, dir)).toEqual([]);

    const rows = await instance.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      'SELECT migration_name, checksum, applied_steps_count FROM catalog."_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.rows.map((row) => row.migration_name)).toEqual(['20260101000000_init', '20260102000000_more']);
    expect(rows.rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum) && row.applied_steps_count === 1)).toBe(true);
    // Tables land in the subgraph's schema, not in public.
    expect(
      (await instance.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'catalog' AND column_name = 'name'`))
        .rows,
    ).toHaveLength(1);
  });

  it('applies nothing when one pending migration fails, and names it', async () => {
    write('20260101000000_init', 'CREATE TABLE "Thing" ("id" TEXT PRIMARY KEY);');
    write('20260102000000_broken', 'ALTER TABLE "Missing" ADD COLUMN "x" TEXT;');
    const database = pgliteDatabase(instance, 'catalog');
    await expect(applyMigrations(database, dir)).rejects.toThrow(/20260102000000_broken failed/);
    expect((await instance.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Thing'`)).rows).toHaveLength(0);
  });

  it('refuses a database that holds migrations this code does not know', async () => {
    write('20260101000000_init', 'CREATE TABLE "Thing" ("id" TEXT PRIMARY KEY);');
    const database = pgliteDatabase(instance, 'catalog');
    await applyMigrations(database, dir);
    const emptyDir = mkdtempSync(join(tmpdir(), 'migrations-'));
    await expect(applyMigrations(database, emptyDir)).rejects.toThrow(MigrationError);
  });
});
