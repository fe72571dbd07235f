/**
 * `npm run bench:scale`: quest-completion throughput and latency with ONE replica of every service,
 * then with TWO replicas of the busiest subgraph (the one that used the most CPU in the first run),
 * one process per service (scripts/replicas/stack.ts: compiled JavaScript, round-robin proxies in
 * front of replicas). A completion is what a learner does: startQuest then submitAnswer (a one-step
 * quest, repeated), each through the gateway. For each run it prints completions/s, p50/p99, and
 * where the CPU went over the measured window: every platform process, Postgres and nats-server
 * (from /proc), against the machine's cores; with the load average, since the machine is shared.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { readCatalog } from '#platform/catalog.ts';
import { dropSubgraphDatabases } from '#platform/db/postgres-server.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { inParallel, LearnerClient } from '../replicas/client.ts';
import { cpuSeconds, GATEWAY, startReplicatedStack } from '../replicas/stack.ts';
import { measure } from './load.ts';
import { benchSettings } from './settings.ts';

const settings = z
  .object({
    BENCH_WORKERS: z.coerce.number().int().positive().default(16),
    BENCH_SECONDS: z.coerce.number().positive().default(20),
    BENCH_WARMUP_SECONDS: z.coerce.number().min(0).default(5),
  })
  .parse(process.env);

const OFFSET = 27_000;
const cores = availableParallelism();

/** CPU seconds so far of every process whose command name is `name` (postgres, nats-server). */
function cpuOfCommand(name: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) total += cpuSeconds(Number(pid));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

interface RunResult {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  completions: number;
  /** CPU seconds per process label over the measured window (warm-up excluded). */
  cpu: Map<string, number>;
  seconds: number;
  loadBefore: string;
  loadAfter: string;
}

async function run(label: string, replicas: Record<string, number>): Promise<RunResult> {
  await dropSubgraphDatabases(
    benchSettings.BENCH_DATABASE_URL,
    readCatalog().map(({ name }) => name),
  );
  const redis = new Redis(benchSettings.BENCH_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  const namespace = `scale_${randomUUID().slice(0, 8)}`;
  console.log(
    `\n${label}: starting ${
      Object.entries(replicas)
        .map(([name, count]) => `${count}× ${name}`)
        .join(', ') || 'one process per service'
    }...`,
  );
  const stack = await startReplicatedStack({
    offset: OFFSET - 4_000,
    replicas,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      DATABASE_URL: benchSettings.BENCH_DATABASE_URL,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: benchSettings.BENCH_REDIS_URL,
      NATS_URL: benchSettings.BENCH_NATS_URL,
      EVENTS_NAMESPACE: namespace,
      SUBGRAPH_SHARED_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MINUTE: '0',
      SEED_DEMO_CONTENT: 'false',
      DATA_DIR: join(tmpdir(), `doctorpy-scale-${namespace}`),
    },
    logDir: join(tmpdir(), `doctorpy-scale-${namespace}`),
  });
  try {
    const client = new LearnerClient(stack.url);
    const instructor = await client.register('INSTRUCTOR');
    const quest = await client.createQuest(instructor.token, 10);
    const learners: string[] = [];
    await inParallel(
      Array.from({ length: settings.BENCH_WORKERS }, (_, index) => index),
      4,
      async () => {
        learners.push((await client.register('STUDENT')).token);
      },
    );
    let next = 0;
    const processes = stack.processes;
    const labelOf = (entry: (typeof processes)[number]) =>
      stack.replicasOf(entry.service).length > 1 ? `${entry.service}#${entry.replica}` : entry.service;
    const readCpu = () => {
      const cpu = new Map<string, number>(processes.map((entry) => [labelOf(entry), cpuSeconds(entry.child.pid!)]));
      cpu.set('postgres (all backends)', cpuOfCommand('postgres'));
      cpu.set('nats-server', cpuOfCommand('nats-server'));
      // The load generator and the proxies run here, on the same cores.
      cpu.set('bench client and proxies', cpuSeconds(process.pid));
      return cpu;
    };
    let cpuBefore = new Map<string, number>();
    let windowStarted = 0;
    // The warm-up's samples are dropped by measure(); the CPU window starts with the measured part.
    setTimeout(() => {
      cpuBefore = readCpu();
      windowStarted = performance.now();
    }, settings.BENCH_WARMUP_SECONDS * 1000);
    const loadBefore = load();
    const result = await measure(
      label,
      async () => {
        const token = learners[next++ % learners.length]!;
        await client.complete(token, quest);
      },
      {
        concurrency: settings.BENCH_WORKERS,
        durationMs: settings.BENCH_SECONDS * 1000,
        warmupMs: settings.BENCH_WARMUP_SECONDS * 1000,
      },
    );
    const cpuAfter = readCpu();
    const seconds = (performance.now() - windowStarted) / 1000;
    const cpu = new Map([...cpuAfter].map(([name, value]) => [name, value - (cpuBefore.get(name) ?? value)]));
    return { label, ...result, completions: result.operations, cpu, seconds, loadBefore, loadAfter: load() };
  } finally {
    await stack.stop();
    await deleteStreams(benchSettings.BENCH_NATS_URL, namespace);
  }
}

