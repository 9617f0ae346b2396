/** Entries live for their operation's TTL; after it (and no SWR window) the next call goes upstream again. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listTagResourcesKey } from '../../src/cache/keys.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('ttl');
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

it('refetches after the TTL, per operation', async () => {
  const api = cachedApi(s.upstream, store, prefix, { ttlDescribeTagsS: 0.3, ttlListTagResourcesS: 5, swrS: 0 });
  const ecs0 = s.calls('DescribeTags');
  const cs0 = s.calls('ListTagResources');
  const first = await api.describeTags(s.demo, s.ecs);
  await api.listTagResources(s.demo, s.cs);
  await api.describeTags(s.demo, s.ecs);
  expect(s.calls('DescribeTags')).toBe(ecs0 + 1);

  await sleep(400);
  const second = await api.describeTags(s.demo, s.ecs);
  expect(s.calls('DescribeTags')).toBe(ecs0 + 2);
  expect(second.requestId).not.toBe(first.requestId);
  // ListTagResources has its own, longer TTL: still cached.
  await api.listTagResources(s.demo, s.cs);
  expect(s.calls('ListTagResources')).toBe(cs0 + 1);
  expect(api.stats()).toMatchObject({ hits: 2, misses: 3, stale: 0 });
});

it('stores entries in Redis with TTL + SWR as their lifetime', async () => {
  const api = cachedApi(s.upstream, store, `${prefix}pttl:`, { ttlListTagResourcesS: 2, swrS: 3 });
  await api.listTagResources(s.demo, s.cs);
  const client = rawClient(SHARED_REDIS_URL);
  try {
    const pttl = await client.pttl(listTagResourcesKey(`${prefix}pttl:`, s.demo, s.cs));
    expect(pttl).toBeGreaterThan(4_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
  } finally {
    client.disconnect();
  }
});
