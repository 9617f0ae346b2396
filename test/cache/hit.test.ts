/** A repeated request is served from the cache: zero new upstream calls, same data (memory and Redis stores). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/memory-store.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import type { CacheStore } from '../../src/cache/store.js';
import { deleteKeys, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('hit');
let s: SimSetup;
let redis: RedisStore;

beforeAll(async () => {
  s = await startSim();
  redis = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await redis.ready(3_000)).toBe(true);
});

afterAll(async () => {
  await redis?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

describe.each([
  { name: 'memory', store: (): CacheStore => new MemoryStore({ maxEntries: 1_000 }) },
  { name: 'redis', store: (): CacheStore => redis },
])('$name store', ({ name, store }) => {
  it('serves a repeated DescribeTags from the cache', async () => {
    const api = cachedApi(s.upstream, store(), `${prefix}${name}:`);
    const before = s.calls('DescribeTags');
    const first = await api.describeTags(s.demo, s.ecs);
    expect(s.calls('DescribeTags')).toBe(before + 1);
    expect(first.tags.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      const again = await api.describeTags(s.demo, { ...s.ecs });
      expect(again).toEqual(first);
    }
    expect(s.calls('DescribeTags')).toBe(before + 1);
    expect(api.stats()).toMatchObject({ hits: 5, misses: 1, stale: 0, errors: 0, bypass: 0 });
  });

  it('serves a repeated ListTagResources from the cache, whatever the tag filter order', async () => {
    const api = cachedApi(s.upstream, store(), `${prefix}${name}:`);
    const before = s.calls('ListTagResources');
    const req = { ...s.cs, tags: [{ key: 'ack.aliyun.com' }, { key: 'env' }] };
    const first = await api.listTagResources(s.demo, req);
    expect(first.tagResources.length).toBeGreaterThan(0);
    const again = await api.listTagResources(s.demo, { ...req, tags: [{ key: 'env' }, { key: 'ack.aliyun.com' }] });
    expect(again).toEqual(first);
    expect(s.calls('ListTagResources')).toBe(before + 1);
  });

  it('calls upstream again for a different request', async () => {
    const api = cachedApi(s.upstream, store(), `${prefix}${name}:other:`);
    const before = s.calls('DescribeTags');
    await api.describeTags(s.demo, s.ecs);
    await api.describeTags(s.demo, { ...s.ecs, resourceType: 'disk' });
    await api.describeTags(s.demo, { ...s.ecs, pageNumber: 2 });
    expect(s.calls('DescribeTags')).toBe(before + 3);
  });

  it('gives each caller its own copy: mutating a result does not change the cache', async () => {
    const api = cachedApi(s.upstream, store(), `${prefix}${name}:copy:`);
    const [a, b] = await Promise.all([api.describeTags(s.demo, s.ecs), api.describeTags(s.demo, s.ecs)]);
    expect(a).not.toBe(b);
    const count = a.tags.length;
    a.tags.length = 0;
    expect(b.tags).toHaveLength(count);
    expect((await api.describeTags(s.demo, s.ecs)).tags).toHaveLength(count);
  });
});
