/**
 * `npm run bench:startup`: how long `npm start` takes to be ready on embedded defaults, on a fresh
 * data folder and compile cache (compiling the sources, PGlite init, migrations, demo content) and
 * again on the same data, and the
 * resident memory of the process once ready.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { graphqlData } from '#platform/graphql/client.ts';
import { residentMegabytes, startPlatform, waitFor } from './load.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'doctorpy-startup-'));
const OFFSET = 6_000;
const url = `http://localhost:${4_000 + OFFSET}/graphql`;

/** Ready: the gateway answers and the demo content (courses, quests and each course's quiz, seeded last) is there. */
const demoContentServed = async () => {
  const { courses, quests } = await graphqlData<{
    courses: { totalCount: number; edges: Array<{ node: { quizzes: unknown[] } }> };
    quests: { totalCount: number };
  }>(url, '{ courses(first: 10) { totalCount edges { node { quizzes { id } } } } quests { totalCount } }');
  return courses.totalCount === 3 && quests.totalCount >= 12 && courses.edges.every(({ node }) => node.quizzes.length > 0);
};

async function timedStart(label: string): Promise<void> {
  const started = performance.now();
  const platform = startPlatform(
    { DATA_DIR: dataDir, PORT: String(4_000 + OFFSET), SUBGRAPH_PORT_OFFSET: String(OFFSET), LOG_LEVEL: 'warn' },
    'single',
  );
  try {
    await waitFor(demoContentServed, 120_000, label);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label.padEnd(28)} ready in ${seconds.toFixed(1)} s, ${residentMegabytes(platform.pids[0]!).toFixed(0)} MB resident`,
    );
  } finally {
    await platform.stop();
  }
}

try {
  console.log(
    `bench:startup  embedded defaults (PGlite in ${dataDir}), gateway + ${readCatalog().length} subgraphs in one process\n`,
  );
  // A first start on a fresh clone also compiles every source (scripts/launch.mjs).
  rmSync(join(repoRoot, 'node_modules', '.cache', 'doctorpy', 'start'), { recursive: true, force: true });
  await timedStart('first start (fresh data)');
  await timedStart('second start (same data)');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
