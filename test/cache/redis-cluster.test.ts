/**
 * REDIS_CLUSTER=true: the same store over a real 3-master Redis Cluster of our own (keys spread over slots
 * and nodes), including the lock and the wait, and the cached TagApi on top of it against the simulator.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import { OwnRedis, silentLogger, waitUntil } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cache-cluster-'));
const nodes: OwnRedis[] = [];
let store: RedisStore;
let s: SimSetup;

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    nodes.push(
      await OwnRedis.start([
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${i}.conf`),
        '--cluster-node-timeout',
        '2000',
        '--dir',
        dir,
      ]),
    );
  }
  await run(
    '/usr/bin/redis-cli',
    ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
    { timeout: 15_000 },
  );
  // Every node must agree before a client can rely on the slot map.
  await waitUntil(
    async () => {
      const infos = await Promise.all(
        nodes.map((n) => run('/usr/bin/redis-cli', ['-p', String(n.port), 'cluster', 'info']).then((r) => r.stdout)),
      );
      return infos.every((info) => /cluster_state:ok/.test(info) && /cluster_known_nodes:3/.test(info));
    },
    15_000,
    'the cluster to be ok on every node',
  );
  store = new RedisStore({ url: nodes[0]!.url, cluster: true, commandTimeoutMs: 2_000, logger: silentLogger() });
  const ready = await store.ready(10_000);
  expect(ready).toBe(true);
  s = await startSim();
}, 30_000);

afterAll(async () => {
  await store?.close();
  await s?.sim.close();
  for (const n of nodes) await n.kill();
  rmSync(dir, { recursive: true, force: true });
});

it('stores, locks and waits across slots', async () => {
  const keys = Array.from({ length: 30 }, (_, i) => `tg:v1:test:${i}`);
  await Promise.all(keys.map((k, i) => store.set(k, String(i), 10_000)));
  expect(await Promise.all(keys.map((k) => store.get(k)))).toEqual(keys.map((_, i) => String(i)));
  // The keys really spread over the three nodes.
  const perNode = await Promise.all(
    nodes.map(async (n) => Number((await run('/usr/bin/redis-cli', ['-p', String(n.port), 'dbsize'])).stdout.trim())),
  );
  expect(perNode.filter((count) => count > 0)).toHaveLength(3);

  const token = await store.tryLock('tg:v1:test:x:lock', 5_000);
  expect(token).not.toBeNull();
  expect(await store.tryLock('tg:v1:test:x:lock', 5_000)).toBeNull();
  setTimeout(() => void store.set('tg:v1:test:x', 'made', 5_000), 50);
  expect(await store.waitFor('tg:v1:test:x', 'tg:v1:test:x:lock', { timeoutMs: 2_000 })).toEqual({
    status: 'value',
    raw: 'made',
  });
  expect(await store.unlock('tg:v1:test:x:lock', 'wrong')).toBe(false);
  expect(await store.unlock('tg:v1:test:x:lock', token!)).toBe(true);
});

it('caches through the cluster: 100 concurrent misses, one call; then hits', async () => {
  const api = cachedApi(s.upstream, store, 'tg:clustertest:');
  const c0 = s.calls();
  await Promise.all(Array.from({ length: 100 }, () => api.listTagResources(s.demo, s.cs)));
  await api.describeTags(s.demo, s.ecs);
  await api.describeTags(s.demo, s.ecs);
  expect(s.calls()).toBe(c0 + 2);
  expect(api.stats()).toMatchObject({ hits: 1, errors: 0 });
});
