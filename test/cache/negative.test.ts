/**
 * Errors are not cached, except not-found answers for CACHE_NEGATIVE_TTL_S, re-thrown as an equal UpstreamError.
 * InvalidInput, throttling and 5xx are never cached.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNegativeCacheable } from '../../src/cache/cached-tag-api.js';
import { describeTagsKey } from '../../src/cache/keys.js';
import { RedisStore } from '../../src/cache/redis-store.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { deleteKeys, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('negative');
let s: SimSetup;
let store: RedisStore;

beforeAll(async () => {
  s = await startSim();
  store = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await store.ready(3_000)).toBe(true);
});

afterAll(async () => {
  s?.sim.setFaults({ errorRate: 0, qpsPerKey: 0 });
  await store?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

async function caught(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamError);
    return err as UpstreamError;
  }
  throw new Error('expected the call to fail');
}

const unknownRegion = { regionId: 'xx-nowhere-1', resourceType: 'instance' as const };

describe('not-found answers', () => {
  it('are cached for the negative TTL and re-thrown equal', async () => {
    const api = cachedApi(s.upstream, store, `${prefix}nf:`, { negativeTtlS: 0.4 });
    const c0 = s.calls();
    const first = await caught(api.describeTags(s.demo, unknownRegion));
    expect(first.code).toBe('InvalidRegionId.NotFound');
    expect(first.isNotFound).toBe(true);
    expect(s.calls()).toBe(c0 + 1);

    const second = await caught(api.describeTags(s.demo, unknownRegion));
    expect(s.calls()).toBe(c0 + 1);
    expect(second).not.toBe(first);
    for (const field of ['code', 'status', 'operation', 'message', 'requestId', 'retryable'] as const) {
      expect(second[field]).toEqual(first[field]);
    }
    expect(second.isNotFound).toBe(true);
    expect(api.stats()).toMatchObject({ hits: 1, misses: 1 });

    await sleep(500);
    await caught(api.describeTags(s.demo, unknownRegion));
    expect(s.calls()).toBe(c0 + 2);
  });

  it('are not cached with a negative TTL of 0', async () => {
    const api = cachedApi(s.upstream, store, `${prefix}nf0:`, { negativeTtlS: 0 });
    const c0 = s.calls();
    await caught(api.listTagResources(s.demo, { ...s.cs, regionId: 'xx-nowhere-1' }));
    await caught(api.listTagResources(s.demo, { ...s.cs, regionId: 'xx-nowhere-1' }));
    expect(s.calls()).toBe(c0 + 2);
  });
});

describe('other errors', () => {
  it('InvalidInput is refused before any call and never written', async () => {
    const api = cachedApi(s.upstream, store, `${prefix}inv:`);
    const bad = { regionId: 'NOT A REGION', resourceType: 'instance' as const };
    const c0 = s.calls();
    expect((await caught(api.describeTags(s.demo, bad))).isInvalidInput).toBe(true);
    expect((await caught(api.describeTags(s.demo, bad))).isInvalidInput).toBe(true);
    expect(s.calls()).toBe(c0);
    expect(await store.get(describeTagsKey(`${prefix}inv:`, s.demo, bad))).toBeNull();
  });

  it('5xx answers are not cached', async () => {
    const api = cachedApi(s.upstream, store, `${prefix}5xx:`);
    s.sim.setFaults({ errorRate: 1 });
    try {
      const c0 = s.calls();
      const err = await caught(api.describeTags(s.demo, s.ecs));
      expect(err.status).toBe(503);
      await caught(api.describeTags(s.demo, s.ecs));
      expect(s.calls()).toBe(c0 + 2);
      expect(await store.get(describeTagsKey(`${prefix}5xx:`, s.demo, s.ecs))).toBeNull();
    } finally {
      s.sim.setFaults({ errorRate: 0 });
    }
    await api.describeTags(s.demo, s.ecs); // and a later success is cached normally
    expect(api.stats().misses).toBe(3);
  });

  it('throttling answers are not cached', async () => {
    const api = cachedApi(s.upstream, store, `${prefix}thr:`);
    s.sim.setFaults({ qpsPerKey: 1 });
    try {
      await api.describeTags(s.tenantB, s.ecs); // takes the only token
      const c0 = s.calls();
      const err = await caught(api.describeTags(s.tenantB, { ...s.ecs, resourceType: 'disk' }));
      expect(err.isThrottled).toBe(true);
      await caught(api.describeTags(s.tenantB, { ...s.ecs, resourceType: 'disk' }));
      expect(s.calls()).toBe(c0 + 2);
    } finally {
      s.sim.setFaults({ qpsPerKey: 0 });
    }
  });

  it('classifies errors: only non-retryable not-found answers qualify', () => {
    const make = (code: string, status?: number, retryable = false) =>
      new UpstreamError({ operation: 'DescribeTags', code, message: code, status, retryable });
    expect(isNegativeCacheable(make('InvalidRegionId.NotFound', 404))).toBe(true);
    expect(isNegativeCacheable(make('Anything', 404))).toBe(true);
    expect(isNegativeCacheable(make('InvalidInput'))).toBe(false);
    expect(isNegativeCacheable(make('Throttling.User', 400, true))).toBe(false);
    expect(isNegativeCacheable(make('ServiceUnavailable', 503, true))).toBe(false);
    expect(isNegativeCacheable(make('Weird.NotFound', 503))).toBe(false);
    expect(isNegativeCacheable(new Error('InvalidRegionId.NotFound'))).toBe(false);
  });
});
