/**
 * The request (or event) being handled, carried through async calls with AsyncLocalStorage: events
 * staged while handling it get its id as correlation id, so a chain of events can be followed in
 * the logs from the mutation that started it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ correlationId: string }>();

export const runWithCorrelation = <T>(correlationId: string, work: () => T): T => storage.run({ correlationId }, work);

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;
