/**
 * The Kubernetes manifests of deploy/k8s, generated from rover.yaml and .env.example (`npm run
 * k8s:generate`, also part of `npm run generate`): a kustomize base with one Deployment, Service,
 * HorizontalPodAutoscaler and PodDisruptionBudget per subgraph and for the gateway, NetworkPolicies,
 * the settings (ConfigMap and Secret references), the Ingress, the migration Job, NATS as a
 * three-node JetStream cluster and Postgres/Redis as external services; overlays for dev and
 * production. A subgraph added to rover.yaml needs no hand edit here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readCatalog, repoRoot, type SubgraphEntry } from '#platform/catalog.ts';
import { gatewayCommand, subgraphCommand } from '../derived-files.ts';
import { CPU_TARGET_PERCENT, GATEWAY_RESOURCES, OWN_RESOURCES, SUBGRAPH_RESOURCES, type Resources } from './resources.ts';

export const K8S_DIR = join(repoRoot, 'deploy', 'k8s');
export const IMAGE = 'doctorpy/supergraph';
export const GATEWAY_PORT = 4000;
const PART_OF = 'doctorpy';
const CONFIG = 'doctorpy-config';
const SECRETS = 'doctorpy-secrets';

/** Settings kept in the Secret; the first four are required (ADMIN_EMAIL is set), the others optional. */
export const SECRET_SETTINGS = [
  'SUBGRAPH_SHARED_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'ADMIN_PASSWORD',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'SMTP_URL',
  'EMAIL_UNSUBSCRIBE_SECRET',
  'LLM_API_KEY',
  'MEDIA_SIGNING_SECRET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'SENTRY_DSN',
];
const REQUIRED_SECRETS = new Set(['SUBGRAPH_SHARED_SECRET', 'DATABASE_URL', 'REDIS_URL', 'ADMIN_PASSWORD']);

/** Values the cluster needs that differ from .env.example's (the overlays change a few more). */
const CLUSTER_VALUES: Record<string, string> = {
  NODE_ENV: 'production',
  HOST: '0.0.0.0',
  // Each service is reached by its Service name on its rover.yaml port.
  SUBGRAPH_URL_TEMPLATE: 'http://{name}:{port}/graphql',
  JWKS_URL: 'http://accounts:4001/.well-known/jwks.json',
  NATS_URL: 'nats://nats:4222',
  // The Ingress controller sets X-Forwarded-For.
  TRUST_PROXY: 'true',
  // The only writable places of a read-only root file system are emptyDir volumes.
  DATA_DIR: '/app/.data',
  SUPERGRAPH_WATCH: 'false',
  SEED_DEMO_CONTENT: 'false',
  ADMIN_EMAIL: 'admin@doctorpy.dev',
};

/** Every setting .env.example lists (set or commented out), in its order, with its example value. */
export function envExampleSettings(): Array<{ name: string; value: string; set: boolean }> {
  return readFileSync(join(repoRoot, '.env.example'), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const match = /^(#\s?)?([A-Z][A-Z0-9_]+)=(.*)$/.exec(line);
      return match ? [{ name: match[2]!, value: match[3]!, set: !match[1] }] : [];
    });
}

/** ConfigMap data: the settings with a value; the rest are optional references (configMapKeyRef). */
function configSettings() {
  const data: Record<string, string> = {};
  const optional: string[] = [];
  for (const { name, value, set } of envExampleSettings()) {
    if (SECRET_SETTINGS.includes(name) || name === 'PORT') continue;
    if (name in CLUSTER_VALUES) data[name] = CLUSTER_VALUES[name]!;
    else if (set) data[name] = value;
    else optional.push(name);
  }
  return { data, optional };
}

const labels = (name: string, component: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/part-of': PART_OF,
});
const selector = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': PART_OF });

function containerEnv(port: number, optional: string[]) {
  return [
    { name: 'PORT', value: String(port) },
    ...SECRET_SETTINGS.map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: SECRETS, key: name, ...(REQUIRED_SECRETS.has(name) ? {} : { optional: true }) } },
    })),
    ...optional.map((name) => ({ name, valueFrom: { configMapKeyRef: { name: CONFIG, key: name, optional: true } } })),
  ];
}

/** Non-root, read-only root file system, no privilege escalation, no capabilities. */
const podSecurity = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};
const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};
const writableVolumes = [
  { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
  { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
];
const writableMounts = [
  { name: 'data', mountPath: '/app/.data' },
  { name: 'tmp', mountPath: '/tmp' },
];

interface Workload {
  name: string;
  component: 'gateway' | 'subgraph';
  port: number;
  command: string[];
  resources: Resources;
}

const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path, port: 'http' },
  periodSeconds,
  timeoutSeconds: 3,
  failureThreshold,
});

