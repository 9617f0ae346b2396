/**
 * Through the gateway over HTTP, both layers on Redis: a repeat is a response-cache hit with no upstream call and
 * no execution; with the response cache off (RESPONSE_CACHE_TTL_S=0) the upstream layer still answers the repeat;
 * answers with errors are never response-cached; response entries live under CACHE_KEY_PREFIX, expire, and are
 * tagged by entity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedTagApi } from '../../src/cache/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TestGateway } from '../support/gateway.js';
import {
  deleteKeys,
  dumpKeys,
  e2ePrefix,
  hit,
  ok,
  post,
  rawClient,
  RESOURCES,
  SHARED_REDIS_URL,
  startCachedGateway,
  TAG_KEYS,
} from './helpers.js';

const prefix = e2ePrefix('repeat');
const noRcPrefix = e2ePrefix('repeat-no-rc');
const otherPrefix = e2ePrefix('repeat-other');
let sim: Simulator;
let gw: TestGateway;
let noRc: TestGateway;

const stats = (g: TestGateway) => (g.app.api as CachedTagApi).stats();
const calls = () => sim.calls().length;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  gw = await startCachedGateway({ sim, prefix });
  noRc = await startCachedGateway({ sim, prefix: noRcPrefix, env: { RESPONSE_CACHE_TTL_S: '0' } });
});

afterAll(async () => {
  await gw?.close();
  await noRc?.close();
  await sim?.close();
  for (const p of [prefix, noRcPrefix, otherPrefix]) await deleteKeys(SHARED_REDIS_URL, p);
});

describe('a repeated query', () => {
  it('is answered from the response cache: no upstream call, no execution', async () => {
    const vars = { regionIds: ['cn-hangzhou', 'cn-beijing'] };
    const c0 = calls();
    const first = await post(gw.url, TAG_KEYS, vars);
    expect(ok(first)).toBe(true);
    expect(first.body.extensions?.responseCache).toMatchObject({ hit: false, didCache: true });
    expect(first.body.data.tagKeys.totalCount).toBeGreaterThan(0);
    const c1 = calls();
    expect(c1).toBeGreaterThan(c0);

    const s1 = stats(gw);
    for (let i = 0; i < 5; i++) {
      const again = await post(gw.url, TAG_KEYS, vars);
      expect(ok(again)).toBe(true);
      expect(hit(again)).toBe(true);
      expect(again.body.data).toEqual(first.body.data);
    }
    expect(calls()).toBe(c1);
    // Not executed at all: the upstream-response layer was not even asked.
    expect(stats(gw)).toEqual(s1);

    // Other variables are another entry.
    const other = await post(gw.url, TAG_KEYS, { regionIds: ['cn-shanghai'] });
    expect(ok(other)).toBe(true);
    expect(hit(other)).toBe(false);
    expect(calls()).toBeGreaterThan(c1);
  });

  it('with RESPONSE_CACHE_TTL_S=0 still makes no upstream call the second time (upstream-response layer)', async () => {
    const vars = { regionIds: ['cn-hangzhou'], kind: 'ECS_DISK' };
    const c0 = calls();
    const first = await post(noRc.url, TAG_KEYS, vars);
    expect(ok(first)).toBe(true);
    expect(first.body.extensions?.responseCache).toBeUndefined();
    const c1 = calls();
    expect(c1).toBeGreaterThan(c0);

    const s1 = stats(noRc);
    const again = await post(noRc.url, TAG_KEYS, vars);
    expect(ok(again)).toBe(true);
    expect(again.body.extensions?.responseCache).toBeUndefined();
    expect(again.body.data).toEqual(first.body.data);
    expect(calls()).toBe(c1);
    // Executed, and every upstream page came from the upstream-response cache.
    const s2 = stats(noRc);
    expect(s2.hits).toBe(s1.hits + (c1 - c0));
    expect(s2.misses).toBe(s1.misses);
  });

  it('is never response-cached when its answer has errors (whole or partial)', async () => {
    const whole = { regionIds: ['xx-nowhere-1'] };
    const partial = /* GraphQL */ `
      query Partial {
        good: tagKeys(regionIds: ["cn-hangzhou"], kind: ECS_IMAGE, first: 3) { totalCount }
        bad: tagKeys(regionIds: ["xx-nowhere-2"], first: 3) { totalCount }
      }
    `;
    for (const send of [() => post(gw.url, TAG_KEYS, whole), () => post(gw.url, partial)]) {
      const first = await send();
      expect(first.body.errors?.length).toBeGreaterThan(0);
      expect(first.body.extensions?.responseCache).toMatchObject({ hit: false, didCache: false });
      const s1 = stats(gw);
      const again = await send();
      expect(again.body.errors?.length).toBeGreaterThan(0);
      expect(again.body.extensions?.responseCache).toMatchObject({ hit: false, didCache: false });
      // Executed again (the upstream layer was asked: its not-found entry or the good part's pages).
      const s2 = stats(gw);
      expect(s2.hits + s2.misses).toBeGreaterThan(s1.hits + s1.misses);
    }
    const good = (await post(gw.url, partial)).body.data;
    expect(good.good.totalCount).toBeGreaterThan(0);
    expect(good.bad).toBeNull();
  });
});

