/** Helpers for the tag-write tests: refs from the simulator's inventory, the mutations' documents. */
import type { InventoryResource, Simulator } from '../../src/simulator/index.js';
import { KIND_OF_TYPE, type GqlKind } from '../graph/helpers.js';

export const PAYLOAD = `
  resources { id kind regionId resourceId tagsVersion tags(first: 100) { edges { node { key value } } } }
  failures { kind regionId resourceId code message }
  calls
  dryRun
`;
export const TAG = `mutation Tag($input: TagResourcesInput!) { tagResources(input: $input) { ${PAYLOAD} } }`;
export const UNTAG = `mutation Untag($input: UntagResourcesInput!) { untagResources(input: $input) { ${PAYLOAD} } }`;
export const SET = `mutation Set($input: SetResourceTagsInput!) { setResourceTags(input: $input) { ${PAYLOAD} } }`;
export const READ = `query Read($refs: [ResourceRefInput!]!) {
  resources(refs: $refs) { id tagsVersion tags(first: 100) { edges { node { key value } } } }
}`;

export interface Ref {
  kind: GqlKind;
  regionId: string;
  resourceId: string;
}

export const refOf = (r: InventoryResource): Ref => ({
  kind: KIND_OF_TYPE[r.type],
  regionId: r.regionId,
  resourceId: r.resourceId,
});

/** `n` resources of `type` in one region (the region with the most of them). */
export function resourcesOf(sim: Simulator, type: InventoryResource['type'], n: number): InventoryResource[] {
  const byRegion = new Map<string, InventoryResource[]>();
  for (const r of sim.inventory().resources) {
    if (r.type !== type) continue;
    byRegion.set(r.regionId, [...(byRegion.get(r.regionId) ?? []), r]);
  }
  const best = [...byRegion.values()].sort((a, b) => b.length - a.length)[0]!;
  if (best.length < n) throw new Error(`only ${best.length} ${type}s in one region`);
  return best.slice(0, n);
}

export function liveTags(sim: Simulator, ref: Ref): Record<string, string> {
  const r = sim.inventory().resources.find((x) => x.resourceId === ref.resourceId && x.regionId === ref.regionId)!;
  return Object.fromEntries(r.tags.map((t) => [t.key, t.value]));
}

export const tagsOfNode = (node: { tags: { edges: Array<{ node: { key: string; value: string } }> } }) =>
  Object.fromEntries(node.tags.edges.map((e) => [e.node.key, e.node.value]));

export const WRITE_OPS = ['EcsTagResources', 'EcsUntagResources', 'TagResources', 'UntagResources'] as const;
export const writeCalls = (sim: Simulator) =>
  sim.calls().filter((c) => (WRITE_OPS as readonly string[]).includes(c.operation));
