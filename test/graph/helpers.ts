/**
 * Oracles and helpers for the GraphQL-level tests. Every expected answer is computed here from the
 * simulator's inventory (`sim.inventory()`), following the documented DescribeTags / ListTagResources
 * semantics, never from the gateway's own code.
 */
import { expect } from 'vitest';
import type { InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import type { GraphQLResponse, TestGateway } from '../support/gateway.js';

export type EcsType = 'instance' | 'disk' | 'image' | 'securitygroup' | 'snapshot';
export type GqlKind = 'ECS_INSTANCE' | 'ECS_DISK' | 'ECS_IMAGE' | 'ECS_SECURITY_GROUP' | 'ECS_SNAPSHOT' | 'ACK_CLUSTER';

export const TYPE_OF_KIND: Record<GqlKind, EcsType | 'cluster'> = {
  ECS_INSTANCE: 'instance',
  ECS_DISK: 'disk',
  ECS_IMAGE: 'image',
  ECS_SECURITY_GROUP: 'securitygroup',
  ECS_SNAPSHOT: 'snapshot',
  ACK_CLUSTER: 'cluster',
};
export const KIND_OF_TYPE: Record<EcsType | 'cluster', GqlKind> = {
  instance: 'ECS_INSTANCE',
  disk: 'ECS_DISK',
  image: 'ECS_IMAGE',
  securitygroup: 'ECS_SECURITY_GROUP',
  snapshot: 'ECS_SNAPSHOT',
  cluster: 'ACK_CLUSTER',
};
export const TYPENAME_OF_TYPE: Record<EcsType | 'cluster', string> = {
  instance: 'EcsInstance',
  disk: 'EcsDisk',
  image: 'EcsImage',
  securitygroup: 'EcsSecurityGroup',
  snapshot: 'EcsSnapshot',
  cluster: 'AckCluster',
};

/** Byte order of the UTF-8 encodings, the order both cloud APIs document. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export interface Filter {
  key: string;
  value?: string;
}

export interface Counts {
  instance: number;
  disk: number;
  image: number;
  securityGroup: number;
  snapshot: number;
}

export interface CatalogRow {
  key: string;
  value: string;
  regionId: string;
  resourceCount: number;
  counts: Counts;
}

const COUNT_FIELD: Record<EcsType, keyof Counts> = {
  instance: 'instance',
  disk: 'disk',
  image: 'image',
  securitygroup: 'securityGroup',
  snapshot: 'snapshot',
};

function tagMap(r: InventoryResource): Map<string, string> {
  return new Map(r.tags.map((t) => [t.key, t.value]));
}

function carries(r: InventoryResource, filters: readonly Filter[]): boolean {
  const tags = tagMap(r);
  return filters.every(
    (f) => tags.has(f.key) && (f.value === undefined || f.value === '' || tags.get(f.key) === f.value),
  );
}

/**
 * DescribeTags for one region and type, all pages: the distinct pairs carried by resources of `type` that
 * carry every filter (only the filter keys' pairs when filters are given), each with per-type counts of
 * resources in the region (any type) that carry the pair and every filter; ordered by key then value.
 */
export function expectedCatalog(
  inv: InventoryFile,
  regionId: string,
  type: EcsType,
  filters: readonly Filter[] = [],
): CatalogRow[] {
  const inRegion = inv.resources.filter((r) => r.service === 'ecs' && r.regionId === regionId && carries(r, filters));
  const filterKeys = filters.length ? new Set(filters.map((f) => f.key)) : null;
  const rows = new Map<string, CatalogRow>();
  for (const r of inRegion) {
    if (r.type !== type) continue;
    for (const t of r.tags) {
      if (filterKeys && !filterKeys.has(t.key)) continue;
      const id = `${t.key}\u0000${t.value}`;
      if (!rows.has(id)) {
        rows.set(id, {
          key: t.key,
          value: t.value,
          regionId,
          resourceCount: 0,
          counts: { instance: 0, disk: 0, image: 0, securityGroup: 0, snapshot: 0 },
        });
      }
    }
  }
  for (const r of inRegion) {
    for (const t of r.tags) {
      const row = rows.get(`${t.key}\u0000${t.value}`);
      if (row) row.counts[COUNT_FIELD[r.type as EcsType]]++;
    }
  }
  for (const row of rows.values()) row.resourceCount = row.counts[COUNT_FIELD[type]];
  return [...rows.values()].sort((a, b) => byteCompare(a.key, b.key) || byteCompare(a.value, b.value));
}

/** Several regions merged in one order: key, value, then region. */
export function expectedMergedCatalog(
  inv: InventoryFile,
  regionIds: string[],
  type: EcsType,
  filters: readonly Filter[] = [],
): CatalogRow[] {
  return regionIds
    .flatMap((r) => expectedCatalog(inv, r, type, filters))
    .sort((a, b) => byteCompare(a.key, b.key) || byteCompare(a.value, b.value) || byteCompare(a.regionId, b.regionId));
}

/** Keys in use on resources of `type` in the regions: distinct values and how many resources carry the key. */
export function expectedKeys(inv: InventoryFile, regionIds: string[], type: EcsType) {
  const byKey = new Map<string, { values: Set<string>; resources: number }>();
  for (const r of inv.resources) {
    if (r.service !== 'ecs' || r.type !== type || !regionIds.includes(r.regionId)) continue;
    for (const t of r.tags) {
      const f = byKey.get(t.key) ?? { values: new Set<string>(), resources: 0 };
      f.values.add(t.value);
      f.resources++;
      byKey.set(t.key, f);
    }
  }
  return [...byKey.entries()]
    .map(([key, f]) => ({ key, valueCount: f.values.size, resourceCount: f.resources }))
    .sort((a, b) => byteCompare(a.key, b.key));
}

/** Values of `key` on resources of `type` in the regions, with how many resources carry each. */
export function expectedValues(inv: InventoryFile, regionIds: string[], type: EcsType, key: string) {
  const byValue = new Map<string, number>();
  for (const r of inv.resources) {
    if (r.service !== 'ecs' || r.type !== type || !regionIds.includes(r.regionId)) continue;
    const v = tagMap(r).get(key);
    if (v !== undefined) byValue.set(v, (byValue.get(v) ?? 0) + 1);
  }
  return [...byValue.entries()]
    .map(([value, resourceCount]) => ({ key, value, resourceCount }))
    .sort((a, b) => byteCompare(a.value, b.value));
}

/** A resource's tags in key order, as `Resource.tags` documents ("by key"). */
export function sortedTags(r: InventoryResource, keys?: string[]) {
  return r.tags
    .filter((t) => !keys || keys.includes(t.key))
    .map((t) => ({ key: t.key, value: t.value }))
    .sort((a, b) => byteCompare(a.key, b.key));
}

export function resourcesOf(inv: InventoryFile, type: EcsType | 'cluster', regionId?: string): InventoryResource[] {
  return inv.resources.filter((r) => r.type === type && (regionId === undefined || r.regionId === regionId));
}

/** An ACK cluster's DescribeClustersV1 fields as `AckCluster` answers them, from the inventory. */
export function clusterFields(c: InventoryResource) {
  return {
    name: c.name ?? c.resourceId,
    state: c.cluster!.state!.toUpperCase(),
    clusterType: c.cluster!.clusterType,
    clusterSpec: c.cluster!.clusterSpec,
    createdAt: c.cluster!.created,
  };
}

/** A well-formed cluster ID that no inventory holds (`c` + 32 hex digits). */
export function absentClusterId(inv: InventoryFile, n = 0): string {
  const used = new Set(inv.resources.map((r) => r.resourceId));
  for (let i = n; ; i++) {
    const id = `c${i.toString(16).padStart(32, '0')}`;
    if (!used.has(id)) return id;
  }
}

/** Forges a global ID of the documented form (base64url of `Type:region/id`), for bad-input cases. */
export function forgeGlobalId(text: string): string {
  return Buffer.from(text).toString('base64url');
}

// ---------------------------------------------------------------------------------------------------------
// Assertions

export function expectNoErrors(res: GraphQLResponse<unknown>): void {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.status).toBe(200);
}

