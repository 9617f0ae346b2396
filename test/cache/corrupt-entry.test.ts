/**
 * Whatever sits under a key — bad JSON, another version, another key's entry, another operation, the wrong
 * shape — is never served: it counts as a miss, the upstream answers, and a valid entry replaces it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeEntry } from '../../src/cache/entry.js';
import { describeTagsKey } from '../../src/cache/keys.js';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

const prefix = uniquePrefix('corrupt');
let s: SimSetup;
let store: RedisStore;
let client: ReturnType<typeof rawClient>;
/** A valid entry of tenant B for the same request, to plant under the demo tenant's key. */
let foreignRaw: string;
let planted: Record<string, unknown>;

beforeAll(async () => {
  s = await startSim();
  store = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await store.ready(3_000)).toBe(true);
  client = rawClient(SHARED_REDIS_URL);
  const seed = cachedApi(s.upstream, store, `${prefix}seed:`);
  await seed.describeTags(s.tenantB, s.ecs);
  foreignRaw = (await client.get(describeTagsKey(`${prefix}seed:`, s.tenantB, s.ecs)))!;
  expect(foreignRaw).toBeTruthy();
  planted = JSON.parse(foreignRaw) as Record<string, unknown>;
  // Make the planted payload unmistakable if it were ever served.
  (planted.value as { tags: Array<{ key: string }> }).tags[0]!.key = 'PLANTED';
});

afterAll(async () => {
  client?.disconnect();
  await store?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

const cases: Array<[string, (key: string) => string]> = [
  ['bad JSON', () => '{"v":1,"key":'],
  ['JSON null', () => 'null'],
  ['another version', (key) => JSON.stringify({ ...planted, key, v: 2 })],
  ['the key of another tenant echoed', () => JSON.stringify(planted)],
  ['another operation', (key) => JSON.stringify({ ...planted, key, op: 'ListTagResources' })],
  ['a value of the wrong shape', (key) => JSON.stringify({ ...planted, key, value: { tags: 'PLANTED' } })],
  ['an error entry without its error', (key) => JSON.stringify({ ...planted, key, kind: 'error', value: undefined })],
  ['expiresAt before fetchedAt', (key) => JSON.stringify({ ...planted, key, expiresAt: 1, fetchedAt: 2 })],
];

it.each(cases)('ignores %s and refetches', async (name, make) => {
  const p = `${prefix}${name.replace(/\W+/g, '-')}:`;
  const key = describeTagsKey(p, s.demo, s.ecs);
  await client.set(key, make(key), 'PX', 60_000);
  const api = cachedApi(s.upstream, store, p);
  const c0 = s.calls();
  const result = await api.describeTags(s.demo, s.ecs);
  expect(s.calls()).toBe(c0 + 1);
  expect(JSON.stringify(result)).not.toContain('PLANTED');
  const direct = await s.upstream.describeTags(s.demo, s.ecs);
  expect(result.tags).toEqual(direct.tags);
  expect(api.stats()).toMatchObject({ hits: 0, misses: 1 });
  // Replaced by a valid entry for this key.
  expect(decodeEntry((await client.get(key))!, key, 'DescribeTags')).not.toBeNull();
});

it('a well-formed entry with the right key is served (the planted checks are not vacuous)', async () => {
  const p = `${prefix}valid:`;
  const key = describeTagsKey(p, s.demo, s.ecs);
  const expiresAt = Date.now() + 60_000;
  await client.set(key, JSON.stringify({ ...planted, key, expiresAt }), 'PX', 60_000);
  const api = cachedApi(s.upstream, store, p);
  const c0 = s.calls();
  const result = await api.describeTags(s.demo, s.ecs);
  expect(s.calls()).toBe(c0);
  expect(result.tags[0]!.key).toBe('PLANTED');
});
