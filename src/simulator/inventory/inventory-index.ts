/** Lookup structures over one (frozen) inventory, plus a small memo for computed answers. */
import type { InventoryFile, InventoryResource, InventoryTag } from '../types.js';
import { byteCompare } from '../util.js';

export interface IndexedResource {
  resource: InventoryResource;
  tags: ReadonlyMap<string, string>;
  /** tags by key, then value, in byte order */
  sortedTags: readonly InventoryTag[];
}

export interface InventoryIndex {
  regions: ReadonlySet<string>;
  ecsByRegion: ReadonlyMap<string, readonly IndexedResource[]>;
  clustersByRegion: ReadonlyMap<string, ReadonlyMap<string, IndexedResource>>;
  memo: Memo;
}

/** A bounded memo (insertion-ordered eviction): inventories never change, so answers can be reused. */
export class Memo {
  private readonly map = new Map<string, unknown>();

  constructor(private readonly max = 512) {}

  get<T>(key: string, compute: () => T): T {
    if (this.map.has(key)) return this.map.get(key) as T;
    const value = compute();
    this.map.set(key, value);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    return value;
  }
}

/** A tag filter: the key, and the value when one was given (without one, any value of the key matches). */
export interface TagFilter {
  key: string;
  value?: string;
}

/** Whether `r` carries every filter (filters are ANDed). */
export function carriesAll(r: IndexedResource, filters: readonly TagFilter[]): boolean {
  for (const f of filters) {
    const v = r.tags.get(f.key);
    if (v === undefined || (f.value !== undefined && v !== f.value)) return false;
  }
  return true;
}

export function compareTags(a: InventoryTag, b: InventoryTag): number {
  return byteCompare(a.key, b.key) || byteCompare(a.value, b.value);
}

/** Tag filters in one canonical order (key, then value; no value sorts as ''), as memo keys and page tokens need. */
export function compareFilters(a: TagFilter, b: TagFilter): number {
  return compareTags({ key: a.key, value: a.value ?? '' }, { key: b.key, value: b.value ?? '' });
}

export function buildIndex(inventory: InventoryFile): InventoryIndex {
  const regions = new Set(inventory.regions);
  const ecsByRegion = new Map<string, IndexedResource[]>();
  const clustersByRegion = new Map<string, Map<string, IndexedResource>>();
  for (const resource of inventory.resources) {
    regions.add(resource.regionId);
    const indexed: IndexedResource = {
      resource,
      tags: new Map(resource.tags.map((t) => [t.key, t.value])),
      sortedTags: [...resource.tags].sort(compareTags),
    };
    if (resource.service === 'cs') {
      let m = clustersByRegion.get(resource.regionId);
      if (!m) clustersByRegion.set(resource.regionId, (m = new Map()));
      m.set(resource.resourceId, indexed);
    } else {
      let list = ecsByRegion.get(resource.regionId);
      if (!list) ecsByRegion.set(resource.regionId, (list = []));
      list.push(indexed);
    }
  }
  return { regions, ecsByRegion, clustersByRegion, memo: new Memo() };
}