function workloadObjects(workload: Workload, optional: string[]): object[] {
  const { name, component, port } = workload;
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(name, component) },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector(name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labels(name, component),
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          securityContext: podSecurity,
          automountServiceAccountToken: false,
          // Longer than the drain of in-flight requests and subscriptions (runProcess on SIGTERM).
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector(name) },
            },
          ],
          containers: [
            {
              name,
              image: IMAGE,
              command: workload.command,
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: CONFIG } }],
              env: containerEnv(port, optional),
              resources: workload.resources,
              securityContext: containerSecurity,
              volumeMounts: writableMounts,
              // A subgraph migrates its database at start: up to 5 minutes before it is live.
              startupProbe: probe('/health/live', 5, 60),
              livenessProbe: probe('/health/live', 10, 3),
              readinessProbe: probe('/health/ready', 5, 3),
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
            },
          ],
          volumes: writableVolumes,
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labels(name, component) },
    spec: { selector: selector(name), ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
  };
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, labels: labels(name, component) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: CPU_TARGET_PERCENT } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
  const pdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, labels: labels(name, component) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(name) } },
  };
  return [deployment, service, hpa, pdb];
}

const subgraphWorkload = (entry: SubgraphEntry): Workload => ({
  name: entry.name,
  component: 'subgraph',
  port: entry.port,
  command: subgraphCommand(entry.name),
  resources: OWN_RESOURCES[entry.name] ?? SUBGRAPH_RESOURCES,
});
const gatewayWorkload = (): Workload => ({
  name: 'gateway',
  component: 'gateway',
  port: GATEWAY_PORT,
  command: gatewayCommand,
  resources: GATEWAY_RESOURCES,
});

const PROMETHEUS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
};
const INGRESS_PEER = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } };
const policy = (name: string, podLabels: Record<string, string>, from: object[], ports: number[]) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, labels: { 'app.kubernetes.io/part-of': PART_OF } },
  spec: {
    podSelector: { matchLabels: podLabels },
    policyTypes: ['Ingress'],
    ingress: [{ from, ports: ports.map((port) => ({ protocol: 'TCP', port })) }],
  },
});

function networkPolicies(catalog: SubgraphEntry[]): object[] {
  const gateway = { podSelector: { matchLabels: selector('gateway') } };
  const anyService = { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': PART_OF } } };
  return [
    // Nothing reaches a DoctorPy pod unless a policy below lets it.
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress', labels: { 'app.kubernetes.io/part-of': PART_OF } },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    policy('gateway', selector('gateway'), [INGRESS_PEER, PROMETHEUS_PEER], [GATEWAY_PORT]),
    ...catalog.map((entry) =>
      // accounts also serves the JWKS document every process verifies tokens with.
      policy(
        entry.name,
        selector(entry.name),
        entry.name === 'accounts' ? [anyService, PROMETHEUS_PEER] : [gateway, PROMETHEUS_PEER],
        [entry.port],
      ),
    ),
    {
      ...policy('nats', selector('nats'), [anyService, PROMETHEUS_PEER], [4222, 8222]),
      spec: {
        podSelector: { matchLabels: selector('nats') },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [anyService], ports: [{ protocol: 'TCP', port: 4222 }] },
          { from: [{ podSelector: { matchLabels: selector('nats') } }], ports: [{ protocol: 'TCP', port: 6222 }] },
          { from: [PROMETHEUS_PEER], ports: [{ protocol: 'TCP', port: 8222 }] },
        ],
      },
    },
  ];
}

function ingress(catalog: SubgraphEntry[]): object {
  const paths = [
    ...new Set(['/graphql', '/webhooks/stripe', ...catalog.flatMap((entry) => entry.publicPaths), '/health/ready']),
  ].map((path) => ({
    path,
    pathType: 'Prefix',
    backend: { service: { name: 'gateway', port: { name: 'http' } } },
  }));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'doctorpy',
      labels: { 'app.kubernetes.io/part-of': PART_OF },
      annotations: {
        // Subscriptions: graphql-ws connections upgrade on /graphql and stay open for hours.
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
        'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
        'nginx.ingress.kubernetes.io/proxy-http-version': '1.1',
        // The gateway refuses larger bodies itself (MAX_BODY_BYTES); uploads go straight to S3.
        'nginx.ingress.kubernetes.io/proxy-body-size': '4m',
      },
    },
    spec: { ingressClassName: 'nginx', rules: [{ host: 'doctorpy.localtest.me', http: { paths } }] },
  };
}

