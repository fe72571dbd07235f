/**
 * Resource requests and limits of the DoctorPy containers, from measured figures
 * (`npm run k8s:measure`: the build output, one production process per service as in the
 * cluster, on Postgres, Redis and NATS, demo content loaded, bench:gateway's query through the
 * gateway at concurrency 1 and 16 for 20 s each), on a 2-core machine shared with other work:
 *   resident memory, idle after start: gateway 231 MB, subgraphs 181-282 MB (accounts 282, courses 269);
 *   peak under load: gateway 265 MB, accounts 300 MB, courses 271 MB, others at most 273 MB;
 *   CPU under load: gateway 0.15 cores, courses 0.11, profiles 0.08, accounts 0.07, idle subgraphs
 *   0.00-0.02 (the machine served 12 requests/s then: the figures are per request, not a ceiling).
 * Memory: the request is the measured peak rounded up, the limit leaves room for the V8 heap to
 * grow under heavier traffic (argon2 hashing in accounts: 19 MiB per concurrent hash).
 * CPU: requests are what an idle-to-moderate service uses; no CPU limit would throttle bursts of
 * query planning, but a limit keeps one runaway pod from starving a node; the HPA scales on CPU.
 */
export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export const GATEWAY_RESOURCES: Resources = {
  requests: { cpu: '250m', memory: '320Mi' },
  limits: { cpu: '2', memory: '640Mi' },
};

export const SUBGRAPH_RESOURCES: Resources = {
  requests: { cpu: '100m', memory: '320Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};

/** accounts hashes passwords (argon2id, PASSWORD_HASH_CONCURRENCY at once): more CPU and memory. */
export const OWN_RESOURCES: Record<string, Resources> = {
  accounts: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '2', memory: '640Mi' } },
};

/** The HPA's target: average CPU use relative to the request. */
export const CPU_TARGET_PERCENT = 70;
