/** `{ cache: 'bypass' }` skips the read (always upstream) but still writes, so the next normal call hits it. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/redis-store.js';
import { deleteKeys, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('bypass');
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

it('skips the read, still writes', async () => {
  const api = cachedApi(s.upstream, store, prefix);
  const c0 = s.calls('ListTagResources');
  const cached = await api.listTagResources(s.demo, s.cs);
  expect((await api.listTagResources(s.demo, s.cs)).requestId).toBe(cached.requestId);
  expect(s.calls('ListTagResources')).toBe(c0 + 1);

  const bypassed = await api.listTagResources(s.demo, s.cs, { cache: 'bypass' });
  expect(bypassed.requestId).not.toBe(cached.requestId);
  const again = await api.listTagResources(s.demo, s.cs, { cache: 'bypass' });
  expect(again.requestId).not.toBe(bypassed.requestId);
  expect(s.calls('ListTagResources')).toBe(c0 + 3);

  // The last bypass answer replaced the entry.
  expect((await api.listTagResources(s.demo, s.cs)).requestId).toBe(again.requestId);
  expect(s.calls('ListTagResources')).toBe(c0 + 3);
  expect(api.stats()).toMatchObject({ bypass: 2, hits: 2, misses: 1 });
});

it('passes the caller signal through on bypass', async () => {
  const api = cachedApi(s.upstream, store, prefix);
  const controller = new AbortController();
  controller.abort();
  await expect(api.describeTags(s.demo, s.ecs, { cache: 'bypass', signal: controller.signal })).rejects.toMatchObject({
    code: 'Aborted',
  });
});
