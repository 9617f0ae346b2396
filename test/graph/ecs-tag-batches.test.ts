/**
 * ECS tags in batches, counted in the simulator's call log over the demo inventory: the tags of 100 instances
 * of one region cost the floor of ECS ListTagResources calls (two slices of 50 IDs, each paged to its end:
 * Σ over slices of ceil(rows / 50), the simulator's page size), the slices run in parallel, and every
 * resource gets exactly its tags. Expected sets come from `sim.inventory()`, never from gateway code.
 */
import { describe, expect, it } from 'vitest';
import { maxConcurrency, type CallLogEntry, type InventoryResource } from '../../src/simulator/index.js';
import { useGateway } from '../support/gateway.js';
import { expectNoErrors, KIND_OF_TYPE, sortedTags } from './helpers.js';

/** The simulator's ECS ListTagResources page size (its default, SIMULATOR_PAGE_SIZE_ECS unset). */
const PAGE_ROWS = 50;
const MAX_IDS = 50;
const REGION = 'cn-hangzhou';

const t = useGateway();

const QUERY = `query($refs: [ResourceRefInput!]!) {
  resources(refs: $refs) { resourceId tags(first: 100) { totalCount edges { node { key value } } } } }`;
const refOf = (r: InventoryResource) => ({
  kind: KIND_OF_TYPE[r.type],
  regionId: r.regionId,
  resourceId: r.resourceId,
});

/** The ResourceId.N values of a call (its slice), sorted. */
const idsOf = (c: CallLogEntry) =>
  Object.entries(c.params)
    .filter(([k]) => /^ResourceId\.\d+$/.test(k))
    .map(([, v]) => v)
    .sort();

/** Calls grouped by slice (the same IDs, first page and NextToken pages), in call order. */
function slices(calls: CallLogEntry[]): Map<string, CallLogEntry[]> {
  const bySlice = new Map<string, CallLogEntry[]>();
  for (const c of calls) bySlice.set(JSON.stringify(idsOf(c)), [...(bySlice.get(JSON.stringify(idsOf(c))) ?? []), c]);
  return bySlice;
}

function hundredInstances(): InventoryResource[] {
  const list = t.inv.resources.filter((r) => r.type === 'instance' && r.regionId === REGION).slice(0, 100);
  expect(list).toHaveLength(100);
  return list;
}

/** Checks the calls are the floor for `asked` and returns the slices' page counts. */
function expectFloor(calls: CallLogEntry[], asked: InventoryResource[]): number[] {
  const byId = new Map(asked.map((r) => [r.resourceId, r]));
  expect(calls.every((c) => c.operation === 'EcsListTagResources' && c.status === 200 && c.regionId === REGION)).toBe(
    true,
  );
  const bySlice = slices(calls);
  expect(bySlice.size).toBe(Math.ceil(asked.length / MAX_IDS));
  const named = [...bySlice.keys()].flatMap((k) => JSON.parse(k) as string[]);
  expect(named.sort()).toEqual([...byId.keys()].sort());
  const pages: number[] = [];
  for (const [key, list] of bySlice) {
    const ids = JSON.parse(key) as string[];
    expect(ids.length).toBeLessThanOrEqual(MAX_IDS);
    const rows = ids.reduce((n, id) => n + byId.get(id)!.tags.length, 0);
    const want = Math.max(1, Math.ceil(rows / PAGE_ROWS));
    expect(list, key).toHaveLength(want);
    // the first page has no token, each later page one; none repeats
    expect(list.filter((c) => !c.params.NextToken)).toHaveLength(1);
    expect(new Set(list.map((c) => c.params.NextToken ?? '')).size).toBe(list.length);
    pages.push(want);
  }
  return pages;
}

