/**
 * `npm start` for the console's end-to-end test: embedded defaults (PGlite) in a temporary
 * DATA_DIR, on ports of its own, stopped (its whole process group) afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '#platform/catalog.ts';
import { catalogPortOffset } from '#platform/testing/helpers.ts';

export interface RunningPlatform {
  origin: string;
  stop(): Promise<void>;
}

export async function startPlatform(timeoutMs = 120_000): Promise<RunningPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doctorpy-console-'));
  const port = catalogPortOffset();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    SUBGRAPH_PORT_OFFSET: String(port),
    LOG_LEVEL: 'info',
  };
  for (const name of [
    'DATABASE_URL',
    'REDIS_URL',
    'NATS_URL',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'NODE_ENV',
    'SEED_DEMO_CONTENT',
    'CONSOLE_ENABLED',
    'PUBLIC_URL',
  ])
    delete env[name];
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=16', 'scripts/launch.mjs'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://localhost:${port}`;

  const stop = async () => {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    child.unref();
    child.stdout?.destroy();
    child.stderr?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    // Ready, and the demo content loaded (it follows readiness on a first start).
    const ready = await fetch(`${origin}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready && output.includes('DoctorPy is ready')) return { origin, stop };
    await sleep(500);
  }
  await stop();
  throw new Error(`npm start did not become ready:\n${output.slice(-4000)}`);
}
