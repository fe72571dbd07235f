/**
 * Error reporting to Sentry (or any server speaking its envelope protocol), on when SENTRY_DSN is
 * set. What is reported: errors a client sees masked as INTERNAL_SERVER_ERROR (never coded client
 * errors), tagged with the request id the client got, the subgraph (or gateway) and the operation
 * name; process-level failures (unhandled rejections, uncaught exceptions, failed starts). Nothing
 * personal leaves the process: no default PII, no request bodies, headers or user data, and every
 * string is scrubbed of tokens, passwords, cookies and email addresses before it is sent.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ErrorEvent } from '@sentry/node';
import type { GraphQLError } from 'graphql';
import type { Env } from './env.ts';
import { isMaskedAsInternal } from './errors.ts';

export type ErrorTags = { requestId?: string; subgraph: string; operationName?: string };

// Loaded only when SENTRY_DSN is set: the SDK costs about a second and 40 MB to load.
let sentry: typeof import('@sentry/node') | undefined;

/**
 * Starts the client once per process (later calls are ignored). Only the integrations that report
 * process failures and link causes: no tracing, no automatic HTTP instrumentation, no breadcrumbs
 * of requests (they would carry URLs and headers).
 */
export async function initSentry(
  env: Pick<Env, 'SENTRY_DSN' | 'NODE_ENV' | 'SENTRY_ENVIRONMENT' | 'SENTRY_RELEASE'>,
  process: string,
): Promise<boolean> {
  if (sentry || !env.SENTRY_DSN) return false;
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: env.SENTRY_DSN,
    environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV,
    ...(env.SENTRY_RELEASE ? { release: env.SENTRY_RELEASE } : {}),
    serverName: process,
    // No personal data collected by the SDK itself (its successor of sendDefaultPii: false).
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      graphQL: { document: false, variables: false },
      genAI: { inputs: false, outputs: false },
      mcp: { inputs: false, outputs: false },
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
      frameContextLines: 0,
    },
    enableOpenTelemetrySetup: false,
    // No module loader hooks: nothing of the processes' own code is rewritten.
    enableRuntimeChannelInjection: false,
    defaultIntegrations: false,
    integrations: [
      Sentry.onUncaughtExceptionIntegration(),
      // The process logs them itself (process.ts): no second warning on the console.
      Sentry.onUnhandledRejectionIntegration({ mode: 'none' }),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
    ],
    maxBreadcrumbs: 0,
    beforeSend: (event) => scrubEvent(event),
  });
  sentry = Sentry;
  return true;
}

export const sentryEnabled = () => sentry !== undefined;

/** Reports one error with its tags (a no-op when Sentry is off). */
export function reportError(error: unknown, tags: Partial<ErrorTags> = {}): void {
  if (!sentry) return;
  const defined = Object.fromEntries(Object.entries(tags).filter(([, value]) => value !== undefined)) as Record<string, string>;
  sentry.captureException(error, { tags: defined });
}

/** Waits (at most `timeoutMs`) for queued reports to be sent: before a process exits. */
export async function flushSentry(timeoutMs = 2_000): Promise<void> {
  if (sentry) await sentry.flush(timeoutMs);
}

/**
 * Apollo plugin of every server (`service`: the subgraph's name, or `gateway`). At the gateway,
 * an error a subgraph returned (extensions.serviceName) is not reported again: the subgraph did.
 */
export function errorReportingPlugin<C extends BaseContext & { requestId: string }>(service: string): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          if (!sentry) return;
          for (const error of errors) {
            if (!isMaskedAsInternal(error) || fromSubgraph(error)) continue;
            reportError(error.originalError ?? error, {
              requestId: contextValue.requestId,
              subgraph: service,
              operationName: clientOperationName(operationName, service),
            });
          }
        },
      };
    },
  };
}

const fromSubgraph = (error: GraphQLError) => typeof error.extensions?.serviceName === 'string';

/** The client's operation name: the gateway names its fetch to a subgraph `<name>__<subgraph>__<n>`. */
export const clientOperationName = (name: string | null | undefined, service: string): string =>
  name ? name.replace(new RegExp(`__${service}__\\d+$`), '') : 'anonymous';

// --- Scrubbing -------------------------------------------------------------------------------

const REDACTED = '[redacted]';
/** Keys whose value is never sent, wherever they appear. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|session|api[-_]?key|credential|signature|email|dsn/i;
const PATTERNS: RegExp[] = [
  // Email addresses.
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  // JWTs and other bearer tokens.
  /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g,
  /\b(bearer|basic)\s+[\w.~+/=-]+/gi,
  // key=value and "key": "value" pairs naming a secret.
  /\b(password|passwd|pwd|secret|token|api[-_]?key|cookie|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
  // Credentials in URLs (postgresql://user:password@host).
  /(\/\/[^/\s:@]+:)[^@\s/]+@/g,
  // Stripe and similar keys.
  /\b(sk|rk|pk|whsec)_(test_|live_)?[\w]{8,}/g,
  // Any other long random-looking string (opaque refresh tokens, hex keys); UUIDs stay (see below).
  /[\w-]{32,}/g,
];
/** Ids (request ids, entity ids) that the long-string rule keeps: a UUID, maybe after a prefix. */
const UUID_ID = /^[\w-]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A string with everything that looks personal or secret replaced. */
export function scrubString(value: string): string {
  return PATTERNS.reduce(
    (text, pattern, index) =>
      text.replace(pattern, (...match: string[]) => {
        if (index === 3) return `${match[1]}${match[2]}${REDACTED}`;
        if (index === 4) return `${match[1]}${REDACTED}@`;
        if (index === PATTERNS.length - 1 && (UUID_ID.test(match[0]!) || !/\d/.test(match[0]!))) return match[0]!;
        return REDACTED;
      }),
    value,
  );
}

/** Deep copy of `value` with secret keys dropped and every string scrubbed. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? REDACTED : scrubValue(item, depth + 1)]),
  );
}

/**
 * beforeSend: no user, no request data, no breadcrumbs; the parts that carry free text (error
 * messages, tags, extra data, contexts other than the trace ids) scrubbed. Ids and the SDK's own
 * fields are left as they are.
 */
export function scrubEvent<E extends ErrorEvent>(event: E): E {
  const { user: _user, request, breadcrumbs: _breadcrumbs, ...rest } = event;
  const scrubbed = { ...rest } as E;
  if (rest.message) scrubbed.message = scrubString(rest.message);
  if (rest.exception?.values) {
    scrubbed.exception = {
      ...rest.exception,
      values: rest.exception.values.map((value) => ({ ...value, ...(value.value ? { value: scrubString(value.value) } : {}) })),
    };
  }
  if (rest.tags) scrubbed.tags = scrubValue(rest.tags) as E['tags'];
  if (rest.extra) scrubbed.extra = scrubValue(rest.extra) as E['extra'];
  if (rest.contexts) {
    const { trace, ...others } = rest.contexts;
    scrubbed.contexts = { ...(scrubValue(others) as object), ...(trace ? { trace } : {}) };
  }
  if (request)
    scrubbed.request = { method: request.method, ...(request.url ? { url: scrubString(request.url.split('?')[0]!) } : {}) };
  return scrubbed;
}
