/**
 * `npm run k8s:measure`: the figures behind the Kubernetes resource requests and limits
 * (scripts/k8s/resources.ts). It builds what the image runs (`npm run build` into .data/), starts
 * the gateway and every subgraph as separate production processes (the cluster's topology) on the
 * benchmarks' Postgres and Redis, loads the demo content, then drives bench:gateway's query
 * through the gateway at two concurrency levels, sampling each process's resident memory and CPU
 * time from /proc. Prints, per process: RSS when idle after start, peak RSS and CPU (cores) under
 * load. Linux only (/proc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { dropSubgraphDatabases } from '#platform/db/postgres-server.ts';
import { graphqlData } from '#platform/graphql/client.ts';
import { benchSubgraphSecret, measure, PLATFORM_NODE_FLAGS, residentMegabytes, waitFor } from './bench/load.ts';
import { benchSettings } from './bench/settings.ts';
import { seedDemoContent } from './demo-content/seed.ts';

const settings = z
  .object({
    MEASURE_SECONDS: z.coerce.number().positive().default(20),
    MEASURE_CONCURRENCY: z
      .string()
      .default('1,16')
      .transform((value) => value.split(',').map(Number))
      .pipe(z.array(z.number().int().positive())),
  })
  .parse(process.env);

const OFFSET = 5_200;
const OUT = join('.data', 'k8s-measure');
const gatewayUrl = `http://127.0.0.1:${4_000 + OFFSET}/graphql`;
const QUERY = `query Catalog { courses(first: 3) { edges { node { title
  instructor { displayName profile { bio } }
  modules { title lessons { title } } } } } }`;

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--out', OUT], { cwd: repoRoot });
const catalog = readCatalog();
await dropSubgraphDatabases(
  benchSettings.BENCH_DATABASE_URL,
  catalog.map(({ name }) => name),
);
const redis = new Redis(benchSettings.BENCH_REDIS_URL);
await redis.flushdb();
await redis.quit();

const env = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: benchSettings.BENCH_DATABASE_URL,
  REDIS_URL: benchSettings.BENCH_REDIS_URL,
  NATS_URL: benchSettings.BENCH_NATS_URL,
  EVENTS_NAMESPACE: 'k8smeasure',
  SUBGRAPH_PORT_OFFSET: String(OFFSET),
  SUBGRAPH_SHARED_SECRET: benchSubgraphSecret,
  RATE_LIMIT_PER_MINUTE: '0',
  SEED_DEMO_CONTENT: 'false',
  ADMIN_EMAIL: 'admin@doctorpy.dev',
  ADMIN_PASSWORD: 'doctorpy-admin-2026',
};
const services = [
  { name: 'gateway', script: join(OUT, 'gateway', 'src', 'index.js'), args: [], port: 4_000 + OFFSET },
  ...catalog.map(({ name, port }) => ({
    name,
    script: join(OUT, 'platform', 'serve-subgraph.js'),
    args: [name],
    port: port + OFFSET,
  })),
];
const children = new Map<string, ChildProcess>();
for (const service of services) {
  const child = spawn(process.execPath, [...PLATFORM_NODE_FLAGS, service.script, ...service.args], {
    cwd: repoRoot,
    env: { ...env, PORT: String(service.port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.set(service.name, child);
}

const peak = new Map<string, number>();
const sample = () => {
  for (const [name, child] of children) peak.set(name, Math.max(peak.get(name) ?? 0, residentMegabytes(child.pid!)));
};

try {
  for (const service of services) {
    const child = children.get(service.name)!;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${service.name} exited with ${child.exitCode}`);
        return (await fetch(`http://127.0.0.1:${service.port}/health/ready`)).ok;
      },
      300_000,
      `${service.name} ready`,
    );
  }
  await seedDemoContent(gatewayUrl);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const idle = new Map([...children].map(([name, child]) => [name, residentMegabytes(child.pid!)]));
  const sampler = setInterval(sample, 500);
  const rows: string[] = [];
  for (const concurrency of settings.MEASURE_CONCURRENCY) {
    peak.clear();
    const before = new Map([...children].map(([name, child]) => [name, cpuSeconds(child.pid!)]));
    const started = performance.now();
    const result = await measure(
      'gateway query',
      async () => {
        await graphqlData(gatewayUrl, QUERY);
      },
      { concurrency, durationMs: settings.MEASURE_SECONDS * 1000, warmupMs: 0 },
    );
    const seconds = (performance.now() - started) / 1000;
    rows.push(
      `concurrency ${concurrency}: ${result.perSecond.toFixed(0)} ops/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
    );
    for (const [name, child] of children) {
      const cores = (cpuSeconds(child.pid!) - before.get(name)!) / seconds;
      rows.push(
        `  ${name.padEnd(14)} idle ${idle.get(name)!.toFixed(0).padStart(4)} MB   peak ${peak.get(name)!.toFixed(0).padStart(4)} MB   cpu ${cores.toFixed(2)} cores`,
      );
    }
  }
  clearInterval(sampler);
  console.log(rows.join('\n'));
} finally {
  await Promise.all(
    [...children.values()]
      .filter((child) => child.exitCode === null)
      .map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        return exited;
      }),
  );
  rmSync(join(repoRoot, OUT), { recursive: true, force: true });
}
