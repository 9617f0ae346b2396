/**
 * Errors are not cached, except not-found answers for CACHE_NEGATIVE_TTL_S, re-thrown as an equal UpstreamError.
 * InvalidInput, throttling and 5xx are never cached.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isNegativeCacheable } from '../../src/cache/cached-tag-api.js';
import { describeTagsKey } from '../../src/cache/keys.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { cachedApi, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('negative');

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
    const api = cachedApi(env.s.upstream, env.store, `${env.prefix}nf:`, { negativeTtlS: 0.4 });
    const c0 = env.s.calls();
    const first = await caught(api.describeTags(env.s.demo, unknownRegion));
    expect(first.code).toBe('InvalidRegionId.NotFound');
    expect(first.isNotFound).toBe(true);
    expect(env.s.calls()).toBe(c0 + 1);

    const second = await caught(api.describeTags(env.s.demo, unknownRegion));
    expect(env.s.calls()).toBe(c0 + 1);
    expect(second).not.toBe(first);
    for (const field of ['code', 'status', 'operation', 'message', 'requestId', 'retryable'] as const) {
      expect(second[field]).toEqual(first[field]);
    }
    expect(second.isNotFound).toBe(true);
    expect(api.stats()).toMatchObject({ hits: 1, misses: 1 });

    await sleep(500);
    await caught(api.describeTags(env.s.demo, unknownRegion));
    expect(env.s.calls()).toBe(c0 + 2);
  });

  it('are not cached with a negative TTL of 0', async () => {
    const api = cachedApi(env.s.upstream, env.store, `${env.prefix}nf0:`, { negativeTtlS: 0 });
    const c0 = env.s.calls();
    await caught(api.listTagResources(env.s.demo, { ...env.s.cs, regionId: 'xx-nowhere-1' }));
    await caught(api.listTagResources(env.s.demo, { ...env.s.cs, regionId: 'xx-nowhere-1' }));
    expect(env.s.calls()).toBe(c0 + 2);
  });
});

describe('other errors', () => {
  it('InvalidInput is refused before any call and never written', async () => {
    const api = cachedApi(env.s.upstream, env.store, `${env.prefix}inv:`);
    const bad = { regionId: 'NOT A REGION', resourceType: 'instance' as const };
    const c0 = env.s.calls();
    expect((await caught(api.describeTags(env.s.demo, bad))).isInvalidInput).toBe(true);
    expect((await caught(api.describeTags(env.s.demo, bad))).isInvalidInput).toBe(true);
    expect(env.s.calls()).toBe(c0);
    expect(await env.store.get(describeTagsKey(`${env.prefix}inv:`, env.s.demo, bad))).toBeNull();
  });

  it('5xx answers are not cached', async () => {
    const api = cachedApi(env.s.upstream, env.store, `${env.prefix}5xx:`);
    env.s.sim.setFaults({ errorRate: 1 });
    try {
      const c0 = env.s.calls();
      const err = await caught(api.describeTags(env.s.demo, env.s.ecs));
      expect(err.status).toBe(503);
      await caught(api.describeTags(env.s.demo, env.s.ecs));
      expect(env.s.calls()).toBe(c0 + 2);
      expect(await env.store.get(describeTagsKey(`${env.prefix}5xx:`, env.s.demo, env.s.ecs))).toBeNull();
    } finally {
      env.s.sim.setFaults({ errorRate: 0 });
    }
    await api.describeTags(env.s.demo, env.s.ecs); // and a later success is cached normally
    expect(api.stats().misses).toBe(3);
  });

  it('throttling answers are not cached', async () => {
    const api = cachedApi(env.s.upstream, env.store, `${env.prefix}thr:`);
    env.s.sim.setFaults({ qpsPerKey: 1 });
    try {
      await api.describeTags(env.s.tenantB, env.s.ecs); // takes the only token
      const c0 = env.s.calls();
      const err = await caught(api.describeTags(env.s.tenantB, { ...env.s.ecs, resourceType: 'disk' }));
      expect(err.isThrottled).toBe(true);
      await caught(api.describeTags(env.s.tenantB, { ...env.s.ecs, resourceType: 'disk' }));
      expect(env.s.calls()).toBe(c0 + 2);
    } finally {
      env.s.sim.setFaults({ qpsPerKey: 0 });
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