const migrationJob = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name: 'doctorpy-migrate',
    labels: labels('migrate', 'migration'),
    annotations: {
      // Run before the new version rolls out: Argo CD (PreSync) and Helm-style hooks; with plain
      // kubectl, apply it first and wait for it (README, Deployment).
      'argocd.argoproj.io/hook': 'PreSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': '-5',
      'helm.sh/hook-delete-policy': 'before-hook-creation',
    },
  },
  spec: {
    backoffLimit: 3,
    activeDeadlineSeconds: 900,
    ttlSecondsAfterFinished: 86_400,
    template: {
      metadata: { labels: labels('migrate', 'migration') },
      spec: {
        restartPolicy: 'Never',
        securityContext: podSecurity,
        automountServiceAccountToken: false,
        containers: [
          {
            name: 'migrate',
            image: IMAGE,
            // `npm run migrate`, as the image holds it (compiled: no TypeScript loader at run time).
            command: ['node', 'dist/scripts/migrate-all.js'],
            envFrom: [{ configMapRef: { name: CONFIG } }],
            env: containerEnv(0, []).filter((entry) => entry.name !== 'PORT'),
            resources: SUBGRAPH_RESOURCES,
            securityContext: containerSecurity,
            volumeMounts: writableMounts,
          },
        ],
        volumes: writableVolumes,
      },
    },
  },
};

/** Postgres and Redis live outside the application's namespace (CloudNativePG, a managed Redis). */
const externalServices = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'postgres', labels: { 'app.kubernetes.io/part-of': PART_OF } },
    // The read-write Service of the CloudNativePG cluster in deploy/k8s/cloudnative-pg/.
    spec: { type: 'ExternalName', externalName: 'doctorpy-pg-rw.doctorpy-data.svc.cluster.local' },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'redis', labels: { 'app.kubernetes.io/part-of': PART_OF } },
    spec: { type: 'ExternalName', externalName: 'redis.doctorpy-data.svc.cluster.local' },
  },
];

const NATS_CONFIG = `# Three JetStream servers; streams are created with EVENTS_STREAM_REPLICAS copies.
port: 4222
http_port: 8222
server_name: $POD_NAME
jetstream {
  store_dir: /data/jetstream
  max_file_store: 8G
}
cluster {
  name: doctorpy
  port: 6222
  routes: [
    nats://nats-0.nats-cluster:6222
    nats://nats-1.nats-cluster:6222
    nats://nats-2.nats-cluster:6222
  ]
}
lame_duck_duration: 30s
`;

function nats(): object[] {
  const natsLabels = labels('nats', 'event-bus');
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'nats-config', labels: natsLabels },
      data: { 'nats.conf': NATS_CONFIG },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nats', labels: natsLabels },
      spec: { selector: selector('nats'), ports: [{ name: 'client', port: 4222, targetPort: 4222 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nats-cluster', labels: natsLabels },
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: selector('nats'),
        ports: [
          { name: 'cluster', port: 6222, targetPort: 6222 },
          { name: 'monitor', port: 8222, targetPort: 8222 },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'nats', labels: natsLabels },
      spec: {
        serviceName: 'nats-cluster',
        replicas: 3,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector('nats') },
        template: {
          metadata: {
            labels: natsLabels,
            annotations: { 'prometheus.io/scrape': 'false' },
          },
          spec: {
            securityContext: podSecurity,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 60,
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector('nats') } },
                  },
                ],
              },
            },
            containers: [
              {
                name: 'nats',
                image: 'nats:2.10-alpine',
                args: ['--config', '/etc/nats/nats.conf'],
                env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                ports: [
                  { name: 'client', containerPort: 4222 },
                  { name: 'cluster', containerPort: 6222 },
                  { name: 'monitor', containerPort: 8222 },
                ],
                resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
                securityContext: containerSecurity,
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/nats' },
                  { name: 'data', mountPath: '/data' },
                ],
                startupProbe: { httpGet: { path: '/healthz', port: 'monitor' }, periodSeconds: 5, failureThreshold: 60 },
                livenessProbe: { httpGet: { path: '/healthz?js-enabled-only=true', port: 'monitor' }, periodSeconds: 30 },
                readinessProbe: { httpGet: { path: '/healthz?js-server-only=true', port: 'monitor' }, periodSeconds: 10 },
                lifecycle: { preStop: { exec: { command: ['nats-server', '-sl=ldm=/var/run/nats.pid'] } } },
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'nats-config' } }],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'nats', labels: natsLabels },
      // Two of three keep the JetStream quorum.
      spec: { maxUnavailable: 1, selector: { matchLabels: selector('nats') } },
    },
  ];
}

const HEADER = '# Generated from rover.yaml and .env.example by `npm run k8s:generate`: do not edit.\n';
const documents = (objects: object[]) => HEADER + objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
const file = (object: object) => HEADER + stringify(object, { lineWidth: 0 });

