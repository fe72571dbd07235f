/**
 * deploy/k8s: the committed files are what the generator writes; both overlays render with
 * `kubectl kustomize` (offline) into objects valid against the Kubernetes API schemas; every
 * subgraph of rover.yaml and the gateway get their Deployment, Service, HPA and PDB; every setting
 * of .env.example reaches the containers, and the ConfigMap's values pass every settings schema.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from '@jest/globals';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { envSchema } from '#platform/env.ts';
import { settingsSchema } from '#platform/subgraph-module.ts';
import { envExampleSettings, K8S_DIR, k8sManifests, SECRET_SETTINGS } from './k8s/manifests.ts';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Container {
  name: string;
  command?: string[];
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  env?: Array<{ name: string; value?: string; valueFrom?: Record<string, { name: string; key: string }> }>;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
type PodSpec = { securityContext?: { runAsNonRoot?: boolean }; containers: Container[] };

/**
 * kustomize folds long base64 values of a Secret over lines; the API server's decoder skips the
 * line breaks, the schema's "byte" format does not: they are joined before validation.
 */
const unfoldSecret = (object: K8sObject): K8sObject =>
  object.kind === 'Secret' && object.data
    ? { ...object, data: Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, value.replace(/\s/g, '')])) }
    : object;
const render = (overlay: string): K8sObject[] =>
  parseAllDocuments(execFileSync('kubectl', ['kustomize', join(K8S_DIR, 'overlays', overlay)], { encoding: 'utf8' })).map(
    (document) => unfoldSecret(document.toJS() as K8sObject),
  );
const overlays = { dev: render('dev'), production: render('production') };
const catalog = readCatalog();
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name);
const podSpec = (object: K8sObject) => (object.spec as { template: { spec: PodSpec } }).template.spec;

/** The kubernetes-models class of an object (kubernetes-models/<group>/<version>/<Kind>). */
async function schemaOf(object: K8sObject): Promise<new (data: unknown) => { validate(): void }> {
  const module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<string, never>;
  return module[object.kind]!;
}

