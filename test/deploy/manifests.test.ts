/**
 * The deployment files say what the code does: every variable they set is one config.ts knows, the probes hit
 * endpoints the gateway serves on the port it listens on, the grace periods nest, and every YAML file parses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { configSchema, loadConfig } from '../../src/config/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const root = new URL('../../', import.meta.url).pathname;
const k8s = join(root, 'deploy/kubernetes');
const knobs = new Set(Object.keys(configSchema.shape));
type Doc = Record<string, any>;

const docs: Doc[] = readdirSync(k8s)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(k8s, f), 'utf8')).map((d) => d.toJS() as Doc));
const byKind = (kind: string) => docs.find((d) => d.kind === kind)!;
const deployment = byKind('Deployment');
const container = deployment.spec.template.spec.containers[0];
const configMap = byKind('ConfigMap');

describe('deploy/kubernetes', () => {
  it('parses, and kustomization lists every manifest', () => {
    const kustomization = parse(readFileSync(join(k8s, 'kustomization.yaml'), 'utf8')) as Doc;
    const files = readdirSync(k8s).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    for (const kind of [
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Secret',
      'ConfigMap',
    ]) {
      expect(byKind(kind), kind).toBeDefined();
    }
  });

  it('sets only variables the configuration schema knows, and they validate', () => {
    const names = [...Object.keys(configMap.data), ...Object.keys(byKind('Secret').stringData)];
    expect(names.filter((n) => !knobs.has(n))).toEqual([]);
    const env = { ...configMap.data, ...byKind('Secret').stringData };
    // The Secret's placeholders pass the schema, and are refused in production until replaced (issue 19, item 9).
    expect(() => loadConfig({ ...env, NODE_ENV: 'development' })).not.toThrow();
    const placeholders = Object.entries(byKind('Secret').stringData as Record<string, string>)
      .filter(([, v]) => v.startsWith('replace-me'))
      .map(([k]) => k);
    expect(placeholders.length).toBeGreaterThan(0);
    expect(() => loadConfig({ ...env, NODE_ENV: 'production' })).toThrow(
      new RegExp(placeholders.map((k) => `${k} still holds the manifests' placeholder`).join('[\\s\\S]*')),
    );
    const real = Object.fromEntries(placeholders.map((k) => [k, `real-value-${k.toLowerCase()}-0123456789abcdef0123`]));
    expect(() => loadConfig({ ...env, ...real, NODE_ENV: 'production' })).not.toThrow();
  });

  it('sets the heap explicitly, within the memory limit with room for what is not heap (issue 18)', () => {
    const heap = /--max-old-space-size=(\d+)/.exec(
      container.env.find((e: Doc) => e.name === 'NODE_OPTIONS')?.value ?? '',
    )?.[1];
    const limitMi = Number(/^(\d+)Mi$/.exec(container.resources.limits.memory)?.[1]);
    expect(Number(heap)).toBeGreaterThan(limitMi / 2);
    expect(Number(heap)).toBeLessThanOrEqual(limitMi * 0.7);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain(`NODE_OPTIONS=--max-old-space-size=${heap}`);
  });

  it('runs non-root, read-only, with ≥ 2 replicas, requests and limits', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(byKind('HorizontalPodAutoscaler').spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.resources.requests.memory).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
  });

  it('gives the pod longer to stop than the gateway takes to drain', () => {
    const graceMs = Number(configMap.data.SHUTDOWN_DRAIN_MS) + Number(configMap.data.SHUTDOWN_GRACE_MS);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(graceMs);
  });

  it('probes the port the gateway listens on', () => {
    const port = container.ports.find((p: Doc) => p.name === 'http').containerPort;
    expect(String(port)).toBe(configMap.data.PORT);
    for (const probe of ['readinessProbe', 'livenessProbe']) expect(container[probe].httpGet.port).toBe('http');
  });

  describe('probe paths', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway();
    });
    afterAll(() => gw?.close());

    it('are served with 200', async () => {
      const paths = ['readinessProbe', 'livenessProbe', 'startupProbe'].map((p) => container[p].httpGet.path as string);
      expect(paths).toContain('/ready');
      for (const path of paths) expect((await fetch(new URL(path, gw.url))).status, path).toBe(200);
    });
  });
});

describe('Dockerfile and docker-compose.yml', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Doc;

  it('builds in stages, installs runtime dependencies only, runs as non-root with a health check', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main\.js"\]/);
  });

  it('compose builds the image, runs gateway and Redis, and the simulator as a profile', () => {
    expect(compose.services.gateway.build).toBe('.');
    expect(compose.services.redis).toBeDefined();
    expect(compose.services.simulator.profiles).toEqual(['simulator']);
    const env = Object.keys(compose.services.gateway.environment);
    expect(env.filter((n) => !knobs.has(n))).toEqual([]);
  });
});
