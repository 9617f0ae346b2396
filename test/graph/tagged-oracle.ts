/**
 * The expected answers of `taggedResources`, computed from the simulator's inventory only: which resources carry
 * the tags (AND of entries, OR of values, none of `without`), grouped in the documented order (kinds in
 * ResourceKind order, then regions as given). Within a group only the set is the gateway's contract (the upstream
 * orders it), so groups are compared as sets and the sequence of groups as a sequence.
 */
import { expect } from 'vitest';
import type { InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { KIND_OF_TYPE, type GqlKind } from './helpers.js';

/** The query every taggedResources test sends, with all its arguments as variables. */
export const TAGGED = `query($regionIds: [String!]!, $kinds: [ResourceKind!], $tags: [TagMatchInput!], $without: [TagMatchInput!],
    $first: Int, $after: String, $last: Int, $before: String) {
  taggedResources(regionIds: $regionIds, kinds: $kinds, tags: $tags, without: $without, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { kind regionId resourceId } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

export interface Match {
  key: string;
  values?: string[];
}

export const ALL_KINDS: GqlKind[] = [
  'ECS_INSTANCE',
  'ECS_DISK',
  'ECS_IMAGE',
  'ECS_SECURITY_GROUP',
  'ECS_SNAPSHOT',
  'ACK_CLUSTER',
];

export interface Row {
  kind: string;
  regionId: string;
  resourceId: string;
}

function carries(r: InventoryResource, m: Match): boolean {
  const tag = r.tags.find((t) => t.key === m.key);
  return tag !== undefined && (m.values === undefined || m.values.includes(tag.value));
}

export function expectedTagged(
  inv: InventoryFile,
  q: { regionIds: string[]; kinds?: GqlKind[]; tags?: Match[]; without?: Match[] },
): Row[] {
  const kinds = ALL_KINDS.filter((k) => !q.kinds || q.kinds.includes(k));
  const rows: Row[] = [];
  for (const kind of kinds) {
    for (const regionId of q.regionIds) {
      for (const r of inv.resources) {
        if (KIND_OF_TYPE[r.type as keyof typeof KIND_OF_TYPE] !== kind || r.regionId !== regionId) continue;
        if (!(q.tags ?? []).every((m) => carries(r, m)) || (q.without ?? []).some((m) => carries(r, m))) continue;
        rows.push({ kind, regionId, resourceId: r.resourceId });
      }
    }
  }
  return rows;
}

const groupOf = (r: Row) => `${r.kind} ${r.regionId}`;

/** Same rows, none repeated, groups in the same order, each group the same set. */
export function expectSameList(actual: Row[], expected: Row[]): void {
  const ids = actual.map((r) => `${r.kind}/${r.regionId}/${r.resourceId}`);
  expect(new Set(ids).size, 'no row repeated').toBe(ids.length);
  const groups = (rows: Row[]) => rows.map(groupOf).filter((g, i, all) => i === 0 || all[i - 1] !== g);
  expect(groups(actual)).toEqual(groups(expected));
  const sorted = (rows: Row[]) => rows.map((r) => `${groupOf(r)} ${r.resourceId}`).sort();
  expect(sorted(actual)).toEqual(sorted(expected));
}