describe('deploy/k8s', () => {
  it('is what `npm run k8s:generate` writes from rover.yaml', () => {
    const stale = [...k8sManifests()].filter(([file, content]) => readFileSync(file, 'utf8') !== content);
    expect(stale.map(([file]) => relative(repoRoot, file))).toEqual([]);
  });

  for (const [overlay, objects] of Object.entries(overlays)) {
    describe(`overlay ${overlay}`, () => {
      it('renders objects valid against the Kubernetes API schemas', async () => {
        expect(objects.length).toBeGreaterThan(80);
        const invalid: string[] = [];
        for (const object of objects) {
          const Model = await schemaOf(object);
          try {
            new Model(object).validate();
          } catch (error) {
            invalid.push(`${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
          }
        }
        expect(invalid).toEqual([]);
      });

      it('gives the gateway and every subgraph a hardened Deployment, a Service, an HPA and a PDB', () => {
        for (const { name, port } of [{ name: 'gateway', port: 4000 }, ...catalog]) {
          const deployment = find(objects, 'Deployment', name);
          expect({
            name,
            found: ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'].map((kind) => !!find(objects, kind, name)),
          }).toEqual({
            name,
            found: [true, true, true],
          });
          const spec = podSpec(deployment!);
          const [container] = spec.containers;
          expect(spec.securityContext?.runAsNonRoot).toBe(true);
          expect(container!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
          expect(container!.readinessProbe?.httpGet.path).toBe('/health/ready');
          expect(container!.livenessProbe?.httpGet.path).toBe('/health/live');
          expect(container!.resources?.requests?.memory).toBeDefined();
          expect(container!.resources?.limits?.memory).toBeDefined();
          expect(container!.env?.find((entry) => entry.name === 'PORT')?.value).toBe(String(port));
          expect(find(objects, 'Service', name)!.spec!.ports).toEqual([expect.objectContaining({ port })]);
          expect(find(objects, 'HorizontalPodAutoscaler', name)!.apiVersion).toBe('autoscaling/v2');
        }
      });

      it('lets only the gateway and Prometheus reach a subgraph (and every service reach accounts JWKS)', () => {
        for (const { name } of catalog) {
          const policy = find(objects, 'NetworkPolicy', name)!;
          const from = (
            policy.spec as { ingress: Array<{ from: Array<Record<string, { matchLabels: Record<string, string> }>> }> }
          ).ingress[0]!.from;
          const peers = from.map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/name'] ?? 'any');
          expect(peers).toEqual(name === 'accounts' ? ['any', 'prometheus'] : ['gateway', 'prometheus']);
        }
        expect(find(objects, 'NetworkPolicy', 'default-deny-ingress')).toBeDefined();
      });

      it('routes GraphQL, the Stripe webhook and every public path to the gateway', () => {
        const ingress = find(objects, 'Ingress', 'doctorpy')!;
        const paths = (
          ingress.spec as { rules: Array<{ http: { paths: Array<{ path: string; backend: { service: { name: string } } }> } }> }
        ).rules[0]!.http.paths;
        const expected = ['/graphql', '/webhooks/stripe', ...catalog.flatMap((entry) => entry.publicPaths)];
        for (const path of expected) expect(paths.find((entry) => entry.path === path)?.backend.service.name).toBe('gateway');
      });

      it('references every setting of .env.example, and its ConfigMap passes every settings schema', async () => {
        const config = find(objects, 'ConfigMap', 'doctorpy-config')!;
        const container = podSpec(find(objects, 'Deployment', 'payments')!).containers[0]!;
        expect(container.envFrom).toEqual([{ configMapRef: { name: 'doctorpy-config' } }]);
        const referenced = new Set([...Object.keys(config.data!), ...(container.env ?? []).map((entry) => entry.name)]);
        const missing = envExampleSettings()
          .map(({ name }) => name)
          .filter((name) => !referenced.has(name));
        expect(missing).toEqual([]);
        const secretRefs = (container.env ?? []).filter((entry) => entry.valueFrom?.secretKeyRef).map((entry) => entry.name);
        expect(secretRefs).toEqual(SECRET_SETTINGS);

        const source = {
          ...config.data,
          SUBGRAPH_SHARED_SECRET: 'x'.repeat(32),
          DATABASE_URL: 'postgresql://db/doctorpy',
          ADMIN_PASSWORD: 'p'.repeat(16),
        };
        const problems: string[] = [];
        const platform = envSchema.safeParse(source);
        if (!platform.success) problems.push(`platform: ${platform.error.message}`);
        for (const { name } of catalog) {
          const schema = await settingsSchema(name);
          const result = schema?.safeParse(source);
          if (result && !result.success) problems.push(`${name}: ${result.error.message}`);
        }
        expect(problems).toEqual([]);
      });

      it('runs the migrations in a Job ahead of the rollout', () => {
        const job = find(objects, 'Job', 'doctorpy-migrate') as K8sObject & { metadata: { annotations: Record<string, string> } };
        expect(podSpec(job).containers[0]!.command).toEqual(['node', 'dist/scripts/migrate-all.js']);
        expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
        expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      });
    });
  }

  it('keeps JetStream streams on three NATS nodes in production, one copy in dev', () => {
    const nats = find(overlays.production, 'StatefulSet', 'nats')!;
    expect(nats.spec!.replicas).toBe(3);
    expect(find(overlays.production, 'ConfigMap', 'doctorpy-config')!.data!.EVENTS_STREAM_REPLICAS).toBe('3');
    expect(find(overlays.dev, 'ConfigMap', 'doctorpy-config')!.data!.EVENTS_STREAM_REPLICAS).toBe('1');
    expect(find(overlays.production, 'Deployment', 'gateway')!.spec!.replicas).toBe(2);
  });

  it('has a CloudNativePG example that parses', () => {
    const documents = parseAllDocuments(readFileSync(join(K8S_DIR, 'cloudnative-pg', 'cluster.yaml'), 'utf8'));
    expect(documents.every((document) => document.errors.length === 0)).toBe(true);
    const cluster = documents.map((document) => document.toJS() as K8sObject).find((object) => object.kind === 'Cluster')!;
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(cluster.metadata.name).toBe('doctorpy-pg');
  });
});