describe('response-cache entries', () => {
  it('live under CACHE_KEY_PREFIX, all with a TTL, none outside it', async () => {
    const inv = sim.inventory();
    const instance = inv.resources.find((r) => r.type === 'instance' && r.tags.length > 0)!;
    const vars = { refs: [{ kind: 'ECS_INSTANCE', regionId: instance.regionId, resourceId: instance.resourceId }] };
    // The ETag is no longer the response's id (it hashes the data too): the id is the one new `rc:resp:` key.
    const responseKeys = async () => [...(await dumpKeys(SHARED_REDIS_URL, `${prefix}rc:resp:`)).keys()];
    const before = new Set(await responseKeys());
    const first = await post(gw.url, RESOURCES, vars);
    expect(ok(first)).toBe(true);
    expect(first.body.extensions?.responseCache).toMatchObject({ didCache: true });
    expect(hit(await post(gw.url, RESOURCES, vars))).toBe(true);
    const added = (await responseKeys()).filter((k) => !before.has(k));
    expect(added).toHaveLength(1);
    const responseId = added[0]!.slice(`${prefix}rc:resp:`.length);
    expect(responseId).toMatch(/^[0-9a-f]{64}$/);

    const client = rawClient(SHARED_REDIS_URL);
    try {
      // Nothing of this gateway's outside its prefix: not the response, not an un-prefixed type index.
      expect(await client.exists(responseId!)).toBe(0);
      expect(await client.sismember('EcsInstance', responseId!)).toBe(0);
      const keys = await dumpKeys(SHARED_REDIS_URL, prefix);
      const holding = [...keys].filter(([k, v]) => k.includes(responseId!) || v.split('\n').includes(responseId!));
      expect(holding.length).toBeGreaterThan(0);
      // Every key expires by itself (a response's entity index lives as long as the response, not forever).
      for (const key of keys.keys()) {
        if (key.endsWith(':lock')) continue;
        expect({ key, pttl: await client.pttl(key) }).toMatchObject({ pttl: expect.any(Number) });
        expect(await client.pttl(key), key).toBeGreaterThan(0);
      }
    } finally {
      client.disconnect();
    }
  });

  it('are tagged by entity: invalidating one resource drops the responses that showed it, and only those', async () => {
    const [one, two] = sim.inventory().resources.filter((r) => r.type === 'disk' && r.tags.length > 0);
    const refOf = (r: typeof one) => ({ kind: 'ECS_DISK', regionId: r!.regionId, resourceId: r!.resourceId });
    const both = { refs: [refOf(one), refOf(two)] };
    const onlyTwo = { refs: [refOf(two)] };
    const first = await post(gw.url, RESOURCES, both);
    expect(ok(first)).toBe(true);
    expect(ok(await post(gw.url, RESOURCES, onlyTwo))).toBe(true);
    expect([hit(await post(gw.url, RESOURCES, both)), hit(await post(gw.url, RESOURCES, onlyTwo))]).toEqual([
      true,
      true,
    ]);

    // The gateway's own response store (on the same Redis and prefix).
    await gw.app.cache.responses.invalidate([{ typename: 'EcsDisk', id: first.body.data.resources[0].id }]);
    expect(hit(await post(gw.url, RESOURCES, both))).toBe(false);
    expect(hit(await post(gw.url, RESOURCES, onlyTwo))).toBe(true);
  });

  it('are dropped by changing CACHE_KEY_PREFIX (another prefix on the same Redis shares nothing)', async () => {
    const vars = { regionIds: ['cn-hangzhou', 'cn-beijing'] };
    expect(hit(await post(gw.url, TAG_KEYS, vars))).toBe(true);
    const other = await startCachedGateway({ sim, prefix: otherPrefix });
    try {
      const c0 = calls();
      const fresh = await post(other.url, TAG_KEYS, vars);
      expect(ok(fresh)).toBe(true);
      expect(hit(fresh)).toBe(false);
      expect(calls()).toBeGreaterThan(c0);
    } finally {
      await other.close();
    }
  });
});
