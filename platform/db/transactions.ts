/**
 * Limits of Prisma's interactive transactions (`$transaction(async (tx) => ...)`), the ones every
 * subgraph's client runs with (Prisma's defaults unless a client sets its own), and of the pool
 * behind them. Past any of them the request gets SERVICE_UNAVAILABLE (HTTP 503, retryable, see
 * overloadReason in platform/errors.ts) instead of an internal error or a hang.
 */
export const TRANSACTION_LIMITS = {
  /** To get a pooled connection and start: "Unable to start a transaction in the given time". */
  maxWait: 2_000,
  /** From start to commit: past it Prisma rolls back ("expired transaction"). */
  timeout: 5_000,
} as const;

/**
 * How long a statement outside a transaction waits for a pooled connection (node-postgres waits
 * forever by default: a request would hang until the gateway gives up on the subgraph).
 */
export const POOL_WAIT_MS = 5_000;
