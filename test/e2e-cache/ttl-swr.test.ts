/**
 * Expiry and stale-while-revalidate through the gateway, on the shared Redis. With 1 s TTLs and no SWR, an
 * expired answer is fetched again (every upstream request once, waiting on the upstream). With CACHE_SWR_S, an
 * expired answer is served at once (before the slow upstream answers anything) while exactly one background
 * refresh per upstream request runs, however many stale reads come in; then the refreshed entries answer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedTagApi } from '../../src/cache/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TestGateway } from '../support/gateway.js';
import {
  callsPerRequest,
  deleteKeys,
  e2ePrefix,
  hit,
  ok,
  post,
  SHARED_REDIS_URL,
  startCachedGateway,
  TAG_KEYS,
  waitUntil,
} from './helpers.js';

const ttlPrefix = e2ePrefix('ttl');
const swrPrefix = e2ePrefix('swr');
/** Simulator latency while the upstream is "slow". */
const SLOW_MS = 1_000;
let sim: Simulator;
/** 1 s TTLs in both layers, no SWR. */
let ttl: TestGateway;
/** 1 s upstream TTLs, 30 s SWR, no response cache (so every request reaches the upstream layer). */
let swr: TestGateway;

const ACK_CLUSTERS = /* GraphQL */ `
  query Clusters($regionId: String!, $clusterIds: [String!]!) {
    ackClusters(regionId: $regionId, clusterIds: $clusterIds) {
      totalCount
      edges { node { resourceId tags(first: 10) { totalCount edges { node { key value } } } } }
    }
  }
`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const oneSecond = { CACHE_TTL_DESCRIBE_TAGS_S: '1', CACHE_TTL_LIST_TAG_RESOURCES_S: '1' };
  ttl = await startCachedGateway({
    sim,
    prefix: ttlPrefix,
    env: { ...oneSecond, CACHE_SWR_S: '0', RESPONSE_CACHE_TTL_S: '1' },
  });
  swr = await startCachedGateway({
    sim,
    prefix: swrPrefix,
    env: { ...oneSecond, CACHE_SWR_S: '30', RESPONSE_CACHE_TTL_S: '0' },
  });
});

afterAll(async () => {
  sim?.setFaults({ latencyMs: 0 });
  await ttl?.close();
  await swr?.close();
  await sim?.close();
  for (const p of [ttlPrefix, swrPrefix]) await deleteKeys(SHARED_REDIS_URL, p);
});

describe('expiry (no SWR)', () => {
  it('refetches every upstream request once after the TTL, in both operations', async () => {
    const clusterIds = sim
      .inventory()
      .resources.filter((r) => r.type === 'cluster' && r.regionId === 'cn-hangzhou')
      .map((r) => r.resourceId)
      .slice(0, 4);
    expect(clusterIds.length).toBeGreaterThan(0);
    const queries = [
      () => post(ttl.url, TAG_KEYS, { regionIds: ['cn-hangzhou', 'cn-beijing'] }),
      () => post(ttl.url, ACK_CLUSTERS, { regionId: 'cn-hangzhou', clusterIds }),
    ];
    const c0 = sim.calls().length;
    const first = await Promise.all(queries.map((q) => q()));
    expect(first.every(ok)).toBe(true);
    const fetched = sim.calls().slice(c0);
    const distinct = callsPerRequest(fetched);
    expect([...distinct.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(fetched.map((c) => c.operation))).toEqual(new Set(['DescribeTags', 'ListTagResources']));

    const repeat = await Promise.all(queries.map((q) => q()));
    expect(repeat.every(hit)).toBe(true);
    expect(sim.calls().length).toBe(c0 + fetched.length);

    await sleep(1_300);
    const c1 = sim.calls().length;
    const expired = await Promise.all(queries.map((q) => q()));
    expect(expired.every(ok)).toBe(true);
    expect(expired.some(hit)).toBe(false);
    expect(expired.map((a) => a.body.data)).toEqual(first.map((a) => a.body.data));
    // The same upstream requests again, each once.
    expect(callsPerRequest(sim.calls().slice(c1))).toEqual(distinct);
  });

  it('makes an expired read wait on a slow upstream (the contrast for SWR)', async () => {
    const vars = { regionIds: ['cn-shenzhen'], kind: 'ECS_IMAGE' };
    expect(ok(await post(ttl.url, TAG_KEYS, vars))).toBe(true);
    await sleep(1_300);
    sim.setFaults({ latencyMs: SLOW_MS });
    try {
      const expired = await post(ttl.url, TAG_KEYS, vars);
      expect(ok(expired)).toBe(true);
      expect(expired.ms).toBeGreaterThanOrEqual(SLOW_MS);
    } finally {
      sim.setFaults({ latencyMs: 0 });
    }
  });
});

describe('stale-while-revalidate', () => {
  it('serves the stale answer at once and refreshes each upstream request exactly once in the background', async () => {
    const vars = { regionIds: ['cn-hangzhou', 'cn-shanghai'], kind: 'ECS_DISK' };
    const stats = () => (swr.app.api as CachedTagApi).stats();
    const c0 = sim.calls().length;
    const warm = await post(swr.url, TAG_KEYS, vars);
    expect(ok(warm)).toBe(true);
    const distinct = callsPerRequest(sim.calls().slice(c0));
    const pages = sim.calls().length - c0;
    expect(pages).toBeGreaterThanOrEqual(2);

    await sleep(1_200); // expired, within the SWR window
    sim.setFaults({ latencyMs: SLOW_MS });
    try {
      const s0 = stats();
      const c1 = sim.calls().length;
      // A burst of stale reads while the refreshes are still running upstream.
      const stale = await Promise.all(Array.from({ length: 20 }, () => post(swr.url, TAG_KEYS, vars)));
      expect(stale.every(ok)).toBe(true);
      for (const a of stale) expect(a.body.data).toEqual(warm.body.data);
      expect(stats().stale).toBe(s0.stale + 20 * pages);

      // One background refresh per upstream request (the call log has an entry once a call is answered).
      await waitUntil(() => sim.calls().length >= c1 + pages, 5_000, 'the background refreshes');
      await sleep(150); // their writes
      const refreshes = sim.calls().slice(c1);
      expect(callsPerRequest(refreshes)).toEqual(distinct);
      // Nobody waited on the slow upstream: every stale answer was in before the first refresh was answered.
      const firstRefreshAnswered = Math.min(...refreshes.map((c) => c.endedAt));
      expect(Math.max(...stale.map((a) => a.endedAt))).toBeLessThan(firstRefreshAnswered);

      // The refreshed entries are fresh (for 1 s): served without any upstream call, and fast.
      const s1 = stats();
      const fresh = await post(swr.url, TAG_KEYS, vars);
      expect(ok(fresh)).toBe(true);
      expect(stats().hits).toBe(s1.hits + pages);
      expect(stats().stale).toBe(s1.stale);

      // And no late duplicate refresh shows up.
      await sleep(SLOW_MS + 200);
      expect(sim.calls().length).toBe(c1 + pages);
    } finally {
      sim.setFaults({ latencyMs: 0 });
    }
  });
});
