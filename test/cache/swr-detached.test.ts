/**
 * A background refresh is nobody's request: the request whose stale read started it is charged the cache hit only,
 * not the refresh's upstream attempts (its log line would otherwise report calls its meter never counted). A load
 * shared by two requests counts its attempts for the request that started it (the scope of its call options).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/cache/stores/memory-store.js';
import { newRequestScope } from '../../src/observability/request-scope.js';
import { waitUntil } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

let s: SimSetup;

beforeAll(async () => {
  s = await startSim();
});

afterAll(async () => {
  await s?.sim.close();
});

it("does not count the refresh's upstream attempts on the request that found the entry stale", async () => {
  const store = createMemoryStore({ maxEntries: 100 });
  const api = cachedApi(s.upstream, store, 'swr-detached:', { ttlDescribeTagsS: 0.2, swrS: 10 });
  await api.describeTags(s.demo, s.ecs);
  await sleep(300); // expired, inside the SWR window

  const c0 = s.calls('DescribeTags');
  const scope = newRequestScope('stale-reader');
  await api.describeTags(s.demo, s.ecs, { scope });
  await waitUntil(() => s.calls('DescribeTags') === c0 + 1, 5_000);
  await sleep(50); // the refresh's attempt has ended

  expect(scope.cacheHits).toBe(1);
  expect(scope.upstreamCalls).toBe(0);
  await store.close();
});

it('a shared load counts its upstream attempt for the request that started it only', async () => {
  const store = createMemoryStore({ maxEntries: 100 });
  const api = cachedApi(s.upstream, store, 'swr-shared:');
  const first = newRequestScope('first');
  const second = newRequestScope('second');
  const c0 = s.calls('DescribeTags');
  await Promise.all([
    api.describeTags(s.demo, s.ecs, { scope: first }),
    api.describeTags(s.demo, s.ecs, { scope: second }),
  ]);
  expect(s.calls('DescribeTags')).toBe(c0 + 1);
  expect(first).toMatchObject({ upstreamCalls: 1, cacheMisses: 1, cacheHits: 0 });
  expect(second).toMatchObject({ upstreamCalls: 0, cacheMisses: 1, cacheHits: 0 });
  await store.close();
});
