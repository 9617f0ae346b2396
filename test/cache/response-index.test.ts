/**
 * The Redis response cache's entity indexes (`rc:index:type:…`, `rc:index:entity:…`) on the real Redis: a hot index that keeps
 * being written holds only the ids of responses still alive, not every id it ever saw.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisResponseStore, type RedisCommands } from '../../src/cache/responses/response-store.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, uniquePrefix } from './helpers.js';

const client = rawClient(SHARED_REDIS_URL);
const prefix = uniquePrefix('response-index');
const redis: RedisCommands = { command: (_what, fn) => fn(client) };
const store = createRedisResponseStore(redis, prefix);
const result = { data: { ok: true } };

afterAll(async () => {
  await deleteKeys(SHARED_REDIS_URL, prefix);
  client.disconnect();
});

describe('Redis response cache indexes', () => {
  it('drop expired ids on new writes and still invalidate the live ones', async () => {
    const typeIndex = `${prefix}rc:index:type:Cluster`;
    const entityIndex = `${prefix}rc:index:entity:Cluster:c1`;
    const entity = [{ typename: 'Cluster', id: 'c1' }];
    for (const id of ['old-1', 'old-2']) await store.set(id, result, entity, 50);
    expect((await client.zrange(typeIndex, 0, -1)).sort()).toEqual(['old-1', 'old-2']);
    await sleep(120);
    // The responses are gone; the next write to the same indexes sweeps their ids out.
    await store.set('new', result, entity, 60_000);
    expect(await client.zrange(typeIndex, 0, -1)).toEqual(['new']);
    expect(await client.zrange(entityIndex, 0, -1)).toEqual(['new']);
    expect(await client.pttl(typeIndex)).toBeGreaterThan(50_000);

    expect(await store.get('new')).toEqual(result);
    await store.invalidate([{ typename: 'Cluster' }]);
    expect(await store.get('new')).toBeUndefined();
    expect(await client.exists(typeIndex)).toBe(0);
  });
});
