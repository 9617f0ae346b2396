/**
 * Stampede protection: 200 concurrent identical misses make one upstream call — in one process (single-flight)
 * and across two cache instances sharing one Redis (the store lock); a crashed lock holder is taken over.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeTagsKey, lockKeyFor } from '../../src/cache/keys.js';
import { MemoryStore } from '../../src/cache/stores/memory-store.js';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('stampede');
const LATENCY_MS = 150;
let s: SimSetup;
let storeA: RedisStore;
let storeB: RedisStore;

beforeAll(async () => {
  s = await startSim();
  s.sim.setFaults({ latencyMs: LATENCY_MS });
  storeA = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  storeB = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await storeA.ready(3_000)).toBe(true);
  expect(await storeB.ready(3_000)).toBe(true);
});

afterAll(async () => {
  await storeA?.close();
  await storeB?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

it('200 concurrent misses in one process: one call (memory store)', async () => {
  const api = cachedApi(s.upstream, new MemoryStore({ maxEntries: 100 }), `${prefix}mem:`);
  const c0 = s.calls();
  const results = await Promise.all(Array.from({ length: 200 }, () => api.describeTags(s.demo, s.ecs)));
  expect(s.calls()).toBe(c0 + 1);
  expect(new Set(results.map((r) => r.requestId)).size).toBe(1);
  expect(api.stats()).toMatchObject({ misses: 200, errors: 0 });
});

it('200 concurrent misses in each of two instances sharing Redis: one call', async () => {
  const apiA = cachedApi(s.upstream, storeA, `${prefix}redis:`);
  const apiB = cachedApi(s.upstream, storeB, `${prefix}redis:`);
  const c0 = s.calls();
  const results = await Promise.all(
    Array.from({ length: 400 }, (_, i) => (i % 2 ? apiA : apiB).listTagResources(s.demo, s.cs)),
  );
  expect(s.calls()).toBe(c0 + 1);
  expect(new Set(results.map((r) => r.requestId)).size).toBe(1);
  expect(apiA.stats().errors + apiB.stats().errors).toBe(0);
});

it('takes over from a crashed holder once its lock expires', async () => {
  const p = `${prefix}crash:`;
  const key = describeTagsKey(p, s.demo, s.ecs);
  const client = rawClient(SHARED_REDIS_URL);
  try {
    // A holder that took the lock and died: no value will ever come, the lock lives 400 ms.
    expect(await client.set(lockKeyFor(key), 'dead-holder', 'PX', 400, 'NX')).toBe('OK');
  } finally {
    client.disconnect();
  }
  const apiA = cachedApi(s.upstream, storeA, p, { lockTimeoutMs: 3_000 });
  const apiB = cachedApi(s.upstream, storeB, p, { lockTimeoutMs: 3_000 });
  const c0 = s.calls();
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) => (i % 2 ? apiA : apiB).describeTags(s.demo, s.ecs)),
  );
  const elapsed = performance.now() - started;
  expect(s.calls()).toBe(c0 + 1); // one waiter took over, the other waited for its value
  expect(new Set(results.map((r) => r.requestId)).size).toBe(1);
  expect(elapsed).toBeGreaterThanOrEqual(350);
  expect(elapsed).toBeLessThan(400 + LATENCY_MS + 1_000);
});

it('a caller that aborts leaves; the others still get the value from the one call', async () => {
  const api = cachedApi(s.upstream, new MemoryStore({ maxEntries: 100 }), `${prefix}abort:`);
  const c0 = s.calls();
  const controller = new AbortController();
  const aborted = api.describeTags(s.demo, s.ecs, { signal: controller.signal });
  const others = Array.from({ length: 10 }, () => api.describeTags(s.demo, s.ecs));
  await sleep(20);
  controller.abort();
  await expect(aborted).rejects.toMatchObject({ code: 'Aborted' });
  const results = await Promise.all(others);
  expect(results).toHaveLength(10);
  expect(s.calls()).toBe(c0 + 1);
});

it('refuses a call whose signal is already aborted, even on a hit', async () => {
  const api = cachedApi(s.upstream, new MemoryStore({ maxEntries: 100 }), `${prefix}preaborted:`);
  await api.describeTags(s.demo, s.ecs);
  const c0 = s.calls();
  await expect(api.describeTags(s.demo, s.ecs, { signal: AbortSignal.abort() })).rejects.toMatchObject({
    code: 'Aborted',
    status: 499,
  });
  expect(s.calls()).toBe(c0);
});
