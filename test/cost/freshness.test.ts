/**
 * Freshness: `Resource.tagsFetchedAt` and the catalog connections' `fetchedAt` say when the upstream answers
 * were fetched; `Cache-Control: max-age=N` (bounded below by FRESHNESS_FLOOR_S) refetches cached answers older
 * than N and skips the response cache; the `Age` header and `extensions.upstream.oldestFetchedAt` tell what the
 * response got.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { measured } from './helpers.js';

const CATALOG = `{ tagCatalog(regionIds: ["cn-hangzhou"], first: 2) { fetchedAt edges { node { key } } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('freshness', () => {
  let gw: TestGateway;
  let instanceId: string;
  const tagsQuery =
    () => `{ resources(refs: [{ kind: ECS_INSTANCE, regionId: "cn-hangzhou", resourceId: "${instanceId}" }]) {
    tagsFetchedAt tags { totalCount } } }`;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { FRESHNESS_FLOOR_S: '1' } });
    instanceId = gw.sim
      .inventory()
      .resources.find((r) => r.type === 'instance' && r.regionId === 'cn-hangzhou')!.resourceId;
  });
  afterAll(() => gw?.close());

  async function raw(query: string, headers: Record<string, string> = {}, on: TestGateway = gw) {
    const res = await fetch(on.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return { res, body: (await res.json()) as { data: any; extensions: any } };
  }

  it('tells when tags and catalog pages were fetched, and keeps telling it from the cache', async () => {
    const before = Date.now();
    const cold = await measured(gw, tagsQuery());
    const at = Date.parse(cold.res.data.resources[0].tagsFetchedAt);
    expect(at).toBeGreaterThanOrEqual(before - 5);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(cold.upstream.oldestFetchedAt!)).toBeLessThanOrEqual(at);
    await sleep(20);
    // Upstream-cache hit (the response cache is skipped by asking for the catalog too): same fetch time.
    const warm = await measured(gw, `{ a: ${tagsQuery().slice(1, -1)} b: __typename }`);
    expect(warm.upstream.calls).toBe(0);
    expect(warm.res.data.a[0].tagsFetchedAt).toBe(cold.res.data.resources[0].tagsFetchedAt);

    const catalog = await measured(gw, CATALOG);
    expect(Date.parse(catalog.res.data.tagCatalog.fetchedAt)).toBeGreaterThan(before - 5);
  });

  it('Cache-Control: max-age refetches older answers, skips the response cache and reports the age', async () => {
    await raw(CATALOG); // cached in both layers
    await sleep(1_200);
    const cached = await raw(CATALOG);
    expect(cached.body.extensions.upstream).toMatchObject({ responseCache: 'hit', calls: 0 });
    expect(Number(cached.res.headers.get('age'))).toBeGreaterThanOrEqual(1);

    const before = gw.sim.calls().length;
    const fresh = await raw(CATALOG, { 'cache-control': 'max-age=1' });
    expect(gw.sim.calls().length - before).toBe(1);
    expect(fresh.body.extensions.upstream).toMatchObject({ responseCache: 'bypass', calls: 1, cacheHits: 0 });
    expect(fresh.res.headers.get('age')).toBe('0');
    expect(Date.parse(fresh.body.data.tagCatalog.fetchedAt)).toBeGreaterThan(
      Date.parse(cached.body.data.tagCatalog.fetchedAt),
    );

    // Answers younger than max-age are served from the upstream cache.
    const young = await raw(CATALOG, { 'cache-control': 'max-age=60' });
    expect(young.body.extensions.upstream).toMatchObject({ responseCache: 'bypass', calls: 0, cacheHits: 1 });
  });

  it('bounds max-age below by FRESHNESS_FLOOR_S', async () => {
    // its own gateway with a floor of an hour, so the answer is young enough however slow the machine is
    const floored = await startTestGateway({ env: { FRESHNESS_FLOOR_S: '3600' } });
    try {
      const first = await raw(CATALOG, { 'cache-control': 'max-age=1' }, floored);
      expect(first.body.extensions.upstream).toMatchObject({ calls: 1, responseCache: 'bypass' });
      // max-age=0 reads as the floor (an hour): the answer just fetched is young enough.
      const floor = await raw(CATALOG, { 'cache-control': 'max-age=0' }, floored);
      expect(floor.body.extensions.upstream).toMatchObject({ calls: 0, cacheHits: 1, responseCache: 'bypass' });
    } finally {
      await floored.close();
    }
  });

  it('single-flights a forced refresh: 16 concurrent identical max-age requests make 1 upstream call (issue 19, item 5)', async () => {
    // A slow upstream (100 ms): the 16 requests all arrive while the refresh runs.
    const fresh = await startTestGateway({
      simulator: { faults: { latencyMs: 100 } },
      env: { FRESHNESS_FLOOR_S: '1' },
    });
    try {
      const q = `{ tagCatalog(regionIds: ["cn-beijing"], first: 3) { fetchedAt edges { node { key } } } }`;
      await raw(q, {}, fresh); // warm: the entry exists, and is too old for max-age=0 (1 s, the floor) after:
      await sleep(1_100);
      const before = fresh.sim.calls().length;
      const answers = await Promise.all(
        Array.from({ length: 16 }, () => raw(q, { 'cache-control': 'max-age=0' }, fresh)),
      );
      expect(fresh.sim.calls().length - before).toBe(1);
      const calls = answers.map((a) => a.body.extensions.upstream.calls as number);
      expect(calls.reduce((s, n) => s + n, 0)).toBe(1);
      // The others joined that call, or read its answer once stored.
      for (const { body } of answers) {
        const u = body.extensions.upstream as { calls: number; coalesced: number; cacheHits: number };
        expect(u.calls + u.coalesced + u.cacheHits).toBeGreaterThan(0);
      }
      const fetchedAt = new Set(answers.map((a) => a.body.data.tagCatalog.fetchedAt));
      expect(fetchedAt.size).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
