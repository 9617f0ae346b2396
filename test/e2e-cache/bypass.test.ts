/**
 * Operator bypass through the gateway: `x-cache-bypass: <CACHE_BYPASS_TOKEN>` skips the reads of both layers (the
 * query goes upstream although everything is cached) and writes the fresh answer back to both, so the next normal
 * query is a hit on it. A wrong token, or the header on a gateway without a token, changes nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedTagApi } from '../../src/cache/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TestGateway } from '../support/gateway.js';
import { deleteKeys, e2ePrefix, hit, ok, post, SHARED_REDIS_URL, startCachedGateway, TAG_KEYS } from './helpers.js';

const TOKEN = 'operator-bypass-token-0123456789';
const BYPASS = { 'x-cache-bypass': TOKEN };
const prefix = e2ePrefix('bypass');
const shortPrefix = e2ePrefix('bypass-short');
const noTokenPrefix = e2ePrefix('bypass-no-token');
let sim: Simulator;
/** Default TTLs. */
let gw: TestGateway;
/** Both layers with a 2 s TTL and no SWR: old entries are gone 2 s after they were written. */
let short: TestGateway;
/** The same prefix as `short`, response cache off: it shows what the upstream layer holds. */
let shortUpstreamOnly: TestGateway;
let noToken: TestGateway;

const calls = () => sim.calls().length;
const stats = (g: TestGateway) => (g.app.api as CachedTagApi).stats();

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  gw = await startCachedGateway({ sim, prefix, env: { CACHE_BYPASS_TOKEN: TOKEN } });
  const shortEnv = {
    CACHE_BYPASS_TOKEN: TOKEN,
    CACHE_TTL_DESCRIBE_TAGS_S: '2',
    CACHE_TTL_LIST_TAG_RESOURCES_S: '2',
    CACHE_SWR_S: '0',
  };
  short = await startCachedGateway({ sim, prefix: shortPrefix, env: { ...shortEnv, RESPONSE_CACHE_TTL_S: '2' } });
  shortUpstreamOnly = await startCachedGateway({
    sim,
    prefix: shortPrefix,
    env: { ...shortEnv, RESPONSE_CACHE_TTL_S: '0' },
  });
  noToken = await startCachedGateway({ sim, prefix: noTokenPrefix });
});

afterAll(async () => {
  for (const g of [gw, short, shortUpstreamOnly, noToken]) await g?.close();
  await sim?.close();
  for (const p of [prefix, shortPrefix, noTokenPrefix]) await deleteKeys(SHARED_REDIS_URL, p);
});

describe('x-cache-bypass with the token', () => {
  it('goes upstream for every page although both layers hold the answer', async () => {
    const vars = { regionIds: ['cn-hangzhou', 'cn-beijing'] };
    const c0 = calls();
    const warm = await post(gw.url, TAG_KEYS, vars);
    expect(ok(warm)).toBe(true);
    const pages = calls() - c0;
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(hit(await post(gw.url, TAG_KEYS, vars))).toBe(true);
    expect(calls()).toBe(c0 + pages);

    const s0 = stats(gw);
    const bypassed = await post(gw.url, TAG_KEYS, vars, BYPASS);
    expect(ok(bypassed)).toBe(true);
    expect(hit(bypassed)).toBe(false);
    expect(bypassed.body.data).toEqual(warm.body.data);
    // Every upstream page again (the upstream layer skipped its read too), each once.
    expect(calls()).toBe(c0 + 2 * pages);
    expect(stats(gw).bypass).toBe(s0.bypass + pages);
    expect(stats(gw).hits).toBe(s0.hits);

    const again = await post(gw.url, TAG_KEYS, vars, BYPASS);
    expect(ok(again)).toBe(true);
    expect(calls()).toBe(c0 + 3 * pages);

    // A normal query afterwards is a hit again.
    const after = await post(gw.url, TAG_KEYS, vars);
    expect(hit(after)).toBe(true);
    expect(after.body.data).toEqual(warm.body.data);
    expect(calls()).toBe(c0 + 3 * pages);
  });

  it('writes the fresh answer back to both layers (it outlives the entries it replaced)', async () => {
    const vars = { regionIds: ['cn-shanghai', 'cn-beijing'], kind: 'ECS_DISK' };
    const c0 = calls();
    expect(ok(await post(short.url, TAG_KEYS, vars))).toBe(true);
    const warmedAt = Date.now(); // both layers' entries were written before this: gone by warmedAt + 2 s
    const pages = calls() - c0;
    expect(pages).toBeGreaterThanOrEqual(2);

    await sleep(1_200);
    const bypassedAt = Date.now(); // the bypass's entries are written after this: alive until bypassedAt + 2 s
    const bypassed = await post(short.url, TAG_KEYS, vars, BYPASS);
    expect(ok(bypassed)).toBe(true);
    expect(calls()).toBe(c0 + 2 * pages);

    await sleep(warmedAt + 2_300 - Date.now());
    // The warm-up's entries have expired; only what the bypass wrote can answer these.
    const fromResponses = await post(short.url, TAG_KEYS, vars);
    const fromUpstreamLayer = await post(shortUpstreamOnly.url, TAG_KEYS, vars);
    const checkedAt = Date.now();
    expect(ok(fromResponses)).toBe(true);
    expect(hit(fromResponses)).toBe(true);
    expect(ok(fromUpstreamLayer)).toBe(true);
    expect(calls()).toBe(c0 + 2 * pages);
    expect(checkedAt, 'the check ran while the bypass entries were still fresh').toBeLessThan(bypassedAt + 2_000);
  });
});

