/**
 * Recent reads (CACHE_RECENT_READ_MS, cache/entry-store.ts): with Redis, a fresh entry this process read less than
 * the window ago is answered again without a GET; after the window it is read again. A refresh written by this
 * process is seen at once; another replica's refresh (its own connection to the same Redis) is seen within the
 * window. Real Redis, real simulator; the store is the real RedisStore, its reads counted on the way through.
 */
import { expect, it } from 'vitest';
import type { CacheStore } from '../../src/cache/stores/store.js';
import { cachedApi, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('recent-reads', { peer: true });
const WINDOW_MS = 300;

/** `store`, counting its GETs. */
function countingGets(store: CacheStore): CacheStore & { gets: number } {
  const counted = { gets: 0 };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'gets') return counted.gets;
      if (property === 'get')
        return (key: string) => {
          counted.gets++;
          return target.get(key);
        };
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as CacheStore & { gets: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('answers a fresh entry read within the window without a GET, and reads it again after the window', async () => {
  const store = countingGets(env.store);
  const api = cachedApi(env.s.upstream, store, `${env.prefix}window:`, { recentReadMs: WINDOW_MS });
  const first = await api.listTagResources(env.s.demo, env.s.cs); // miss: fetched and written
  await api.listTagResources(env.s.demo, env.s.cs); // read from Redis (the write forgot the key)
  const gets = store.gets;
  for (let i = 0; i < 5; i++)
    expect((await api.listTagResources(env.s.demo, env.s.cs)).requestId).toBe(first.requestId);
  expect(store.gets).toBe(gets);
  await sleep(WINDOW_MS + 50);
  await api.listTagResources(env.s.demo, env.s.cs);
  expect(store.gets).toBe(gets + 1);
});

it('off (0): every lookup reads Redis', async () => {
  const store = countingGets(env.store);
  const api = cachedApi(env.s.upstream, store, `${env.prefix}off:`, { recentReadMs: 0 });
  await api.listTagResources(env.s.demo, env.s.cs);
  const gets = store.gets;
  for (let i = 0; i < 5; i++) await api.listTagResources(env.s.demo, env.s.cs);
  expect(store.gets).toBe(gets + 5);
});

it("sees its own refresh at once, another replica's within the window", async () => {
  const prefix = `${env.prefix}replicas:`;
  const a = cachedApi(env.s.upstream, env.store, prefix, { recentReadMs: WINDOW_MS });
  const b = cachedApi(env.s.upstream, env.peer!, prefix, { recentReadMs: WINDOW_MS });
  await a.listTagResources(env.s.demo, env.s.cs);
  const read = await a.listTagResources(env.s.demo, env.s.cs);

  // This process refreshes (a forced refresh writes the new answer): its next read is the new answer.
  const own = await a.listTagResources(env.s.demo, env.s.cs, { cache: 'bypass' });
  expect(own.requestId).not.toBe(read.requestId);
  expect((await a.listTagResources(env.s.demo, env.s.cs)).requestId).toBe(own.requestId);

  // Another replica refreshes: seen here once the window has passed, never later.
  const other = await b.listTagResources(env.s.demo, env.s.cs, { cache: 'bypass' });
  await sleep(WINDOW_MS + 50);
  expect((await a.listTagResources(env.s.demo, env.s.cs)).requestId).toBe(other.requestId);
});
