/**
 * Stale-while-revalidate: within CACHE_SWR_S after expiry the stale value is served at once and refreshed in
 * the background exactly once, even with many concurrent readers in two cache instances sharing one Redis;
 * a failing refresh is logged, never thrown.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REFRESH_RETRY_MS } from '../../src/cache/cached-tag-api.js';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import {
  captureLogger,
  deleteKeys,
  LEVEL,
  SHARED_REDIS_URL,
  silentLogger,
  uniquePrefix,
  waitUntil,
} from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('swr');
/** Upstream latency of the refresh: the stale reads must all be answered well before it ends. */
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
  s?.sim.setFaults({ latencyMs: 0, errorRate: 0 });
  await storeA?.close();
  await storeB?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

it('serves stale at once and refreshes once across two instances', async () => {
  const options = { ttlDescribeTagsS: 1.2, swrS: 10 };
  const apiA = cachedApi(s.upstream, storeA, prefix, options);
  const apiB = cachedApi(s.upstream, storeB, prefix, options);
  const c0 = s.calls('DescribeTags');
  const first = await apiA.describeTags(s.demo, s.ecs);
  expect(s.calls('DescribeTags')).toBe(c0 + 1);

  await sleep(1_300); // expired, inside the SWR window
  s.sim.setFaults({ latencyMs: LATENCY_MS });
  const reads = await Promise.all(
    Array.from({ length: 40 }, (_, i) => timed(() => (i % 2 ? apiA : apiB).describeTags(s.demo, s.ecs))),
  );
  for (const r of reads) {
    expect(r.value.requestId).toBe(first.requestId); // the stale value
    expect(r.ms).toBeLessThan(LATENCY_MS); // without waiting for upstream
  }
  expect(s.calls('DescribeTags')).toBe(c0 + 1); // all answered while the refresh was still out
  expect(apiA.stats().stale + apiB.stats().stale).toBe(40);

  await waitUntil(() => s.calls('DescribeTags') >= c0 + 2, 5_000, 'the background refresh');
  await sleep(LATENCY_MS + 100); // room for a (wrong) second refresh to show up; the new entry is fresh for 1.2 s
  expect(s.calls('DescribeTags')).toBe(c0 + 2);

  const after = await apiB.describeTags(s.demo, s.ecs);
  expect(after.requestId).not.toBe(first.requestId);
  expect(s.calls('DescribeTags')).toBe(c0 + 2);
  expect(apiB.stats().hits).toBe(1);
  expect(apiA.stats().errors + apiB.stats().errors).toBe(0);
});

it('logs a failed background refresh and keeps serving the stale value', async () => {
  const { logger, lines } = captureLogger('warn');
  const api = cachedApi(s.upstream, storeA, `${prefix}fail:`, { ttlDescribeTagsS: 0.2, swrS: 10, logger });
  s.sim.setFaults({ latencyMs: 0, errorRate: 0 });
  const first = await api.describeTags(s.demo, s.ecs);
  await sleep(300);
  s.sim.setFaults({ errorRate: 1 });
  const c0 = s.calls('DescribeTags');
  const stale = await api.describeTags(s.demo, s.ecs);
  expect(stale.requestId).toBe(first.requestId);
  await waitUntil(() => lines.some((l) => /background refresh failed/.test(l.msg)), 3_000, 'the warning');
  expect(s.calls('DescribeTags')).toBe(c0 + 1);
  const warning = lines.find((l) => /background refresh failed/.test(l.msg))!;
  expect(warning.level).toBe(LEVEL.warn);
  expect(warning.code).toBe('ServiceUnavailable');
  // Still stale-served, and the failed refresh was not cached; no new refresh for REFRESH_RETRY_MS.
  s.sim.setFaults({ errorRate: 0 });
  expect((await api.describeTags(s.demo, s.ecs)).requestId).toBe(first.requestId);
  await sleep(100);
  expect(s.calls('DescribeTags')).toBe(c0 + 1);
  await sleep(REFRESH_RETRY_MS);
  expect((await api.describeTags(s.demo, s.ecs)).requestId).toBe(first.requestId);
  await waitUntil(() => s.calls('DescribeTags') === c0 + 2, 3_000, 'the next refresh');
  expect(api.stats().stale).toBe(3);
});

it('does not serve stale beyond the SWR window', async () => {
  const api = cachedApi(s.upstream, storeA, `${prefix}beyond:`, { ttlDescribeTagsS: 0.2, swrS: 0.2 });
  s.sim.setFaults({ latencyMs: 0, errorRate: 0 });
  const first = await api.describeTags(s.demo, s.ecs);
  await sleep(500);
  const c0 = s.calls('DescribeTags');
  const second = await api.describeTags(s.demo, s.ecs);
  expect(second.requestId).not.toBe(first.requestId);
  expect(s.calls('DescribeTags')).toBe(c0 + 1);
  expect(api.stats()).toMatchObject({ stale: 0, misses: 2 });
});
