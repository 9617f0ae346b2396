/**
 * `{ cache: 'only' }` answers what the cache can serve now and otherwise rejects with `NotCached`, sending nothing
 * upstream and counting no miss: the ECS tag loader asks it before a slice waits in the cross-request window.
 */
import { expect, it } from 'vitest';
import { cachedApi, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('cached-only');

it('rejects a miss without a call, then serves the entry a normal call wrote', async () => {
  const api = cachedApi(env.s.upstream, env.store, env.prefix);
  const c0 = env.s.calls('ListTagResources');
  await expect(api.listTagResources(env.s.demo, env.s.cs, { cache: 'only' })).rejects.toMatchObject({
    code: 'NotCached',
    isNotCached: true,
  });
  expect(env.s.calls('ListTagResources')).toBe(c0);
  expect(api.stats()).toMatchObject({ hits: 0, misses: 0, bypass: 0 });

  const loaded = await api.listTagResources(env.s.demo, env.s.cs);
  const only = await api.listTagResources(env.s.demo, env.s.cs, { cache: 'only' });
  expect(only.requestId).toBe(loaded.requestId);
  expect(env.s.calls('ListTagResources')).toBe(c0 + 1);
  expect(api.stats()).toMatchObject({ hits: 1, misses: 1 });
});

it('rejects an entry older than the caller allows, without a call', async () => {
  const api = cachedApi(env.s.upstream, env.store, env.prefix);
  await api.describeTags(env.s.demo, env.s.ecs);
  const c0 = env.s.calls('DescribeTags');
  await new Promise((resolve) => setTimeout(resolve, 20));
  await expect(api.describeTags(env.s.demo, env.s.ecs, { cache: 'only', maxAgeMs: 1 })).rejects.toMatchObject({
    code: 'NotCached',
  });
  expect(env.s.calls('DescribeTags')).toBe(c0);
});

it('is refused by the transport itself when no cache is in front', async () => {
  const c0 = env.s.calls('DescribeTags');
  await expect(env.s.upstream.describeTags(env.s.demo, env.s.ecs, { cache: 'only' })).rejects.toMatchObject({
    code: 'NotCached',
  });
  expect(env.s.calls('DescribeTags')).toBe(c0);
});
