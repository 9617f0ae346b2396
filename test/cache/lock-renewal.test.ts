/**
 * The stampede lock outlives a slow load: the holder renews it while its upstream call runs, so a load longer
 * than CACHE_LOCK_TIMEOUT_MS still makes one upstream call across two cache instances sharing one Redis (without
 * renewal the lock expired mid-load and the waiter in the other instance took it over and called again).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeTagsKey, lockKeyFor } from '../../src/cache/keys.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('renewal');
const LOCK_MS = 200;
/** Several lock lifetimes: an unrenewed lock would expire three times over during the call. */
const LATENCY_MS = 800;
let s: SimSetup;
let storeA: RedisStore;
let storeB: RedisStore;

beforeAll(async () => {
  s = await startSim();
  storeA = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  storeB = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await storeA.ready(3_000)).toBe(true);
  expect(await storeB.ready(3_000)).toBe(true);
});

afterAll(async () => {
  s?.sim.setFaults({ latencyMs: 0 });
  await storeA?.close();
  await storeB?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

it('a load slower than the lock makes one upstream call across two instances', async () => {
  s.sim.setFaults({ latencyMs: LATENCY_MS });
  const apiA = cachedApi(s.upstream, storeA, prefix, { lockTimeoutMs: LOCK_MS });
  const apiB = cachedApi(s.upstream, storeB, prefix, { lockTimeoutMs: LOCK_MS });
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
