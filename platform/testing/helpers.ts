/** Small helpers for any test: unique names and polling until something holds. */
import { randomUUID } from 'node:crypto';

/** Unique per call, so tests never collide on emails or slugs across runs. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}

/**
 * A port offset for a test that runs the platform on the catalog's ports (gateway on the offset
 * itself, subgraphs on 4001-4017 + offset): below Linux's ephemeral range (32768 and up), where
 * other stacks get their free ports, and in a band of its own per Jest worker, so two files
 * running at once never share a port.
 */
export function catalogPortOffset(): number {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const band = 9_000;
  const start = 10_000 + ((worker - 1) % 2) * band;
  return start + Math.floor(Math.random() * (band - 4_100));
}
