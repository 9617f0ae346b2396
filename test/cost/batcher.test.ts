/**
 * The process-level ECS tag window on its own (EcsTagBatcher over the real upstream layer and the simulator):
 * 50 one-resource slices that arrive within one window cost exactly the calls of one 50-resource slice, each gets
 * exactly its resource's tags, the first slice's meter counts the calls and the others count `coalesced`; a
 * bypass slice does not share a window with a cached one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestMeter } from '../../src/graph/cost/meter.js';
import { EcsTagBatcher } from '../../src/loaders/index.js';
import { callEcsTags } from '../../src/loaders/ecs-tag-batcher.js';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { makeCredential } from '../../src/upstream/credentials.js';
import { createUpstream } from '../../src/upstream/index.js';
import type { TagApi } from '../../src/upstream/types.js';
import { sortedTags } from '../graph/helpers.js';

const REGION = 'cn-hangzhou';
const credential = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

describe('EcsTagBatcher', () => {
  let sim: Simulator;
  let api: TagApi;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    api = createUpstream({ endpointOverride: sim.url });
  });
  afterAll(() => sim?.close());

  const fifty = () =>
    sim
      .inventory()
      .resources.filter((r) => r.type === 'instance' && r.regionId === REGION)
      .slice(0, 50);

  it('50 one-resource slices in one window cost the calls of one 50-resource slice', async () => {
    const list = fifty();
    sim.clearCalls();
    const alone = await callEcsTags(
      api,
      credential,
      { regionId: REGION, resourceType: 'instance', resourceIds: list.map((r) => r.resourceId) },
      {},
    );
    const floor = sim.calls().length;
    // the oracle, from the inventory: the simulator pages ECS ListTagResources at 50 rows (one row a tag), so one
    // call of these ≤50 IDs costs max(1, ceil(rows / 50)) calls
    const rows = list.reduce((n, r) => n + r.tags.length, 0);
    expect(list.length).toBeLessThanOrEqual(50);
    expect(floor).toBe(Math.max(1, Math.ceil(rows / 50)));
    expect([...alone.values()].every((v) => Array.isArray(v))).toBe(true);
    sim.clearCalls();

    const batcher = new EcsTagBatcher(5);
    const meters = list.map(() => new RequestMeter());
    const answers = await Promise.all(
      list.map((r, i) =>
        batcher.load(
          api,
          credential,
          { regionId: REGION, resourceType: 'instance', resourceIds: [r.resourceId] },
          { meter: meters[i] },
        ),
      ),
    );
    expect(sim.calls()).toHaveLength(Math.max(1, Math.ceil(rows / 50)));
    expect(sim.calls()).toHaveLength(floor);
    answers.forEach((answer, i) => {
      const tags = answer.get(list[i]!.resourceId) as Array<{ key: string; value: string }>;
      expect([...tags].sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(sortedTags(list[i]!));
    });
    expect(meters[0]!.calls).toBe(floor);
    expect(meters.slice(1).every((m) => m.calls === 0 && m.coalescedCount === 1)).toBe(true);
  });

  it('a slice whose window owner has no budget left is answered on its own budget', async () => {
    const [a, b] = fifty();
    sim.clearCalls();
    const batcher = new EcsTagBatcher(5);
    const spent = new RequestMeter(0);
    const fresh = new RequestMeter(100);
    const [first, second] = await Promise.all([
      batcher.load(
        api,
        credential,
        { regionId: REGION, resourceType: 'instance', resourceIds: [a!.resourceId] },
        { meter: spent },
      ),
      batcher.load(
        api,
        credential,
        { regionId: REGION, resourceType: 'instance', resourceIds: [b!.resourceId] },
        { meter: fresh },
      ),
    ]);
    expect(first.get(a!.resourceId)).toBeInstanceOf(Error);
    const tags = second.get(b!.resourceId) as Array<{ key: string; value: string }>;
    expect([...tags].sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual(sortedTags(b!));
    expect(fresh.calls).toBe(sim.calls().length);
    expect(spent.calls).toBe(0);
  });

  it('keeps a bypass slice out of a cached slice’s window', async () => {
    const [a, b] = fifty();
    sim.clearCalls();
    const batcher = new EcsTagBatcher(5);
    await Promise.all([
      batcher.load(api, credential, { regionId: REGION, resourceType: 'instance', resourceIds: [a!.resourceId] }, {}),
      batcher.load(
        api,
        credential,
        { regionId: REGION, resourceType: 'instance', resourceIds: [b!.resourceId] },
        { cache: 'bypass' },
      ),
    ]);
    expect(sim.calls()).toHaveLength(2);
  });
});
