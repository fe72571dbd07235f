/**
 * What is being handled, carried through async calls with AsyncLocalStorage: an HTTP request or
 * a consumed event. Events staged while handling it get its id as correlation id, so a chain of
 * events can be followed in the logs from the mutation that started it; SQL statements are
 * attributed to requests (the N+1 checks) apart from background work (outbox polling, consumers).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Origin = 'request' | 'event';

const storage = new AsyncLocalStorage<{ correlationId: string; origin: Origin }>();

export const runWithCorrelation = <T>(correlationId: string, work: () => T, origin: Origin = 'request'): T =>
  storage.run({ correlationId, origin }, work);

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** True while serving an HTTP request (including work it started, like relaying its events). */
export const servingRequest = (): boolean => storage.getStore()?.origin === 'request';

/** Runs `work` outside any request or event: background work must not be attributed to what kicked it. */
export const runDetached = <T>(work: () => T): T => storage.exit(work);
