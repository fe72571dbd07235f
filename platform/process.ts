/**
 * Entry-point plumbing shared by every process: read settings (a wrong one stops the process with
 * a clear message), build the runtime, start, and shut down gracefully on SIGTERM/SIGINT.
 */
import { EnvError, loadEnv, settingsSource, type Env, type SettingsSource } from './env.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { flushSentry, initSentry, reportError } from './sentry.ts';

export async function runProcess(
  name: string,
  start: (runtime: Runtime) => Promise<void>,
  /** Settings to add before anything reads them (e.g. the demo admin of embedded development runs). */
  options: { defaults?: (source: SettingsSource, env: Env) => SettingsSource } = {},
): Promise<void> {
  let runtime: Runtime;
  try {
    const given = settingsSource({ dotenv: true });
    const source = options.defaults?.(given, loadEnv({ source: given })) ?? given;
    runtime = createRuntime(loadEnv({ source }), name, source);
    await initSentry(runtime.env, name);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    stopOnBadSettings(name, error);
  }
  const { logger } = runtime;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await runtime.close();
    await flushSentry();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Also reported to Sentry, when on, by its unhandled-rejection integration.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  try {
    await start(runtime);
  } catch (error) {
    // Asked to stop while starting: the failure is the stop's doing, not a start-up problem.
    if (stopping) return;
    // A subgraph's own settings are read when it starts: same clear message as the platform's.
    if (error instanceof EnvError) {
      await runtime.close();
      stopOnBadSettings(name, error);
    }
    logger.fatal({ err: error }, 'failed to start');
    reportError(error, { subgraph: name });
    await runtime.close();
    await flushSentry();
    process.exit(1);
  }
}

function stopOnBadSettings(name: string, error: EnvError): never {
  process.stderr.write(`${name}: ${error.message}\n`);
  process.exit(1);
}