function report(result: RunResult): void {
  console.log(
    `${result.label}: ${result.perSecond.toFixed(1)} completions/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms ` +
      `(${result.completions} completions, ${settings.BENCH_WORKERS} learners, ${settings.BENCH_SECONDS} s; load average ${result.loadBefore} -> ${result.loadAfter})`,
  );
  const sorted = [...result.cpu].sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((sum, [, value]) => sum + value, 0);
  console.log(
    `  CPU over ${result.seconds.toFixed(1)} s: ${total.toFixed(1)} s used of ${(result.seconds * cores).toFixed(1)} s available on ${cores} cores ` +
      `(${((total / (result.seconds * cores)) * 100).toFixed(0)}%; what is left went to other work on the machine)`,
  );
  for (const [name, value] of sorted.slice(0, 10))
    console.log(
      `  ${name.padEnd(26)} ${value.toFixed(1).padStart(6)} s  ${((value / result.seconds) * 100).toFixed(0).padStart(4)}% of one core`,
    );
}

/** The subgraph (not the gateway, not infrastructure) that used the most CPU. */
function busiestSubgraph(result: RunResult): string {
  const subgraphs = new Set(readCatalog().map(({ name }) => name));
  return [...result.cpu].filter(([name]) => subgraphs.has(name)).sort((a, b) => b[1] - a[1])[0]![0];
}

console.log(`bench:scale on ${cores} cores (this machine has ${cores}: every process, Postgres and NATS share them)`);
const single = await run('one replica each', {});
report(single);
const busiest = busiestSubgraph(single);
console.log(`\nbusiest subgraph by CPU: ${busiest}`);
const scaled = await run(`two replicas of ${busiest}`, { [busiest]: 2 });
report(scaled);

const gatewayShare = (result: RunResult) => (result.cpu.get(GATEWAY) ?? 0) / result.seconds;
const machineShare = (result: RunResult) =>
  [...result.cpu.values()].reduce((sum, value) => sum + value, 0) / (result.seconds * cores);
/** The process (or Postgres, NATS) that used the most of one core in a run. */
const hottest = (result: RunResult) => [...result.cpu].sort((a, b) => b[1] - a[1])[0]!;
console.log(
  `\nscaling: ${single.perSecond.toFixed(1)} -> ${scaled.perSecond.toFixed(1)} completions/s ` +
    `(${((scaled.perSecond / single.perSecond - 1) * 100).toFixed(0)}%), p99 ${single.p99.toFixed(0)} -> ${scaled.p99.toFixed(0)} ms`,
);
const [hotName, hotSeconds] = hottest(single);
const hotShare = hotSeconds / single.seconds;
const verdict =
  hotShare >= 0.9
    ? `${hotName} is saturated (${(hotShare * 100).toFixed(0)}% of a core): one process is the bottleneck, a replica of it can help while cores are idle`
    : machineShare(single) >= 0.8
      ? `no process is near a core (the busiest, ${hotName}, used ${(hotShare * 100).toFixed(0)}%) while the ${cores} cores are ` +
        `${(machineShare(single) * 100).toFixed(0)}% busy: the machine's CPU is the bottleneck, spread over every hop ` +
        `(gateway, subgraphs, consumers, Postgres, NATS); a replica adds an event loop, not CPU`
      : `the cores are not full (${(machineShare(single) * 100).toFixed(0)}%) and no process is saturated: latency is waiting ` +
        `(Postgres locks or I/O, the event hops), not CPU`;
console.log(
  `bottleneck: ${verdict}. The gateway used ${(gatewayShare(single) * 100).toFixed(0)}% / ${(gatewayShare(scaled) * 100).toFixed(0)}% ` +
    `of one core; the platform, Postgres, NATS and the client ${(machineShare(single) * 100).toFixed(0)}% / ` +
    `${(machineShare(scaled) * 100).toFixed(0)}% of the ${cores} cores (one replica / two).`,
);