/** A patch of every subgraph's and the gateway's replicas and HPA bounds (overlays). */
function scalePatch(names: string[], replicas: number, min: number, max: number): string {
  return documents(
    names.flatMap((name) => [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas } },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name },
        spec: { minReplicas: min, maxReplicas: max },
      },
    ]),
  );
}

/** Every file of deploy/k8s that the generator owns: path → content. */
export function k8sManifests(catalog = readCatalog()): Map<string, string> {
  const { data, optional } = configSettings();
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const names = ['gateway', ...catalog.map((entry) => entry.name)];
  const base = join(K8S_DIR, 'base');
  const dev = join(K8S_DIR, 'overlays', 'dev');
  const production = join(K8S_DIR, 'overlays', 'production');
  const config = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG, labels: { 'app.kubernetes.io/part-of': PART_OF } },
    data,
  };

  return new Map([
    [
      join(base, 'kustomization.yaml'),
      file({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        labels: [{ pairs: { 'app.kubernetes.io/part-of': PART_OF } }],
        resources: [
          'config.yaml',
          'external-services.yaml',
          'nats.yaml',
          'migrate-job.yaml',
          'gateway.yaml',
          'subgraphs.yaml',
          'network-policies.yaml',
          'ingress.yaml',
        ],
      }),
    ],
    [join(base, 'config.yaml'), file(config)],
    [join(base, 'external-services.yaml'), documents(externalServices)],
    [join(base, 'nats.yaml'), documents(nats())],
    [join(base, 'migrate-job.yaml'), file(migrationJob)],
    [join(base, 'gateway.yaml'), documents(workloadObjects(gatewayWorkload(), optional))],
    [join(base, 'subgraphs.yaml'), documents(catalog.flatMap((entry) => workloadObjects(subgraphWorkload(entry), optional)))],
    [join(base, 'network-policies.yaml'), documents(networkPolicies(catalog))],
    [join(base, 'ingress.yaml'), file(ingress(catalog))],
    [
      join(dev, 'kustomization.yaml'),
      file({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'doctorpy-dev',
        resources: ['namespace.yaml', '../../base'],
        images: [{ name: IMAGE, newTag: 'local' }],
        configMapGenerator: [
          {
            name: CONFIG,
            behavior: 'merge',
            literals: ['LOG_LEVEL=debug', 'EVENTS_STREAM_REPLICAS=1', 'PUBLIC_URL=http://doctorpy.localtest.me'],
          },
        ],
        // Development values only: production's Secret is created outside git (README, Deployment).
        secretGenerator: [
          {
            name: SECRETS,
            literals: [
              'SUBGRAPH_SHARED_SECRET=dev-only-shared-secret-0123456789abcdef',
              'DATABASE_URL=postgresql://doctorpy:doctorpy@postgres:5432/doctorpy',
              'REDIS_URL=redis://redis:6379/0',
              'ADMIN_PASSWORD=doctorpy-dev-admin-2026',
            ],
          },
        ],
        generatorOptions: { disableNameSuffixHash: true },
        patches: [{ path: 'scale.yaml' }],
      }),
    ],
    [join(dev, 'namespace.yaml'), file({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doctorpy-dev' } })],
    [join(dev, 'scale.yaml'), scalePatch(names, 1, 1, 2)],
    [
      join(production, 'kustomization.yaml'),
      file({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'doctorpy',
        resources: ['namespace.yaml', '../../base'],
        images: [{ name: IMAGE, newTag: version }],
        configMapGenerator: [
          {
            name: CONFIG,
            behavior: 'merge',
            literals: [
              'EVENTS_STREAM_REPLICAS=3',
              'PUBLIC_URL=https://doctorpy.dev',
              'CORS_ORIGINS=https://doctorpy.dev',
              `SENTRY_RELEASE=${version}`,
            ],
          },
        ],
        generatorOptions: { disableNameSuffixHash: true },
        patches: [
          { path: 'scale.yaml' },
          {
            target: { kind: 'Ingress', name: 'doctorpy' },
            patch: stringify(
              [
                { op: 'replace', path: '/spec/rules/0/host', value: 'doctorpy.dev' },
                { op: 'add', path: '/spec/tls', value: [{ hosts: ['doctorpy.dev'], secretName: 'doctorpy-tls' }] },
                { op: 'add', path: '/metadata/annotations/cert-manager.io~1cluster-issuer', value: 'letsencrypt' },
              ],
              { lineWidth: 0 },
            ),
          },
        ],
      }),
    ],
    [join(production, 'namespace.yaml'), file({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doctorpy' } })],
    [join(production, 'scale.yaml'), scalePatch(names, 2, 2, 10)],
  ]);
}
