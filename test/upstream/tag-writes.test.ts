/**
 * The tag writes over HTTP against the simulator through pop-core: ECS TagResources / UntagResources (RPC POST),
 * CS PUT / DELETE /tags (ROA, JSON body / JSON-array query); refused input makes no call; throttling is retried.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryResource, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  makeCredential,
  UpstreamError,
  type TagApi,
  type TagWriteApi,
} from '../../src/upstream/index.js';

let sim: Simulator;
let api: TagApi & TagWriteApi;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  api = createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20, maxAttempts: 10 });
});
afterEach(() => sim.close());

const tagsOf = (id: string) =>
  Object.fromEntries(
    sim
      .inventory()
      .resources.find((r) => r.resourceId === id)!
      .tags.map((t) => [t.key, t.value]),
  );
function pick(type: string, n: number): InventoryResource[] {
  const first = sim.inventory().resources.find((r) => r.type === type)!;
  return sim
    .inventory()
    .resources.filter((r) => r.type === type && r.regionId === first.regionId)
    .slice(0, n);
}
async function refusal(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

describe('tag writes through pop-core', () => {
  for (const type of ['instance', 'disk', 'image', 'securitygroup', 'snapshot', 'cluster'] as const) {
    it(`tags and untags ${type}s`, async () => {
      const rs = pick(type, 2);
      const target = { regionId: rs[0]!.regionId, resourceType: type, resourceIds: rs.map((r) => r.resourceId) };
      const tagged = await api.tagResources(cred, { ...target, tags: [{ key: 'owner', value: 'ops team' }] });
      expect(tagged.requestId).not.toBe('');
      for (const r of rs) expect(tagsOf(r.resourceId).owner).toBe('ops team');
      await api.untagResources(cred, { ...target, keys: ['owner'] });
      for (const r of rs) expect(tagsOf(r.resourceId).owner).toBeUndefined();
      await api.untagResources(cred, { ...target, all: true });
      for (const r of rs) expect(tagsOf(r.resourceId)).toEqual({});
      const op = type === 'cluster' ? ['TagResources', 'UntagResources'] : ['EcsTagResources', 'EcsUntagResources'];
      expect(sim.calls().map((c) => [c.operation, c.status])).toEqual([
        [op[0], 200],
        [op[1], 200],
        [op[1], 200],
      ]);
    });
  }

  it('refuses before any call what the cloud would refuse', async () => {
    const [c] = pick('cluster', 1);
    const [i] = pick('instance', 1);
    const ecs = { regionId: i!.regionId, resourceType: 'instance' as const, resourceIds: [i!.resourceId] };
    const cs = { regionId: c!.regionId, resourceType: 'cluster' as const, resourceIds: [c!.resourceId] };
    const bad = [
      api.tagResources(cred, { ...cs, tags: [{ key: 'k', value: '' }] }),
      api.tagResources(cred, { ...ecs, tags: [{ key: 'aliyun:x', value: 'v' }] }),
      api.tagResources(cred, { ...ecs, tags: [{ key: 'k', value: 'http://x' }] }),
      api.tagResources(cred, {
        ...ecs,
        tags: [
          { key: 'k', value: 'a' },
          { key: 'k', value: 'b' },
        ],
      }),
      api.tagResources(cred, { ...ecs, tags: Array.from({ length: 21 }, (_, n) => ({ key: `k${n}`, value: '' })) }),
      api.tagResources(cred, { ...ecs, tags: [] }),
      api.tagResources(cred, { ...ecs, resourceIds: ['d-notaninstance0'], tags: [{ key: 'k', value: '' }] }),
      api.tagResources(cred, {
        ...ecs,
        resourceIds: Array.from({ length: 51 }, (_, n) => `i-${String(n).padStart(20, '0')}`),
        tags: [{ key: 'k', value: '' }],
      }),
      api.untagResources(cred, { ...ecs }),
      api.untagResources(cred, { ...ecs, keys: ['k'], all: true }),
    ];
    for (const p of bad) expect((await refusal(p)).code).toBe('InvalidInput');
    expect(sim.calls()).toEqual([]);
  });

  it('a throttled write is retried until it passes', async () => {
    const [i] = pick('instance', 1);
    sim.setFaults({ throttleRate: 0.3 });
    for (let n = 0; n < 30; n++) {
      await api.tagResources(cred, {
        regionId: i!.regionId,
        resourceType: 'instance',
        resourceIds: [i!.resourceId],
        tags: [{ key: 'retried', value: `v${n}` }],
      });
    }
    sim.setFaults({ throttleRate: 0 });
    expect(tagsOf(i!.resourceId).retried).toBe('v29');
    // 30 writes at a 30% throttling rate: all passing first time has odds of 2 in 100,000, and a write throttled
    // 10 times in a row (its last attempt) 6 in 1,000,000
    expect(sim.calls({ operation: 'EcsTagResources' }).length).toBeGreaterThan(30);
  });

  it('a resource-level refusal comes back as the cloud code (quota, not found)', async () => {
    const [c] = pick('cluster', 1);
    const e = await refusal(
      api.tagResources(cred, {
        regionId: c!.regionId,
        resourceType: 'cluster',
        resourceIds: [`c${'0'.repeat(32)}`],
        tags: [{ key: 'k', value: 'v' }],
      }),
    );
    expect([e.code, e.status, e.retryable]).toEqual(['ErrorClusterNotFound', 404, false]);
  });
});
