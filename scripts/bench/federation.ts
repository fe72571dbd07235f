/**
 * `npm run bench:federation`: the federation benchmark's shape (four subgraphs: users, reviews,
 * products, inventory; one query nesting users → reviews → product → reviews → author → ...,
 * about 88 kB of answer), served by bare @apollo/gateway with its default options and then by
 * DoctorPy's gateway, one after the other, under the same closed-loop load. Each gateway runs
 * pinned to core 0 when `taskset` exists; the subgraphs and the load generator share core 1.
 * Prints requests/s, p50/p99 latency, subgraph fetches per request and the ratio ours / bare,
 * for BENCH_ROUNDS rounds (default 3) and the best of them.
 *
 * BENCH_CONNECTIONS (default 50) and BENCH_SECONDS (default 15) tune the load.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { z } from 'zod';
import { repoRoot } from '#platform/catalog.ts';
import { BENCH_QUERY, benchSubgraphs } from '#gateway/testing/benchmark-subgraphs/subgraphs.ts';
import { PLATFORM_NODE_FLAGS } from './load.ts';
import { benchSettings } from './settings.ts';

const settings = z
  .object({
    BENCH_CONNECTIONS: z.coerce.number().int().positive().default(50),
    BENCH_SECONDS: z.coerce.number().positive().default(15),
    BENCH_ROUNDS: z.coerce.number().int().positive().default(3),
  })
  .parse(process.env);

const SUBGRAPH_PORT = 4301;
const GATEWAY_PORT = 4300;
const WARMUP_MS = 3_000;

const hasTaskset = spawnSync('taskset', ['-V']).status === 0 && cpus().length > 1;
const pinned = (core: number, command: string[]) => (hasTaskset ? ['taskset', '-c', String(core), ...command] : command);
// The load generator (this process) shares core 1 with the subgraphs, away from the gateway's core 0.
if (hasTaskset) spawnSync('taskset', ['-cp', '1', String(process.pid)]);

function compose(): string {
  const result = composeServices(
    benchSubgraphs.map((subgraph, index) => ({
      name: subgraph.name,
      typeDefs: subgraph.typeDefs,
      url: `http://127.0.0.1:${SUBGRAPH_PORT + index}/graphql`,
    })),
  );
  if (result.errors) throw new Error(`benchmark supergraph does not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  const path = join(mkdtempSync(join(tmpdir(), 'doctorpy-bench-federation-')), 'supergraph.graphql');
  writeFileSync(path, result.supergraphSdl);
  return path;
}

/** Starts a Node script (through tsx) and resolves once it prints "ready". */
function startScript(
  core: number,
  script: string,
  env: Record<string, string>,
  nodeOptions: string[] = [],
): Promise<ChildProcess> {
  const [command, ...args] = pinned(core, [process.execPath, ...PLATFORM_NODE_FLAGS, ...nodeOptions, '--import', 'tsx', script]);
  const child = spawn(command!, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^ready$/m.test(output)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const agent = new Agent({ keepAlive: true, maxSockets: settings.BENCH_CONNECTIONS });
const body = JSON.stringify({ query: BENCH_QUERY, operationName: 'TestQuery' });

function post(url: URL): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Subgraph requests served so far (the subgraphs' server counts them). */
async function subgraphRequests(): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${SUBGRAPH_PORT}/stats`);
  return ((await response.json()) as { requests: number }).requests;
}

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  fetchesPerRequest: number;
  /** Gateway CPU per request: unlike requests/s, it holds when other work shares the machine. */
  cpuMsPerRequest: number;
  failures: number;
  bytes: number;
}

async function load(url: URL, gatewayPid: number): Promise<Measure> {
  const latencies: number[] = [];
  let failures = 0;
  let bytes = 0;
  const warmupEnds = performance.now() + WARMUP_MS;
  const ends = warmupEnds + settings.BENCH_SECONDS * 1000;
  let completed = 0;
  const fetchesBefore = await subgraphRequests();
  let cpuBefore = 0;
  const worker = async () => {
    while (performance.now() < ends) {
      const started = performance.now();
      const { status, text } = await post(url);
      completed++;
      if (started < warmupEnds) continue;
      if (!cpuBefore) cpuBefore = cpuMs(gatewayPid);
      if (status !== 200 || text.includes('"errors"')) failures++;
      bytes = text.length;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: settings.BENCH_CONNECTIONS }, worker));
  const cpu = cpuMs(gatewayPid) - cpuBefore;
  const fetches = (await subgraphRequests()) - fetchesBefore;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / settings.BENCH_SECONDS,
    p50: at(0.5),
    p99: at(0.99),
    fetchesPerRequest: fetches / completed,
    cpuMsPerRequest: cpu / latencies.length,
    failures,
    bytes,
  };
}

const sortedJson = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortedJson)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, sortedJson((value as Record<string, unknown>)[key])]),
        )
      : value;

const GATEWAYS = [
  { name: 'bare @apollo/gateway', script: 'scripts/bench/federation/bare-gateway.ts' },
  { name: 'DoctorPy gateway', script: 'scripts/bench/federation/our-gateway.ts' },
] as const;

const supergraph = compose();
const subgraphs = await startScript(1, 'scripts/bench/federation/serve-subgraphs.ts', {
  BENCH_SUBGRAPH_PORT: String(SUBGRAPH_PORT),
});
const gatewayEnv = {
  BENCH_SUPERGRAPH: supergraph,
  PORT: String(GATEWAY_PORT),
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '0',
  APOLLO_TELEMETRY_DISABLED: 'true',
};
const url = new URL(`http://127.0.0.1:${GATEWAY_PORT}/graphql`);
console.log(
  `bench:federation  ${settings.BENCH_CONNECTIONS} connections, ${settings.BENCH_SECONDS} s per measure after ${WARMUP_MS / 1000} s of warm-up; ` +
    (hasTaskset ? 'each gateway pinned to core 0, subgraphs and load on core 1' : 'no taskset: nothing pinned') +
    `; Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`,
);
const ratios: number[] = [];
try {
  for (let round = 1; round <= settings.BENCH_ROUNDS; round++) {
    const results: Measure[] = [];
    const answers: string[] = [];
    for (const gateway of GATEWAYS) {
      const child = await startScript(0, gateway.script, gatewayEnv, benchSettings.BENCH_NODE_OPTIONS);
      try {
        const first = await post(url);
        answers.push(JSON.stringify(sortedJson(JSON.parse(first.text))));
        const result = await load(url, child.pid!);
        results.push(result);
        console.log(
          `round ${round}  ${gateway.name.padEnd(22)} ${result.rps.toFixed(1).padStart(7)} req/s   p50 ${result.p50.toFixed(1).padStart(6)} ms   ` +
            `p99 ${result.p99.toFixed(1).padStart(6)} ms   ${result.fetchesPerRequest.toFixed(2)} subgraph fetches/request   ` +
            `${(result.bytes / 1024).toFixed(1)} kB   ${result.failures} failures`,
        );
      } finally {
        await stop(child);
      }
    }
    if (answers[0] !== answers[1]) throw new Error('the two gateways answered the benchmark query differently');
    const ratio = results[1]!.rps / results[0]!.rps;
    ratios.push(ratio);
    const cpuRatio = results[0]!.cpuMsPerRequest / results[1]!.cpuMsPerRequest;
    console.log(
      `round ${round}  ratio ours / bare: x${ratio.toFixed(2)} requests/s, x${cpuRatio.toFixed(2)} less CPU per request`,
    );
  }
  console.log(
    `best ratio of ${ratios.length}: x${Math.max(...ratios).toFixed(2)} (all: ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
  );
} finally {
  await stop(subgraphs);
  agent.destroy();
}
