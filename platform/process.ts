/**
 * Entry-point plumbing shared by every process: read settings (a wrong one stops the process with
 * a clear message), build the runtime, start, and shut down gracefully on SIGTERM/SIGINT.
 */
import { EnvError, loadEnv, type Env } from './env.ts';
import { createRuntime, type Runtime } from './runtime.ts';

export async function runProcess(
  name: string,
  start: (runtime: Runtime) => Promise<void>,
  options: { defaults?: (env: Env) => Env } = {},
): Promise<void> {
  let runtime: Runtime;
  try {
    const env = loadEnv({ dotenv: true });
    runtime = createRuntime(options.defaults?.(env) ?? env, name);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  }
  const { logger } = runtime;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  try {
    await start(runtime);
  } catch (error) {
    // Asked to stop while starting: the failure is the stop's doing, not a start-up problem.
    if (stopping) return;
    logger.fatal({ err: error }, 'failed to start');
    await runtime.close();
    process.exit(1);
  }
}
