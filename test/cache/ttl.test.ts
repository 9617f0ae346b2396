/** Entries live for their operation's TTL; after it (and no SWR window) the next call goes upstream again. */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { listTagResourcesKey } from '../../src/cache/keys.js';
import { rawClient, SHARED_REDIS_URL } from './helpers.js';
import { cachedApi, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('ttl');

it('refetches after the TTL, per operation', async () => {
  const api = cachedApi(env.s.upstream, env.store, env.prefix, {
    ttlDescribeTagsS: 0.3,
    ttlListTagResourcesS: 5,
    swrS: 0,
  });
  const ecs0 = env.s.calls('DescribeTags');
  const cs0 = env.s.calls('ListTagResources');
  const first = await api.describeTags(env.s.demo, env.s.ecs);
  await api.listTagResources(env.s.demo, env.s.cs);
  await api.describeTags(env.s.demo, env.s.ecs);
  expect(env.s.calls('DescribeTags')).toBe(ecs0 + 1);

  await sleep(400);
  const second = await api.describeTags(env.s.demo, env.s.ecs);
  expect(env.s.calls('DescribeTags')).toBe(ecs0 + 2);
  expect(second.requestId).not.toBe(first.requestId);
  // ListTagResources has its own, longer TTL: still cached.
  await api.listTagResources(env.s.demo, env.s.cs);
  expect(env.s.calls('ListTagResources')).toBe(cs0 + 1);
  expect(api.stats()).toMatchObject({ hits: 2, misses: 3, stale: 0 });
});

it('stores entries in Redis with TTL + SWR as their lifetime', async () => {
  const api = cachedApi(env.s.upstream, env.store, `${env.prefix}pttl:`, { ttlListTagResourcesS: 2, swrS: 3 });
  await api.listTagResources(env.s.demo, env.s.cs);
  const client = rawClient(SHARED_REDIS_URL);
  try {
    const pttl = await client.pttl(listTagResourcesKey(`${env.prefix}pttl:`, env.s.demo, env.s.cs));
    expect(pttl).toBeGreaterThan(4_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
  } finally {
    client.disconnect();
  }
});
