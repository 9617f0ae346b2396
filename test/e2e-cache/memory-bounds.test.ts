/**
 * The in-memory caches are bounded by bytes (issue 12, item 4): the upstream-response store
 * (CACHE_MEMORY_MAX_BYTES) and the GraphQL-response store (RESPONSE_CACHE_MAX_BYTES) never hold more than their
 * budget, however many distinct large entries arrive; a response over RESPONSE_CACHE_MAX_ENTRY_BYTES is served
 * but not cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryResponseStore } from '../../src/cache/responses/memory-response-store.js';
import { MemoryStore } from '../../src/cache/stores/memory-store.js';
import { loadConfig } from '../../src/config/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { post, RESOURCES } from './helpers.js';

const MiB = 1024 * 1024;

describe('the upstream-response store', () => {
  it('holds at most its byte budget under many distinct large entries, keeping the most recent', async () => {
    const store = new MemoryStore({ maxEntries: 1_000_000, maxBytes: MiB });
    const value = (i: number) => `${i}:${'v'.repeat(20_000)}`;
    for (let i = 0; i < 2_000; i++) {
      await store.set(`key:${i}`, value(i), 60_000);
      expect(store.calculatedSize).toBeLessThanOrEqual(MiB);
    }
    expect(store.size).toBeGreaterThan(40);
    expect(store.size).toBeLessThan(60);
    expect(await store.get('key:1999')).toBe(value(1999));
    expect(await store.get('key:0')).toBeNull();
  });

  it('does not store an entry larger than the whole budget', async () => {
    const store = new MemoryStore({ maxEntries: 10, maxBytes: MiB });
    await store.set('huge', 'x'.repeat(MiB + 1), 60_000);
    expect(await store.get('huge')).toBeNull();
    expect(store.calculatedSize).toBe(0);
  });
});

describe('the GraphQL-response store', () => {
  const result = (i: number) => ({ data: { i, blob: 'r'.repeat(30_000) } });
  const entities = (i: number) => [{ typename: 'EcsInstance', id: `i-${i}` }, { typename: 'EcsInstance' }];

  it('holds at most its byte budget, and its entity index forgets evicted responses', async () => {
    const store = createMemoryResponseStore({ maxEntries: 1_000_000, maxBytes: 2 * MiB });
    for (let i = 0; i < 1_000; i++) {
      store.set(`r${i}`, result(i), entities(i), 60_000);
      expect(store.calculatedSize).toBeLessThanOrEqual(2 * MiB);
    }
    expect(store.size).toBeGreaterThan(50);
    expect(store.get('r999')).toEqual(result(999));
    expect(store.get('r0')).toBeUndefined();
    // Invalidation still reaches what is held, and evicted ids are not resurrected or miscounted.
    store.invalidate([
      { typename: 'EcsInstance', id: 'i-999' },
      { typename: 'EcsInstance', id: 'i-0' },
    ]);
    expect(store.get('r999')).toBeUndefined();
    store.invalidate([{ typename: 'EcsInstance' }]);
    expect(store.size).toBe(0);
    expect(store.calculatedSize).toBe(0);
  });

  it('a hit is a copy: changing it does not change the entry', () => {
    const store = createMemoryResponseStore({ maxEntries: 10, maxBytes: MiB });
    store.set('a', { data: { x: 1 } }, [], 60_000);
    (store.get('a') as { data: { x: number } }).data.x = 2;
    expect(store.get('a')).toEqual({ data: { x: 1 } });
  });
});

describe('RESPONSE_CACHE_MAX_ENTRY_BYTES through the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { RESPONSE_CACHE_MAX_ENTRY_BYTES: '4096', UPSTREAM_MAX_ATTEMPTS: '1' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('a response over the limit is served but not cached (no ETag); a small one is cached', async () => {
    const kinds: Record<string, string> = { instance: 'ECS_INSTANCE', disk: 'ECS_DISK' };
    const refs = gw.sim
      .inventory()
      .resources.filter((r) => kinds[r.type])
      .slice(0, 40)
      .map((r) => ({ kind: kinds[r.type]!, regionId: r.regionId, resourceId: r.resourceId }));
    for (const [n, cached] of [
      [40, false],
      [1, true],
    ] as const) {
      const answer = await post(gw.url, RESOURCES, { refs: refs.slice(0, n) });
      expect(answer.status).toBe(200);
      expect(answer.body.data?.resources).toHaveLength(n);
      expect(answer.body.extensions?.responseCache?.didCache).toBe(cached);
      expect(answer.headers.get('etag') !== null).toBe(cached);
      expect(answer.headers.get('cache-control')).toBe(cached ? 'private, no-cache' : 'private, no-store');
    }
  });

  it('defaults fit a 512 MiB container; a per-entry limit over the store budget is refused', () => {
    const c = loadConfig({});
    expect([c.CACHE_MEMORY_MAX_BYTES, c.RESPONSE_CACHE_MAX_BYTES, c.RESPONSE_CACHE_MAX_ENTRY_BYTES]).toEqual([
      64 * MiB,
      64 * MiB,
      MiB,
    ]);
    expect(() =>
      loadConfig({ RESPONSE_CACHE_MAX_BYTES: String(MiB), RESPONSE_CACHE_MAX_ENTRY_BYTES: String(2 * MiB) }),
    ).toThrow(/RESPONSE_CACHE_MAX_ENTRY_BYTES/);
  });
});