describe('x-cache-bypass and HTTP validators', () => {
  /** A POST whose answer may be a 304 without a body. */
  const raw = (url: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query: TAG_KEYS, variables }),
    });

  it('a bypass answer carries the normal ETag, so the entry it writes back validates as before', async () => {
    const vars = { regionIds: ['cn-shenzhen'], kind: 'ECS_IMAGE' };
    const warm = await raw(gw.url, vars);
    const etag = warm.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const bypassed = await raw(gw.url, vars, BYPASS);
    expect(bypassed.status).toBe(200);
    expect(bypassed.headers.get('etag')).toBe(etag);
    const revalidated = await raw(gw.url, vars, { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
  });

  it('a bypass with If-None-Match is answered afresh, not with 304', async () => {
    const vars = { regionIds: ['cn-shenzhen'], kind: 'ECS_SNAPSHOT' };
    const etag = (await raw(gw.url, vars)).headers.get('etag')!;
    expect((await raw(gw.url, vars, { 'if-none-match': etag })).status).toBe(304);
    const c0 = calls();
    const bypassed = await raw(gw.url, vars, { ...BYPASS, 'if-none-match': etag });
    expect(bypassed.status).toBe(200);
    expect(((await bypassed.json()) as { data?: unknown }).data).toBeTruthy();
    expect(calls()).toBeGreaterThan(c0);
  });
});

describe('x-cache-bypass without the right token', () => {
  it('a wrong token is an ordinary query: a hit, no upstream call', async () => {
    const vars = { regionIds: ['cn-hangzhou'], kind: 'ECS_SNAPSHOT' };
    expect(ok(await post(gw.url, TAG_KEYS, vars))).toBe(true);
    const c0 = calls();
    const s0 = stats(gw);
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), '', 'true']) {
      const a = await post(gw.url, TAG_KEYS, vars, { 'x-cache-bypass': wrong });
      expect(ok(a)).toBe(true);
      expect(hit(a)).toBe(true);
    }
    expect(calls()).toBe(c0);
    expect(stats(gw).bypass).toBe(s0.bypass);
  });

  it('on a gateway without CACHE_BYPASS_TOKEN the header does nothing', async () => {
    const vars = { regionIds: ['cn-hangzhou'], kind: 'ECS_SNAPSHOT' };
    expect(ok(await post(noToken.url, TAG_KEYS, vars))).toBe(true);
    const c0 = calls();
    const a = await post(noToken.url, TAG_KEYS, vars, BYPASS);
    expect(ok(a)).toBe(true);
    expect(hit(a)).toBe(true);
    expect(calls()).toBe(c0);
    expect(stats(noToken).bypass).toBe(0);
  });
});
