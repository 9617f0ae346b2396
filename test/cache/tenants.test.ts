/** Two credentials never share an entry: separate upstream calls, separate data, no key material in Redis. */
import { expect, it } from 'vitest';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { rawClient, SHARED_REDIS_URL } from './helpers.js';
import { cachedApi, TENANT_B, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('tenants');

it('keeps tenants apart', async () => {
  const api = cachedApi(env.s.upstream, env.store, env.prefix);
  const demoCalls = () => env.s.sim.calls({ accessKeyId: DEMO_KEY.accessKeyId }).length;
  const bCalls = () => env.s.sim.calls({ accessKeyId: TENANT_B.accessKeyId }).length;
  const [demo0, b0] = [demoCalls(), bCalls()];

  const demoResult = await api.describeTags(env.s.demo, env.s.ecs);
  const bResult = await api.describeTags(env.s.tenantB, env.s.ecs);
  expect(demoCalls()).toBe(demo0 + 1);
  expect(bCalls()).toBe(b0 + 1);
  // The simulator gives each tenant its own inventory: the answers differ.
  expect(bResult.tags).not.toEqual(demoResult.tags);

  // Each tenant now hits its own entry.
  expect(await api.describeTags(env.s.demo, env.s.ecs)).toEqual(demoResult);
  expect(await api.describeTags(env.s.tenantB, env.s.ecs)).toEqual(bResult);
  expect(demoCalls()).toBe(demo0 + 1);
  expect(bCalls()).toBe(b0 + 1);

  // And the entries match what the upstream answers each tenant directly.
  const direct = await env.s.upstream.describeTags(env.s.tenantB, env.s.ecs);
  expect(bResult.tags).toEqual(direct.tags);
});

it('writes no AccessKeyId or secret into Redis, keys or values', async () => {
  const client = rawClient(SHARED_REDIS_URL);
  try {
    const keys = await client.keys(`${env.prefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const identities = new Set(keys.map((k) => k.slice(env.prefix.length).split(':')[1]));
    expect(identities).toEqual(new Set([env.s.demo.identity, env.s.tenantB.identity]));
    const values = await client.mget(...keys);
    const everything = keys.join('\n') + values.join('\n');
    for (const secret of [
      DEMO_KEY.accessKeyId,
      DEMO_KEY.accessKeySecret,
      TENANT_B.accessKeyId,
      TENANT_B.accessKeySecret,
    ]) {
      expect(everything).not.toContain(secret);
    }
  } finally {
    client.disconnect();
  }
});
