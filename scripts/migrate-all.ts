/**
 * `npm run migrate`: creates every missing subgraph database and applies pending migrations
 * (each subgraph also does this for itself at start). Uses DATABASE_URL, or the embedded PGlite.
 */
import { join } from 'node:path';
import { readCatalog } from '#platform/catalog.ts';
import { openSubgraphDatabase } from '#platform/db/database.ts';
import { runProcess } from '#platform/process.ts';

await runProcess('migrate', async (runtime) => {
  for (const subgraph of readCatalog()) {
    const database = await openSubgraphDatabase(runtime, subgraph.name, {
      migrationsDir: join(subgraph.root, 'prisma', 'migrations'),
      migrate: true,
    });
    console.log(
      `${subgraph.name.padEnd(14)} ${database.location}: ${database.applied.length ? `applied ${database.applied.join(', ')}` : 'up to date'}`,
    );
    await database.sql.close();
  }
  await runtime.close();
});
