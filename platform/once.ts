/** `fn` runs on the first call only; later calls get the same promise (idempotent close()). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}
