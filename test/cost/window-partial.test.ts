/**
 * A slice the upstream cache answers only in part (a later page of its ECS ListTagResources call expired) goes
 * through the cross-request window after all; the hits of its first pages, found twice (before the window and in
 * it), count once in the request's meter, and the one missing page is the only call.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/cache/index.js';
import { ecsTagResourcesKey } from '../../src/cache/keys.js';
import { RequestMeter } from '../../src/graph/cost/meter.js';
import { createEcsTagsLoader } from '../../src/loaders/ecs-tags.js';
import { EcsTagBatcher } from '../../src/loaders/index.js';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { makeCredential } from '../../src/upstream/credentials.js';
import { createUpstream } from '../../src/upstream/index.js';
import { cachedApi } from '../cache/sim.js';

const REGION = 'cn-hangzhou';
const PREFIX = 'window-partial:';
const credential = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim?.close());

it('counts each cached page once when a later page is missing', async () => {
  const store = createMemoryStore({ maxEntries: 1_000 });
  const api = cachedApi(createUpstream({ endpointOverride: sim.url }), store, PREFIX);
  const refs = sim
    .inventory()
    .resources.filter((r) => r.type === 'instance' && r.regionId === REGION)
    .slice(0, 50)
    .map((r) => ({ regionId: REGION, resourceType: 'instance' as const, resourceId: r.resourceId }));
  const run = async () => {
    const meter = new RequestMeter();
    const loader = createEcsTagsLoader(api, credential, { meter }, undefined, new EcsTagBatcher(5));
    const tags = await loader.loadMany(refs);
    return { meter, tags };
  };

  sim.clearCalls();
  const cold = await run();
  const pages = sim.calls();
  expect(pages.length).toBeGreaterThan(1);
  // Forget the last page: the slice is now answered only in part.
  const last = pages.at(-1)!.params;
  const resourceIds = Object.keys(last)
    .filter((k) => /^ResourceId\.\d+$/.test(k))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((k) => last[k]!);
  await store.delete(
    ecsTagResourcesKey(PREFIX, credential, {
      regionId: REGION,
      resourceType: 'instance',
      resourceIds,
      nextToken: last.NextToken,
    }),
  );

  sim.clearCalls();
  const warm = await run();
  expect(warm.tags).toEqual(cold.tags);
  expect(sim.calls()).toHaveLength(1);
  expect(warm.meter.calls).toBe(1);
  expect(warm.meter.cacheHits).toBe(pages.length - 1);
});
