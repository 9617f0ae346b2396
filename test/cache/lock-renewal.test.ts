/**
 * The stampede lock outlives a slow load: the holder renews it while its upstream call runs, so a load longer
 * than CACHE_LOCK_TIMEOUT_MS still makes one upstream call across two cache instances sharing one Redis (without
 * renewal the lock expired mid-load and the waiter in the other instance took it over and called again).
 */
import { expect, it } from 'vitest';
import { describeTagsKey, lockKeyFor } from '../../src/cache/keys.js';
import { MemoryStore } from '../../src/cache/stores/memory-store.js';
import { rawClient, SHARED_REDIS_URL } from './helpers.js';
import { cachedApi, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('renewal', { peer: true });
const LOCK_MS = 200;
/** Four lock lifetimes: an unrenewed lock would expire three times over during the call. */
const LATENCY_MS = 800;

it('a load slower than the lock makes one upstream call across two instances', async () => {
  const { s, prefix } = env;
  s.sim.setFaults({ latencyMs: LATENCY_MS });
  const apiA = cachedApi(s.upstream, env.store, prefix, { lockTimeoutMs: LOCK_MS });
  const apiB = cachedApi(s.upstream, env.peer, prefix, { lockTimeoutMs: LOCK_MS });
  const c0 = s.calls('DescribeTags');
  const started = performance.now();
  const [a, b] = await Promise.all([apiA.describeTags(s.demo, s.ecs), apiB.describeTags(s.demo, s.ecs)]);
  const elapsed = performance.now() - started;

  expect(s.calls('DescribeTags')).toBe(c0 + 1);
  expect(a.requestId).toBe(b.requestId);
  expect(elapsed).toBeGreaterThanOrEqual(LATENCY_MS - 50);
  expect(apiA.stats()).toMatchObject({ misses: 1, errors: 0 });
  expect(apiB.stats()).toMatchObject({ misses: 1, errors: 0 });

  // The holder released its lock when done: renewal stopped with the load.
  const client = rawClient(SHARED_REDIS_URL);
  try {
    expect(await client.exists(lockKeyFor(describeTagsKey(prefix, s.demo, s.ecs)))).toBe(0);
  } finally {
    client.disconnect();
  }
}, 15_000);

it('the same with two instances sharing one memory store', async () => {
  const { s, prefix } = env;
  s.sim.setFaults({ latencyMs: LATENCY_MS });
  const shared = new MemoryStore({ maxEntries: 100 });
  const apiA = cachedApi(s.upstream, shared, `${prefix}mem:`, { lockTimeoutMs: LOCK_MS });
  const apiB = cachedApi(s.upstream, shared, `${prefix}mem:`, { lockTimeoutMs: LOCK_MS });
  const c0 = s.calls('DescribeTags');
  const [a, b] = await Promise.all([apiA.describeTags(s.demo, s.ecs), apiB.describeTags(s.demo, s.ecs)]);
  expect(s.calls('DescribeTags')).toBe(c0 + 1);
  expect(a.requestId).toBe(b.requestId);
  expect(await shared.isLocked(lockKeyFor(describeTagsKey(`${prefix}mem:`, s.demo, s.ecs)))).toBe(false);
}, 15_000);
