/**
 * Precise, not a flush: a write's generation bump makes only its own (tenant, region, kind) miss. Against the
 * simulator through the caching TagApi, on the in-memory store and on Redis (the generations then live in Redis,
 * so a second cache instance — another replica — sees the bump at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCachedTagApi, createMemoryStore, RedisStore } from '../../src/cache/index.js';
import { createMemoryGenerations, createRedisGenerations, type Generations } from '../../src/cache/generations.js';
import type { CacheStore } from '../../src/cache/stores/store.js';
import { deleteKeys, SHARED_REDIS_URL, silentLogger, uniquePrefix } from '../cache/helpers.js';
import { cachedApi, startSim, type SimSetup } from '../cache/sim.js';

let s: SimSetup;
let redis: RedisStore;
const prefix = uniquePrefix('writes-generations');
beforeAll(async () => {
  s = await startSim();
  redis = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await redis.ready(3_000)).toBe(true);
});
afterAll(async () => {
  await redis?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

function otherRegion(): string {
  return s.sim.inventory().resources.find((r) => r.regionId !== s.region && r.type === 'instance')!.regionId;
}

async function scenario(store: CacheStore, generations: Generations, replica?: Generations) {
  const writer = createCachedTagApi(s.upstream, store, {
    keyPrefix: prefix,
    ttlDescribeTagsS: 60,
    ttlListTagResourcesS: 60,
    ttlEcsListTagResourcesS: 60,
    ttlDescribeClustersS: 60,
    ttlEcsListingsS: 60,
    negativeTtlS: 10,
    swrS: 0,
    lockTimeoutMs: 3_000,
    logger: silentLogger(),
    generations,
  });
  const reader = replica ? cachedApi(s.upstream, store, prefix, { generations: replica }) : writer;
  const instances = s.sim.inventory().resources.filter((r) => r.regionId === s.region && r.type === 'instance');
  const disks = s.sim.inventory().resources.filter((r) => r.regionId === s.region && r.type === 'disk');
  const r2 = otherRegion();
  const reads = {
    written: () =>
      reader.listEcsTagResources(s.demo, {
        regionId: s.region,
        resourceType: 'instance',
        resourceIds: [instances[0]!.resourceId],
      }),
    catalog: () => reader.describeTags(s.demo, { regionId: s.region, resourceType: 'disk' }),
    otherKind: () =>
      reader.listEcsTagResources(s.demo, {
        regionId: s.region,
        resourceType: 'disk',
        resourceIds: [disks[0]!.resourceId],
      }),
    otherRegion: () => reader.describeTags(s.demo, { regionId: r2, resourceType: 'instance' }),
    otherTenant: () => reader.describeTags(s.tenantB, { regionId: s.region, resourceType: 'instance' }),
    clusters: () => reader.listTagResources(s.demo, s.cs),
  };
  for (const read of Object.values(reads)) await read();
  await generations.bump(s.demo.identity, s.region, ['instance']);
  const outcome: Record<string, 'hit' | 'miss'> = {};
  for (const [name, read] of Object.entries(reads)) {
    const before = reader.stats().hits;
    await read();
    outcome[name] = reader.stats().hits > before ? 'hit' : 'miss';
  }
  return outcome;
}

const EXPECTED = {
  written: 'miss',
  catalog: 'miss', // DescribeTags counts every ECS kind of its region
  otherKind: 'hit',
  otherRegion: 'hit',
  otherTenant: 'hit',
  clusters: 'hit',
};

describe('a write bumps only its own (tenant, region, kind)', () => {
  it('memory store, one process', async () => {
    expect(await scenario(createMemoryStore({ maxEntries: 1000 }), createMemoryGenerations())).toEqual(EXPECTED);
  });

  it('Redis: another replica (its own cache instance) sees the bump at once', async () => {
    const gens = createRedisGenerations(redis, prefix);
    const replica = createRedisGenerations(redis, prefix);
    expect(await scenario(redis, gens, replica)).toEqual(EXPECTED);
  });
});

describe('the pub/sub notice', () => {
  it('another replica (its own cache on the same Redis) receives each write’s message; the writer does not', async () => {
    const { createCache } = await import('../../src/cache/index.js');
    const options = {
      enabled: true,
      keyPrefix: prefix,
      redis: { url: SHARED_REDIS_URL, cluster: false, commandTimeoutMs: 2_000 },
      memoryMaxEntries: 100,
      responseMaxEntryBytes: 1_000_000,
      ttl: {
        describeTagsS: 60,
        listTagResourcesS: 60,
        ecsListTagResourcesS: 60,
        describeClustersS: 60,
        ecsListingsS: 60,
        negativeS: 10,
        swrS: 0,
        responseS: 60,
      },
      lockTimeoutMs: 3_000,
    };
    const a = createCache(options, silentLogger());
    const b = createCache(options, silentLogger());
    try {
      expect(await a.ready(3_000)).toBe(true);
      expect(await b.ready(3_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200)); // subscriptions settle
      await a.writes.invalidate(
        [{ identity: s.demo.identity, regionId: s.region, kind: 'instance' }],
        [{ typename: 'TagScope', id: 'x' }],
      );
      const deadline = Date.now() + 3_000;
      while (b.writes.received === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect([a.writes.received, b.writes.received]).toEqual([0, 1]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('reading the tokens on Redis', () => {
  /** The real store, with its commands counted by name. */
  const counted = () => {
    const sent: string[] = [];
    const commands = {
      command: <T>(what: string, fn: Parameters<RedisStore['command']>[1]) => {
        sent.push(what);
        return redis.command(what, fn) as Promise<T>;
      },
    };
    return { commands, sent };
  };

  it('shares one HMGET among concurrent identical reads; reads after a bump see the new tokens', async () => {
    const { commands, sent } = counted();
    const gens = createRedisGenerations(commands, prefix);
    const read = () => gens.read(s.demo.identity, s.region, ['instance', 'disk']);
    const before = await Promise.all(Array.from({ length: 20 }, read));
    expect(new Set(before).size).toBe(1);
    expect(sent.filter((c) => c === 'HMGET')).toHaveLength(1);

    // A read in flight while this process bumps is not joined by the reads after the bump.
    const during = read();
    await gens.bump(s.demo.identity, s.region, ['instance']);
    const after = await read();
    await during;
    expect(after).not.toBe(before[0]);
    expect(await read()).toBe(after);
  });
});
