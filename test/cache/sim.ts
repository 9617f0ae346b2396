/** The real upstream against a real simulator over HTTP, plus the cached TagApi in front of it, for the cache suites. */
import { createCachedTagApi, type CachedTagApi, type CachedTagApiOptions } from '../../src/cache/cached-tag-api.js';
import type { CacheStore } from '../../src/cache/stores/store.js';
import { DEMO_KEY, startSimulator } from '../../src/simulator/index.js';
import { makeCredential } from '../../src/upstream/credentials.js';
import { createUpstream } from '../../src/upstream/index.js';
import type { Credential, DescribeTagsRequest, ListTagResourcesRequest, TagApi } from '../../src/upstream/types.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import { deleteKeys, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';

export const TENANT_B = { accessKeyId: 'tenant-b-key', accessKeySecret: 'tenant-b-secret' };

export type Sim = Awaited<ReturnType<typeof startSimulator>>;

export interface SimSetup {
  sim: Sim;
  upstream: TagApi;
  demo: Credential;
  tenantB: Credential;
  /** A populated region, an ECS request and a ListTagResources request (clusters of that region). */
  region: string;
  ecs: DescribeTagsRequest;
  cs: ListTagResourcesRequest;
  /** API calls the simulator received (optionally for one operation). */
  calls(operation?: 'DescribeTags' | 'ListTagResources'): number;
}

export async function startSim(): Promise<SimSetup> {
  const sim = await startSimulator({ port: 0, keys: [DEMO_KEY, TENANT_B] });
  // One attempt: a test counts upstream calls, and a retry would blur the count.
  const upstream = createUpstream({ endpointOverride: sim.url, maxAttempts: 1, timeoutMs: 5_000, deadlineMs: 8_000 });
  const region = 'cn-hangzhou';
  const clusters = sim
    .inventory()
    .resources.filter((r) => r.type === 'cluster' && r.regionId === region)
    .map((r) => r.resourceId)
    .slice(0, 3);
  if (clusters.length === 0) throw new Error('the simulator inventory has no cluster in cn-hangzhou');
  return {
    sim,
    upstream,
    demo: makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret),
    tenantB: makeCredential(TENANT_B.accessKeyId, TENANT_B.accessKeySecret),
    region,
    ecs: { regionId: region, resourceType: 'instance', pageSize: 20 },
    cs: { regionId: region, resourceIds: clusters },
    calls: (operation) => sim.calls(operation ? { operation } : undefined).length,
  };
}

export function cachedApi(
  inner: TagApi,
  store: CacheStore,
  keyPrefix: string,
  overrides: Partial<CachedTagApiOptions> = {},
): CachedTagApi {
  return createCachedTagApi(inner, store, {
    keyPrefix,
    ttlDescribeTagsS: 60,
    ttlListTagResourcesS: 60,
    ttlEcsListTagResourcesS: 60,
    ttlDescribeClustersS: 60,
    ttlEcsListingsS: 60,
    negativeTtlS: 10,
    swrS: 0,
    lockTimeoutMs: 3_000,
    logger: silentLogger(),
    ...overrides,
  });
}

/** The same TagApi, counting the calls that go through it (to tell one process's calls from another's). */
export function counting(inner: TagApi): TagApi & { count(): number } {
  let n = 0;
  return {
    describeTags: (c, r, o) => {
      n++;
      return inner.describeTags(c, r, o);
    },
    listTagResources: (c, r, o) => {
      n++;
      return inner.listTagResources(c, r, o);
    },
    listEcsTagResources: (c, r, o) => {
      n++;
      return inner.listEcsTagResources(c, r, o);
    },
    describeClusters: (c, r, o) => {
      n++;
      return inner.describeClusters(c, r, o);
    },
    listEcsResources: (c, r, o) => {
      n++;
      return inner.listEcsResources(c, r, o);
    },
    count: () => n,
  };
}

export interface SharedRedisSetup {
  /** The simulator and its clients; set once beforeAll ran. */
  s: SimSetup;
  /** A store on the shared Redis at 127.0.0.1:6379. */
  store: RedisStore;
  /** With `{ peer: true }`: a second store on the same Redis, as another process would have. */
  peer: RedisStore;
  /** This file's key prefix; its keys are deleted in afterAll. */
  prefix: string;
}

/** Registers the common beforeAll/afterAll: a simulator, a store (or two) on the shared Redis, and key clean-up. */
export function useSimAndSharedRedis(name: string, options: { peer?: boolean } = {}): SharedRedisSetup {
  const setup = { prefix: uniquePrefix(name) } as SharedRedisSetup;
  const open = async () => {
    const store = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
    expect(await store.ready(3_000)).toBe(true);
    return store;
  };
  beforeAll(async () => {
    setup.s = await startSim();
    setup.store = await open();
    if (options.peer) setup.peer = await open();
  });
  afterAll(async () => {
    setup.s?.sim.setFaults({ errorRate: 0, qpsPerKey: 0, latencyMs: 0 });
    await setup.store?.close();
    await setup.peer?.close();
    await setup.s?.sim.close();
    await deleteKeys(SHARED_REDIS_URL, setup.prefix);
  });
  return setup;
}