/** One BAD_USER_INPUT error for `field` (a response key), that field null, HTTP 200, no upstream call. */
export function expectBadInput(gw: TestGateway, res: GraphQLResponse<any>, field: string): void {
  expect(res.status, JSON.stringify(res)).toBe(200);
  expect(res.errors?.length, JSON.stringify(res)).toBeGreaterThanOrEqual(1);
  for (const e of res.errors!) expect(e.extensions?.code, JSON.stringify(e)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]!.path?.[0]).toBe(field);
  expect(res.data?.[field] ?? null).toBeNull();
  expect(gw.sim.calls()).toHaveLength(0);
}

// ---------------------------------------------------------------------------------------------------------
// Connection walks

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Walks a connection forward (first/after) or backward (last/before) until the end, checking each page's
 * pageInfo against the exact positions, and returns the nodes in list order plus each page's size.
 */
export async function walk<T>(
  run: (paging: Record<string, unknown>) => Promise<GraphQLResponse<any>>,
  pick: (data: any) => Page<T>,
  direction: 'forward' | 'backward',
  size: number,
  total: number,
  onPage?: (page: Page<T>, index: number) => void,
): Promise<T[]> {
  const collected: T[][] = [];
  let cursor: string | null = null;
  let seen = 0;
  for (let i = 0; ; i++) {
    const paging: Record<string, unknown> =
      direction === 'forward'
        ? { first: size, ...(cursor ? { after: cursor } : {}) }
        : { last: size, ...(cursor ? { before: cursor } : {}) };
    const res = await run(paging);
    expectNoErrors(res);
    const page = pick(res.data);
    onPage?.(page, i);
    expect(page.totalCount).toBe(total);
    const n = page.edges.length;
    const expectedN = Math.min(size, total - seen);
    expect(n).toBe(expectedN);
    // exact flags: items before the page, items after it
    const start = direction === 'forward' ? seen : total - seen - n;
    expect(page.pageInfo.hasPreviousPage).toBe(start > 0);
    expect(page.pageInfo.hasNextPage).toBe(start + n < total);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges[n - 1]?.cursor ?? null);
    seen += n;
    collected.push(page.edges.map((e) => e.node));
    if (direction === 'forward' ? !page.pageInfo.hasNextPage : !page.pageInfo.hasPreviousPage) break;
    cursor = direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor;
    if (i > 1000) throw new Error('walk does not end');
  }
  return direction === 'forward' ? collected.flat() : collected.reverse().flat();
}
