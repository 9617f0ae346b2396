/**
 * RATE_LIMIT_RPS / RATE_LIMIT_BURST with per-replica memory buckets: a burst, then 429 RATE_LIMITED with
 * Retry-After and no upstream call; a token back after waiting; one bucket per caller (API key, caller keys, IP);
 * probes never limited; refused callers take no token.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCaller } from '../../src/callers/caller.js';
import { MemoryBuckets } from '../../src/callers/rate-limit/rate-limit.js';
import { clientIp, rateLimitKeyOf } from '../../src/callers/rate-limit/rate-limit-key.js';
import { makeCredential } from '../../src/upstream/credentials.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';
const KEY_A = 'ka_rate-limit-test-key-aaaaaaaaaaaa';
const KEY_B = 'kb_rate-limit-test-key-bbbbbbbbbbbb';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// One token every 2 s: slow enough that a loaded machine cannot refill one during a burst of four requests.
const LIMIT = { RATE_LIMIT_RPS: '0.5', RATE_LIMIT_BURST: '3', CACHE_ENABLED: 'false' };

describe('MemoryBuckets', () => {
  it('takes the burst, then says when the next token comes, and refills at the rate', async () => {
    let now = 0;
    const buckets = new MemoryBuckets({ rps: 1, burst: 2 }, () => now);
    expect(await buckets.take('a')).toEqual({ allowed: true });
    expect(await buckets.take('a')).toEqual({ allowed: true });
    expect(await buckets.take('a')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(await buckets.take('b')).toEqual({ allowed: true });
    now = 500;
    expect(await buckets.take('a')).toEqual({ allowed: false, retryAfterMs: 500 });
    now = 1000;
    expect(await buckets.take('a')).toEqual({ allowed: true });
    now = 60_000;
    expect(await buckets.take('a')).toEqual({ allowed: true });
    expect(await buckets.take('a')).toEqual({ allowed: true });
    expect((await buckets.take('a')).allowed).toBe(false);
  });
});

describe('rate-limit keys', () => {
  const request = (headers: Record<string, string> = {}) => new Request('http://gw/graphql', { headers });
  const from = (remoteAddress: string) => ({ req: { socket: { remoteAddress } } });
  const resolve = (h: Headers) =>
    makeCredential(h.get('x-alibaba-cloud-access-key-id')!, h.get('x-alibaba-cloud-access-key-secret')!);

  it('is the caller, else the caller’s AccessKeyId with its IP, else the client IP; always a hash', () => {
    const keyOf = rateLimitKeyOf({ callerKeys: resolve, trustedProxies: 0 });
    const authenticated = request();
    setCaller(authenticated, { id: 'key:abc' });
    expect(keyOf(authenticated, from('10.0.0.1'))).toBe('key:abc');
    const keys = { 'x-alibaba-cloud-access-key-id': 'AKID123', 'x-alibaba-cloud-access-key-secret': 'secret-1234' };
    const byKeys = keyOf(request(keys), from('10.0.0.1'));
    expect(byKeys).toMatch(/^cred:[0-9a-f]{32}$/);
    // Never the secret (a client can make up secrets at will: issue 19, item 6); the AccessKeyId and the client IP.
    expect(keyOf(request({ ...keys, 'x-alibaba-cloud-access-key-secret': 'other-secret' }), from('10.0.0.1'))).toBe(
      byKeys,
    );
    expect(keyOf(request(keys), from('10.0.0.2'))).not.toBe(byKeys);
    expect(keyOf(request({ ...keys, 'x-alibaba-cloud-access-key-id': 'AKID456' }), from('10.0.0.1'))).not.toBe(byKeys);
    const byIp = keyOf(request(), from('10.0.0.1'));
    expect(byIp).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(byIp).not.toContain('10.0.0.1');
    expect(keyOf(request(), from('10.0.0.2'))).not.toBe(byIp);
  });

  it('takes X-Forwarded-For only as far as RATE_LIMIT_TRUSTED_PROXIES says', () => {
    const xff = request({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.9' });
    expect(clientIp(xff, from('10.0.0.1'), 0)).toBe('10.0.0.1');
    expect(clientIp(xff, from('10.0.0.1'), 1)).toBe('10.0.0.9');
    expect(clientIp(xff, from('10.0.0.1'), 2)).toBe('1.2.3.4');
    expect(clientIp(request(), from('10.0.0.1'), 1)).toBe('10.0.0.1');
  });
});

async function post(gw: TestGateway, headers: Record<string, string> = {}) {
  return fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
}

describe('rate limit by client IP (no authentication)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: LIMIT });
  });
  afterAll(() => gw?.close());

  it('serves the burst, then 429 RATE_LIMITED with Retry-After and no upstream call, then refills', async () => {
    for (let i = 0; i < 3; i++) expect((await post(gw)).status).toBe(200);
    const before = gw.sim.calls().length;
    const limited = await post(gw);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect([1, 2]).toContain(retryAfter);
    expect(await limited.json()).toEqual({
      errors: [{ message: `Too many requests; retry in ${retryAfter} s.`, extensions: { code: 'RATE_LIMITED' } }],
    });
    expect(gw.sim.calls().length).toBe(before);
    // Probes and scrapes are never limited.
    for (const path of ['/health', '/ready', '/metrics'])
      expect((await fetch(new URL(path, gw.url))).status, path).toBe(200);

    await sleep(retryAfter * 1000 + 50);
    expect((await post(gw)).status).toBe(200);
    expect((await post(gw)).status).toBe(429);
  });
});

describe('rate limit per API key', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { ...LIMIT, AUTH_MODE: 'api-key', AUTH_API_KEYS: `${sha256(KEY_A)},${sha256(KEY_B)}` },
    });
  });
  afterAll(() => gw?.close());

  it('gives each caller its own bucket; refused callers take no token', async () => {
    for (let i = 0; i < 5; i++) expect((await post(gw)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await post(gw, { 'x-api-key': KEY_A })).status).toBe(200);
    expect((await post(gw, { 'x-api-key': KEY_A })).status).toBe(429);
    // The same caller by another header is the same bucket; another caller has its own.
    expect((await post(gw, { authorization: `Bearer ${KEY_A}` })).status).toBe(429);
    expect((await post(gw, { 'x-api-key': KEY_B })).status).toBe(200);
  });
});
