/** Two credentials never share an entry: separate upstream calls, separate data, no key material in Redis. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/redis-store.js';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, TENANT_B, type SimSetup } from './sim.js';

const prefix = uniquePrefix('tenants');
let s: SimSetup;
let store: RedisStore;

beforeAll(async () => {
  s = await startSim();
  store = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await store.ready(3_000)).toBe(true);
});

afterAll(async () => {
  await store?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

it('keeps tenants apart', async () => {
  const api = cachedApi(s.upstream, store, prefix);
  const demoCalls = () => s.sim.calls({ accessKeyId: DEMO_KEY.accessKeyId }).length;
  const bCalls = () => s.sim.calls({ accessKeyId: TENANT_B.accessKeyId }).length;
  const [demo0, b0] = [demoCalls(), bCalls()];

  const demoResult = await api.describeTags(s.demo, s.ecs);
  const bResult = await api.describeTags(s.tenantB, s.ecs);
  expect(demoCalls()).toBe(demo0 + 1);
  expect(bCalls()).toBe(b0 + 1);
  // The simulator gives each tenant its own inventory: the answers differ.
  expect(bResult.tags).not.toEqual(demoResult.tags);

  // Each tenant now hits its own entry.
  expect(await api.describeTags(s.demo, s.ecs)).toEqual(demoResult);
  expect(await api.describeTags(s.tenantB, s.ecs)).toEqual(bResult);
  expect(demoCalls()).toBe(demo0 + 1);
  expect(bCalls()).toBe(b0 + 1);

  // And the entries match what the upstream answers each tenant directly.
  const direct = await s.upstream.describeTags(s.tenantB, s.ecs);
  expect(bResult.tags).toEqual(direct.tags);
});

it('writes no AccessKeyId or secret into Redis, keys or values', async () => {
  const client = rawClient(SHARED_REDIS_URL);
  try {
    const keys = await client.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const identities = new Set(keys.map((k) => k.slice(prefix.length).split(':')[1]));
    expect(identities).toEqual(new Set([s.demo.identity, s.tenantB.identity]));
    const values = await client.mget(...keys);
    const everything = keys.join('\n') + values.join('\n');
    for (const secret of [DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret, TENANT_B.accessKeyId, TENANT_B.accessKeySecret]) {
      expect(everything).not.toContain(secret);
    }
  } finally {
    client.disconnect();
  }
});
