/** DataLoader keys are strings so that equal look-ups de-duplicate; these build and read them. */
import { compareUtf8 } from '../upstream/strings.js';
import type { EcsResourceType, TagFilter } from '../upstream/types.js';

export interface EcsRef {
  regionId: string;
  resourceType: EcsResourceType;
  resourceId: string;
}

export interface ClusterRef {
  regionId: string;
  clusterId: string;
}

export interface CatalogPageRef {
  regionId: string;
  resourceType: EcsResourceType;
  tags: TagFilter[];
  pageNumber: number;
}

export const ecsKey = (r: EcsRef) => JSON.stringify([r.regionId, r.resourceType, r.resourceId]);
export const clusterKey = (r: ClusterRef) => JSON.stringify([r.regionId, r.clusterId]);
/** Filters sorted by key: the same filter set in any order is the same page. */
export const catalogPageKey = (r: CatalogPageRef) =>
  JSON.stringify([r.regionId, r.resourceType, sortFilters(r.tags), r.pageNumber]);

/** `list` in consecutive slices of at most `size` (one upstream call each). */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
}

export function sortFilters(tags: TagFilter[]): TagFilter[] {
  return [...tags]
    .sort((a, b) => compareUtf8(a.key, b.key))
    .map((t) => (t.value === undefined ? { key: t.key } : { key: t.key, value: t.value }));
}