describe('Resource.tags of ECS resources through ECS ListTagResources', () => {
  it('100 instances of one region, cold: two slices of 50 IDs paged to their end, each resource with exactly its tags', async () => {
    const asked = hundredInstances();
    t.gw.sim.clearCalls();
    const res = await t.gw.query(QUERY, { refs: asked.map(refOf) });
    expectNoErrors(res);
    res.data.resources.forEach((got: any, i: number) => {
      expect(got.resourceId).toBe(asked[i]!.resourceId);
      expect(got.tags.totalCount).toBe(asked[i]!.tags.length);
      expect(got.tags.edges.map((e: any) => e.node)).toEqual(sortedTags(asked[i]!));
    });
    const calls = t.gw.sim.calls();
    const pages = expectFloor(calls, asked);
    const rows = asked.reduce((n, r) => n + r.tags.length, 0);
    // the demo inventory: about 11 calls where DescribeTags needed 100
    expect(calls.length).toBe(pages.reduce((a, b) => a + b, 0));
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(rows / PAGE_ROWS) + 1);
    expect(calls.length).toBeLessThan(20);
  });

  it('the slices run in parallel: with 30 ms latency, both are in flight at once and the span is about the longest slice', async () => {
    const asked = hundredInstances();
    t.gw.sim.setFaults({ latencyMs: 30 });
    try {
      t.gw.sim.clearCalls();
      const res = await t.gw.query(QUERY, { refs: asked.map(refOf) });
      expectNoErrors(res);
    } finally {
      t.gw.sim.setFaults({ latencyMs: 0 });
    }
    const calls = t.gw.sim.calls();
    const pages = expectFloor(calls, asked);
    expect(maxConcurrency(calls)).toBe(2);
    // within a slice the pages follow each other (a NextToken needs the page before it)
    for (const list of slices(calls).values()) expect(maxConcurrency(list)).toBe(1);
    const span = Math.max(...calls.map((c) => c.endedAt)) - Math.min(...calls.map((c) => c.startedAt));
    const longestCall = Math.max(...calls.map((c) => c.endedAt - c.startedAt));
    expect(span).toBeLessThanOrEqual(Math.max(...pages) * longestCall + 100);
  });

  it('resources of several kinds and regions: one slice per (region, kind), none asked twice', async () => {
    const pick = (type: string, region: string, n: number) =>
      t.inv.resources.filter((r) => r.type === type && r.regionId === region).slice(0, n);
    const asked = [
      ...pick('disk', 'cn-beijing', 7),
      ...pick('snapshot', 'cn-beijing', 3),
      ...pick('securitygroup', REGION, 4),
      ...pick('image', 'cn-shanghai', 2),
    ];
    t.gw.sim.clearCalls();
    const res = await t.gw.query(QUERY, { refs: [...asked, ...asked].map(refOf) });
    expectNoErrors(res);
    [...asked, ...asked].forEach((r, i) =>
      expect(res.data.resources[i].tags.edges.map((e: any) => e.node)).toEqual(sortedTags(r)),
    );
    const calls = t.gw.sim.calls().filter((c) => !c.params.NextToken);
    expect(t.gw.sim.calls().every((c) => c.operation === 'EcsListTagResources')).toBe(true);
    const groups = calls.map((c) => `${c.regionId}/${c.params.ResourceType}`).sort();
    expect(groups).toEqual([
      'cn-beijing/disk',
      'cn-beijing/snapshot',
      'cn-hangzhou/securitygroup',
      'cn-shanghai/image',
    ]);
    for (const c of calls) {
      const want = asked
        .filter((r) => r.regionId === c.regionId && r.type === c.params.ResourceType)
        .map((r) => r.resourceId);
      expect(idsOf(c)).toEqual(want.sort());
    }
  });

  it('a resource with no tag (or no such resource) has an empty tag list, in the same call as the others', async () => {
    const some = t.inv.resources.filter((r) => r.type === 'instance' && r.regionId === REGION).slice(0, 3);
    const refs = [...some.map(refOf), { kind: 'ECS_INSTANCE', regionId: REGION, resourceId: 'i-zzzzzzzzzzzzzzzzzzzz' }];
    t.gw.sim.clearCalls();
    const res = await t.gw.query(QUERY, { refs });
    expectNoErrors(res);
    expect(res.data.resources[3]).toEqual({ resourceId: 'i-zzzzzzzzzzzzzzzzzzzz', tags: { totalCount: 0, edges: [] } });
    expect(t.gw.sim.calls()).toHaveLength(1);
    expect(idsOf(t.gw.sim.calls()[0]!)).toHaveLength(4);
  });
});
