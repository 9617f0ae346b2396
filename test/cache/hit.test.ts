/** A repeated request is served from the cache: zero new upstream calls, same data (memory and Redis stores). */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/stores/memory-store.js';
import type { CacheStore } from '../../src/cache/stores/store.js';
import { cachedApi, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('hit');

describe.each([
  { name: 'memory', store: (): CacheStore => new MemoryStore({ maxEntries: 1_000 }) },
  { name: 'redis', store: (): CacheStore => env.store },
])('$name store', ({ name, store }) => {
  it('serves a repeated DescribeTags from the cache', async () => {
    const api = cachedApi(env.s.upstream, store(), `${env.prefix}${name}:`);
    const before = env.s.calls('DescribeTags');
    const first = await api.describeTags(env.s.demo, env.s.ecs);
    expect(env.s.calls('DescribeTags')).toBe(before + 1);
    expect(first.tags.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      const again = await api.describeTags(env.s.demo, { ...env.s.ecs });
      expect(again).toEqual(first);
    }
    expect(env.s.calls('DescribeTags')).toBe(before + 1);
    expect(api.stats()).toMatchObject({ hits: 5, misses: 1, stale: 0, errors: 0, bypass: 0 });
  });

  it('serves a repeated ListTagResources from the cache, whatever the tag filter order', async () => {
    const api = cachedApi(env.s.upstream, store(), `${env.prefix}${name}:`);
    const before = env.s.calls('ListTagResources');
    const req = { ...env.s.cs, tags: [{ key: 'ack.aliyun.com' }, { key: 'env' }] };
    const first = await api.listTagResources(env.s.demo, req);
    expect(first.tagResources.length).toBeGreaterThan(0);
    const again = await api.listTagResources(env.s.demo, { ...req, tags: [{ key: 'env' }, { key: 'ack.aliyun.com' }] });
    expect(again).toEqual(first);
    expect(env.s.calls('ListTagResources')).toBe(before + 1);
  });

  it('calls upstream again for a different request', async () => {
    const api = cachedApi(env.s.upstream, store(), `${env.prefix}${name}:other:`);
    const before = env.s.calls('DescribeTags');
    await api.describeTags(env.s.demo, env.s.ecs);
    await api.describeTags(env.s.demo, { ...env.s.ecs, resourceType: 'disk' });
    await api.describeTags(env.s.demo, { ...env.s.ecs, pageNumber: 2 });
    expect(env.s.calls('DescribeTags')).toBe(before + 3);
  });

  it('gives each caller its own copy: mutating a result does not change the cache', async () => {
    const api = cachedApi(env.s.upstream, store(), `${env.prefix}${name}:copy:`);
    const [a, b] = await Promise.all([
      api.describeTags(env.s.demo, env.s.ecs),
      api.describeTags(env.s.demo, env.s.ecs),
    ]);
    expect(a).not.toBe(b);
    const count = a.tags.length;
    a.tags.length = 0;
    expect(b.tags).toHaveLength(count);
    expect((await api.describeTags(env.s.demo, env.s.ecs)).tags).toHaveLength(count);
  });
});
