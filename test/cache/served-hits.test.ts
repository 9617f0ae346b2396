/**
 * A response-cache hit is served from its bytes (issue 18, cache/responses/served.ts): both stores give the data
 * back as the very JSON text they stored (never parsed and re-serialised), the rest (extensions: ETag headers,
 * `upstream`) parsed; an entry written before the split (one JSON document on Redis) is still served. Through the
 * gateway, a hit's body carries the miss's data byte for byte, with the hit's own `extensions.upstream` and ETag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryResponseStore } from '../../src/cache/responses/memory-response-store.js';
import { createRedisResponseStore, type RedisCommands } from '../../src/cache/responses/response-store.js';
import { servedResult } from '../../src/cache/responses/served.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, uniquePrefix } from './helpers.js';

const client = rawClient(SHARED_REDIS_URL);
const prefix = uniquePrefix('served-hits');
const redis: RedisCommands = { command: (_what, fn) => fn(client) };
const result = {
  data: { tags: [{ key: 'env', value: 'prod\nline' }], n: 1.5 },
  extensions: { http: { headers: { ETag: '"abc"' } }, upstream: { estimatedCalls: 2 } },
};

afterAll(async () => {
  await deleteKeys(SHARED_REDIS_URL, prefix);
  client.disconnect();
});

describe('the stores', () => {
  it('memory: the data comes back as the stored text, the rest parsed; get() is still the whole result', () => {
    const store = createMemoryResponseStore({ maxEntries: 10, maxBytes: 1024 * 1024 });
    store.set('a', result, [], 60_000);
    expect(store.getServed('a')).toEqual({ extensions: result.extensions, dataJson: JSON.stringify(result.data) });
    expect(store.get('a')).toEqual(result);
    expect(store.getServed('missing')).toBeUndefined();
  });

  it('Redis: the same, and a whole-document entry of the earlier format is served too', async () => {
    const store = createRedisResponseStore(redis, prefix);
    await store.set('a', result, [], 60_000);
    const served = await store.getServed('a');
    expect(served).toEqual({ extensions: result.extensions, dataJson: JSON.stringify(result.data) });
    expect(await store.get('a')).toEqual(result);
    await client.set(`${prefix}rc:resp:legacy`, JSON.stringify(result), 'PX', 60_000);
    expect(await store.getServed('legacy')).toEqual(served);
    expect(await store.get('legacy')).toEqual(result);
  });

  it('the served result writes the stored text verbatim (no re-serialisation)', () => {
    const text = '{"kept":  "as stored" }';
    const hit = servedResult({ extensions: { upstream: { calls: 0 } }, dataJson: text }) as {
      stringify: (r: unknown) => string;
      data?: unknown;
    };
    expect(hit.data).toBeUndefined();
    expect(hit.stringify({ extensions: { upstream: { calls: 0 } } })).toBe(
      `{"data":${text},"extensions":{"upstream":{"calls":0}}}`,
    );
    expect(hit.stringify({})).toBe(`{"data":${text}}`);
  });
});

describe.each(['memory', 'redis'] as const)('through the gateway (%s store)', (store) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: store === 'redis' ? { REDIS_URL: SHARED_REDIS_URL, CACHE_KEY_PREFIX: `${prefix}gw:` } : {},
    });
    if (store === 'redis') await gw.app.cache.ready(5_000);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const send = () =>
    fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({
        query: '{ tagCatalog(regionIds: ["cn-hangzhou"], first: 5) { edges { node { key value } } } }',
      }),
    });

  it("a hit's body holds the miss's data byte for byte, with the hit's upstream figures and the same ETag", async () => {
    const miss = await send();
    const missText = await miss.text();
    const hit = await send();
    const hitText = await hit.text();
    const dataOf = (text: string) => text.slice(0, text.indexOf(',"extensions"'));
    expect(dataOf(hitText)).toBe(dataOf(missText));
    const body = JSON.parse(hitText) as { extensions: Record<string, { responseCache?: string; calls?: number }> };
    expect(body.extensions['upstream']).toMatchObject({ responseCache: 'hit', calls: 0 });
    expect(body.extensions['http']).toBeUndefined();
    expect(hit.headers.get('etag')).toBe(miss.headers.get('etag'));
    expect(hit.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    const notModified = await fetch(gw.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'if-none-match': hit.headers.get('etag')!,
      },
      body: JSON.stringify({
        query: '{ tagCatalog(regionIds: ["cn-hangzhou"], first: 5) { edges { node { key value } } } }',
      }),
    });
    expect(notModified.status).toBe(304);
  });
});
