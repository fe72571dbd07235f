/**
 * The full stack as separate OS processes, some services in several replicas, on one machine: the
 * shape Kubernetes gives it (deploy/k8s), without Kubernetes. Every process runs the compiled
 * JavaScript (`scripts/compile.mjs`, as `npm run build` makes it) so twenty-odd processes do not
 * each pay a TypeScript loader. A service with one replica listens on its catalog port; a
 * replicated one has its replicas on ports of their own and a round-robin proxy on the catalog
 * port, so the gateway (and clients, for the gateway) need not know how many there are.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from './proxy.ts';

export const GATEWAY = 'gateway';

export interface ServiceProcess {
  service: string;
  replica: number;
  port: number;
  child: ChildProcess;
}

export interface ReplicatedStack {
  /** The gateway's URL as clients see it (through its proxy when it has replicas). */
  url: string;
  processes: ServiceProcess[];
  replicasOf(service: string): ServiceProcess[];
  /** The proxy in front of a replicated service. */
  proxyOf(service: string): RoundRobinProxy | undefined;
  /** Kills one process (SIGKILL: no shutdown, as a crash or an OOM kill) and waits until it is gone. */
  kill(process: ServiceProcess, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/** Where the compiled tree goes: inside the repository (its node_modules resolve), git-ignored. */
export const BUILD_DIR = join(repoRoot, '.data', 'build');

/** Compiles what changed since the last run (a few seconds the first time). */
export async function compileForProcesses(): Promise<void> {
  const { compileTree } = (await import(join(repoRoot, 'scripts', 'compile.mjs'))) as {
    compileTree(options: { outDir: string; incremental: boolean; sourceMaps: boolean }): Promise<unknown>;
  };
  await compileTree({ outDir: BUILD_DIR, incremental: true, sourceMaps: true });
}

/** Ports of a replica: the catalog port shifted by 100 per replica (4105 and 4205 for quests' two). */
const replicaPort = (port: number, replica: number) => port + 100 * (replica + 1);

/** CPU seconds (user + system) a process has used so far, from /proc (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const START_CONCURRENCY = 3;
const START_ATTEMPTS = 4;

async function waitUntilReady(processes: ServiceProcess[], deadline: number): Promise<void> {
  const pending = new Set(processes);
  while (pending.size) {
    for (const entry of pending) {
      if (entry.child.exitCode !== null)
        throw new Error(`${entry.service}#${entry.replica} exited with ${entry.child.exitCode} (see its log)`);
      // Live is enough: a process listens once it has migrated and started; readiness probes time out
      // after 2 s, which a machine shared by many runs exceeds while twenty processes start.
      const ready = await fetch(`http://127.0.0.1:${entry.port}/health/live`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ready) pending.delete(entry);
    }
    if (!pending.size) return;
    if (Date.now() > deadline) throw new Error(`not ready in time: ${[...pending].map((entry) => entry.service).join(', ')}`);
    await sleep(250);
  }
}

export async function startReplicatedStack(options: {
  /** Gateway on 4000 + offset, subgraphs on their catalog port + offset. */
  offset: number;
  /** Replicas per service (`gateway` or a subgraph name); 1 when not listed. */
  replicas: Record<string, number>;
  env: Record<string, string | undefined>;
  nodeOptions?: string[];
  readyTimeoutMs?: number;
  /** Each process writes its output to `<logDir>/<service>-<replica>.log`. */
  logDir: string;
}): Promise<ReplicatedStack> {
  const { offset, replicas } = options;
  await compileForProcesses();
  mkdirSync(options.logDir, { recursive: true });
  const services = [
    { service: GATEWAY, port: 4_000 + offset, entry: ['gateway/src/index.js'] },
    ...readCatalog().map((entry) => ({
      service: entry.name,
      port: entry.port + offset,
      entry: ['platform/serve-subgraph.js', entry.name],
    })),
  ];
  const processes: ServiceProcess[] = [];
  const proxies = new Map<string, RoundRobinProxy>();
  const stopAll = async () => {
    await Promise.all(
      processes.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 300_000);
  const launch = (service: string, entry: string[], replica: number, own: number): ServiceProcess => {
    const log = openSync(join(options.logDir, `${service}-${replica}.log`), 'a');
    const child = spawn(process.execPath, ['--max-semi-space-size=16', ...(options.nodeOptions ?? []), ...entry], {
      cwd: BUILD_DIR,
      env: {
        PATH: process.env.PATH,
        ...options.env,
        SUBGRAPH_PORT_OFFSET: String(offset),
        PORT: String(own),
      },
      stdio: ['ignore', log, log],
    });
    const started = { service, replica, port: own, child };
    processes.push(started);
    return started;
  };
  try {
    // A few at a time, accounts (the keys every token check needs) first: twenty processes
    // migrating and compiling at once on two cores made start-up transactions time out.
    const queue = services.flatMap(({ service, port, entry }) => {
      const count = replicas[service] ?? 1;
      return Array.from({ length: count }, (_, replica) => ({
        service,
        port,
        entry,
        replica,
        own: count > 1 ? replicaPort(port, replica) : port,
      }));
    });
    const first = queue.findIndex((item) => item.service === 'accounts');
    queue.unshift(...queue.splice(first, 1));
    // A process that fails to start (Postgres out of connections, a start-up transaction timing
    // out on the loaded machine) is started again, as an orchestrator restarts a crashed pod.
    const startOne = async (item: (typeof queue)[number]) => {
      for (let attempt = 1; ; attempt += 1) {
        const started = launch(item.service, item.entry, item.replica, item.own);
        try {
          return await waitUntilReady([started], deadline);
        } catch (error) {
          if (started.child.exitCode === null || attempt >= START_ATTEMPTS) throw error;
          processes.splice(processes.indexOf(started), 1);
          await sleep(1_000 * attempt);
        }
      }
    };
    await startOne(queue.shift()!);
    const starters = Array.from({ length: START_CONCURRENCY }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await startOne(item);
    });
    await Promise.all(starters);
    for (const { service, port } of services) {
      const count = replicas[service] ?? 1;
      if (count < 2) continue;
      const backends = Array.from({ length: count }, (_, replica) => ({ host: '127.0.0.1', port: replicaPort(port, replica) }));
      proxies.set(service, await startRoundRobinProxy({ port, backends }));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${4_000 + offset}/graphql`,
    processes,
    replicasOf: (service) => processes.filter((entry) => entry.service === service),
    proxyOf: (service) => proxies.get(service),
    async kill(entry, signal = 'SIGKILL') {
      if (entry.child.exitCode !== null || entry.child.signalCode !== null) return;
      const exited = new Promise((resolve) => entry.child.once('exit', resolve));
      entry.child.kill(signal);
      await exited;
    },
    stop: stopAll,
  };
}
