/**
 * Conditional requests and shared caches (issue 12, items 1 and 2). Two tenants (CALLER_CREDENTIALS=true, keys in
 * headers) on one gateway with the in-memory response cache: If-None-Match answers 304 only when the tag is the
 * one of the response this very request gets — same document, same variables, same caller — and never reveals
 * whether another tenant's (or another query's) response is cached. ETags are quoted (RFC 9110), lists and weak
 * tags compare as RFC 9110's weak comparison says, and every response is private with Vary on what changes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ifNoneMatchHits, parseIfNoneMatch } from '../../src/http/etag.js';
import { DEMO_KEY, startSimulator, type Simulator, type SimulatorKey } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const TENANT_B = { accessKeyId: 'tenant-b-key', accessKeySecret: 'tenant-b-secret' };
const TAG_KEYS =
  'query TagKeys($regionIds: [String!]!, $first: Int = 5) { tagKeys(regionIds: $regionIds, first: $first) { totalCount edges { node { key } } } }';
const OTHER_DOC =
  'query TagKeysAgain($regionIds: [String!]!) { tagKeys(regionIds: $regionIds, first: 3) { totalCount } }';
const VARS = { regionIds: ['cn-hangzhou'] };

let sim: Simulator;
let gw: TestGateway;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY, TENANT_B] });
  gw = await startTestGateway({ sim, env: { CALLER_CREDENTIALS: 'true', UPSTREAM_MAX_ATTEMPTS: '1' } });
});

afterAll(async () => {
  await gw?.close();
  await sim?.close();
});

const as = (key: SimulatorKey) => ({
  'x-alibaba-cloud-access-key-id': key.accessKeyId,
  'x-alibaba-cloud-access-key-secret': key.accessKeySecret,
});

function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

function get(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const url = new URL(gw.url);
  url.searchParams.set('query', query);
  url.searchParams.set('variables', JSON.stringify(variables));
  return fetch(url, { headers: { accept: 'application/graphql-response+json', ...headers } });
}

/** Warms tenant A's entry and returns its ETag. */
async function tagOf(query: string, variables: Record<string, unknown>, key: SimulatorKey): Promise<string> {
  const res = await post(query, variables, as(key));
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  const etag = res.headers.get('etag');
  expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
  return etag!;
}

describe('If-None-Match answers 304 only for the response this request gets', () => {
  it('the same caller, document and variables: 304, by POST and by GET, with the tag and no body', async () => {
    const etag = await tagOf(TAG_KEYS, VARS, DEMO_KEY);
    const viaPost = await post(TAG_KEYS, VARS, { ...as(DEMO_KEY), 'if-none-match': etag });
    expect(viaPost.status).toBe(304);
    expect(viaPost.headers.get('etag')).toBe(etag);
    expect(await viaPost.text()).toBe('');
    const viaGet = await get(TAG_KEYS, VARS, { ...as(DEMO_KEY), 'if-none-match': etag });
    expect(viaGet.status).toBe(304);
    expect(viaGet.headers.get('cache-control')).toBe('private, no-cache');
  });

  it("another tenant sending tenant A's tag gets its own 200, whether or not its own entry is cached", async () => {
    const etagA = await tagOf(TAG_KEYS, VARS, DEMO_KEY);
    for (let round = 0; round < 2; round++) {
      const res = await post(TAG_KEYS, VARS, { ...as(TENANT_B), 'if-none-match': etagA });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data?: unknown; extensions?: { responseCache?: { hit?: boolean } } };
      expect(body.data).toBeTruthy();
      expect(body.extensions?.responseCache?.hit).toBe(round === 1);
      expect(res.headers.get('etag')).not.toBe(etagA);
    }
  });

  it('a different document or different variables with a cached tag: the normal 200', async () => {
    const etag = await tagOf(TAG_KEYS, VARS, DEMO_KEY);
    await tagOf(OTHER_DOC, VARS, DEMO_KEY);
    await tagOf(TAG_KEYS, { regionIds: ['cn-beijing'] }, DEMO_KEY);
    for (const [query, variables] of [
      [OTHER_DOC, VARS],
      [TAG_KEYS, { regionIds: ['cn-beijing'] }],
      [TAG_KEYS, { regionIds: ['cn-hangzhou'], first: 6 }],
    ] as const) {
      const res = await post(query, variables, { ...as(DEMO_KEY), 'if-none-match': etag });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data?: unknown }).data).toBeTruthy();
    }
  });

  it('a tag probe without credentials, with a wrong secret, or a bare cache key: 200 or an error, never 304', async () => {
    const etag = await tagOf(TAG_KEYS, VARS, TENANT_B);
    const probes: Array<Record<string, string>> = [
      { 'if-none-match': etag },
      { ...as({ accessKeyId: TENANT_B.accessKeyId, accessKeySecret: 'not-the-secret-at-all' }), 'if-none-match': etag },
      { ...as(TENANT_B), 'if-none-match': etag.slice(1, -1) },
    ];
    for (const headers of probes) expect((await post(TAG_KEYS, VARS, headers)).status).not.toBe(304);
  });

  it('lists, weak tags and * compare as RFC 9110 says', async () => {
    const etag = await tagOf(TAG_KEYS, VARS, DEMO_KEY);
    const status = async (value: string) =>
      (await post(TAG_KEYS, VARS, { ...as(DEMO_KEY), 'if-none-match': value })).status;
    expect(await status(`"0000", ${etag}`)).toBe(304);
    expect(await status(`W/${etag}`)).toBe(304);
    expect(await status('*')).toBe(304);
    expect(await status('"0000", W/"1111"')).toBe(200);
  });
});

describe('no shared cache keeps a response', () => {
  it('a cacheable answer is private, no-cache with a quoted ETag; errors are private, no-store', async () => {
    const res = await post(TAG_KEYS, VARS, as(DEMO_KEY));
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const failed = await post('{ nope }', {}, as(DEMO_KEY));
    expect(failed.headers.get('cache-control')).toBe('private, no-store');
    expect(failed.headers.get('etag')).toBeNull();
    const health = await fetch(new URL('/health', gw.url));
    expect(health.headers.get('cache-control')).toBe('private, no-store');
  });

  it('Vary names every request header that changes the answer', async () => {
    for (const res of [await post(TAG_KEYS, VARS, as(DEMO_KEY)), await get(TAG_KEYS, VARS)]) {
      const vary = (res.headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase());
      for (const name of [
        'accept',
        'authorization',
        'origin',
        'x-alibaba-cloud-access-key-id',
        'x-alibaba-cloud-access-key-secret',
        'x-alibaba-cloud-security-token',
        'x-api-key',
        'x-router-secret',
        'x-cache-bypass',
      ]) {
        expect(vary).toContain(name);
      }
    }
  });
});

describe('If-None-Match parsing', () => {
  it('keeps quoted tags, drops W/, stops at anything malformed', () => {
    expect(parseIfNoneMatch(' "a" , W/"b","c"')).toEqual(['"a"', '"b"', '"c"']);
    expect(parseIfNoneMatch('abc')).toEqual([]);
    expect(parseIfNoneMatch('*')).toBe('*');
    expect(ifNoneMatchHits('W/"x"', '"x"')).toBe(true);
    expect(ifNoneMatchHits('"x"', 'W/"x"')).toBe(true);
    expect(ifNoneMatchHits('x', '"x"')).toBe(false);
    expect(ifNoneMatchHits(null, '"x"')).toBe(false);
    expect(ifNoneMatchHits('*', undefined)).toBe(false);
  });
});
