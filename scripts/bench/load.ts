/**
 * A closed-loop load generator: `concurrency` workers repeat an operation for a duration (after a
 * warm-up whose samples are discarded); prints throughput and latency percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { dropSubgraphDatabases } from '#platform/db/postgres-server.ts';
import { benchSettings } from './settings.ts';

export interface LoadResult {
  name: string;
  operations: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function measure(
  name: string,
  operation: () => Promise<void>,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const warmupEnds = performance.now() + options.warmupMs;
  const ends = warmupEnds + options.durationMs;
  const worker = async () => {
    while (performance.now() < ends) {
      const started = performance.now();
      await operation();
      if (started >= warmupEnds) latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  latencies.sort((a, b) => a - b);
  return {
    name,
    operations: latencies.length,
    perSecond: latencies.length / (options.durationMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export const formatResult = (result: LoadResult) =>
  `${result.name.padEnd(34)} ${result.perSecond.toFixed(0).padStart(7)} ops/s   p50 ${result.p50.toFixed(2).padStart(7)} ms   p99 ${result.p99.toFixed(2).padStart(7)} ms   (${result.operations} ops)`;

export type Topology = 'single' | 'processes';

export interface RunningPlatform {
  pids: number[];
  stop(): Promise<void>;
}

/**
 * Starts the platform away from the load generator: `single` is `npm start`'s process (gateway and
 * every subgraph in one Node process), `processes` is the docker-compose topology (one process per
 * subgraph and one for the gateway). `nodeOptions` (e.g. --cpu-prof) go to every process.
 */
/**
 * The Node flags the platform runs with, as `npm start` (package.json) and the Docker image
 * (NODE_OPTIONS) set them: a young generation of 16 MB per semi-space. A scavenge's pause grows
 * with what survives it: with 64 MB (used until 2026-12-02) each one paused the process 17-35 ms,
 * every 2-3 s, and a completion that met one missed bench:events' p99; with 16 MB they pause
 * 7-10 ms (p90 15 ms) every 0.7 s, old-generation collections stay rare (incremental marking, a
 * final pause of about 15 ms), and the first start is no slower (21.2 s against 24.4 s). A test
 * keeps the places in agreement.
 */
export const PLATFORM_NODE_FLAGS = ['--max-semi-space-size=16'];

/** The gateway and the subgraphs of a benchmark share it; benchmarks calling a subgraph directly sign with it. */
export const benchSubgraphSecret = randomBytes(32).toString('hex');

export function startPlatform(env: Record<string, string>, topology: Topology, nodeOptions: string[] = []): RunningPlatform {
  const offset = Number(env.SUBGRAPH_PORT_OFFSET ?? 0);
  const entries =
    topology === 'single'
      ? [{ script: ['scripts/launch.mjs'], port: env.PORT }]
      : [
          { script: ['gateway/src/index.ts'], port: env.PORT },
          ...readCatalog().map((entry) => ({
            script: ['platform/serve-subgraph.ts', entry.name],
            port: String(entry.port + offset),
          })),
        ];
  const children: ChildProcess[] = entries.map(({ script, port }) =>
    // launch.mjs (what `npm start` runs) needs no loader; a single service runs its sources through tsx.
    spawn(
      process.execPath,
      [...PLATFORM_NODE_FLAGS, ...nodeOptions, ...(script[0]!.endsWith('.mjs') ? [] : ['--import', 'tsx']), ...script],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, SUBGRAPH_SHARED_SECRET: benchSubgraphSecret, ...env, ...(port ? { PORT: port } : {}) },
        stdio: ['ignore', benchSettings.BENCH_STDOUT ? 'inherit' : 'ignore', 'inherit'],
      },
    ),
  );
  return {
    pids: children.map((child) => child.pid!),
    async stop() {
      await Promise.all(
        children
          .filter((child) => child.exitCode === null)
          .map((child) => {
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            return exited;
          }),
      );
    },
  };
}

/** Resident memory of a process, in MB (0 once it is gone). */
export function residentMegabytes(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The machine's CPU time so far (/proc/stat, in clock ticks), or undefined off Linux. */
export function machineCpuTicks(): { total: number; idle: number; steal: number } | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const fields = /^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]!.trim().split(/\s+/).map(Number);
    // guest time is already counted in user time.
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { total, idle: fields[3]! + fields[4]!, steal: fields[7]! };
  } catch {
    return undefined;
  }
}

/**
 * How busy the machine was between two readings, and how much of its time the hypervisor took
 * (steal: the cores were ready to run and another guest had them). On a shared VM the same work
 * costs more CPU time when steal is high, so figures of rounds under different steal differ.
 */
export function machineShare(
  before: ReturnType<typeof machineCpuTicks>,
  after: ReturnType<typeof machineCpuTicks>,
): string | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  const elapsed = after.total - before.total;
  const percent = (ticks: number) => `${((ticks / elapsed) * 100).toFixed(1)}%`;
  return `busy ${percent(elapsed - (after.idle - before.idle))}, stolen by the hypervisor ${percent(after.steal - before.steal)}`;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

/**
 * The full-stack platform on the benchmarks' own Postgres databases and Redis database, both
 * emptied first so runs compare; `env` adds to or overrides the defaults (e.g. NATS_URL).
 */
export async function startBenchPlatform(offset: number, env: Record<string, string> = {}): Promise<RunningPlatform> {
  const { BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_TOPOLOGY, BENCH_NODE_OPTIONS } = benchSettings;
  await dropSubgraphDatabases(
    BENCH_DATABASE_URL,
    readCatalog().map(({ name }) => name),
  );
  const redis = new Redis(BENCH_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  return startPlatform(
    {
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL: BENCH_REDIS_URL,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(4_000 + offset),
      SUBGRAPH_PORT_OFFSET: String(offset),
      RATE_LIMIT_PER_MINUTE: '0',
      SEED_DEMO_CONTENT: 'false',
      ...env,
    },
    BENCH_TOPOLOGY,
    BENCH_NODE_OPTIONS,
  );
}
