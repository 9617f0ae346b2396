/**
 * Facets of the tag catalog: its keys, or the values of one key, summed over regions, in the cloud's own order
 * (UTF-8 bytes). Pure: the entries come from catalog-source.ts.
 */
import { compareUtf8 } from '../../upstream/strings.js';
import type { EcsResourceType } from '../../upstream/types.js';
import type { CatalogEntry } from './catalog-source.js';

export interface KeyFacet {
  key: string;
  valueCount: number;
  resourceCount: number;
}

export interface ValueFacet {
  key: string;
  value: string;
  resourceCount: number;
}

/** A value facet with the regions and kind it counts over (what its `resources` edge lists). */
export interface ScopedValueFacet extends ValueFacet {
  regionIds: string[];
  resourceType: EcsResourceType;
}

/** Resources of the asked kind that carry an entry's tag. */
const resourcesOf = (e: CatalogEntry) => e.counts[e.resourceType] ?? 0;

export function keyFacets(list: readonly CatalogEntry[]): KeyFacet[] {
  const byKey = new Map<string, { values: Set<string>; resources: number }>();
  for (const e of list) {
    const facet = byKey.get(e.key) ?? { values: new Set<string>(), resources: 0 };
    facet.values.add(e.value);
    facet.resources += resourcesOf(e);
    byKey.set(e.key, facet);
  }
  return [...byKey.entries()]
    .map(([key, f]) => ({ key, valueCount: f.values.size, resourceCount: f.resources }))
    .sort((a, b) => compareUtf8(a.key, b.key));
}

export function valueFacets(list: readonly CatalogEntry[], key: string): ValueFacet[] {
  const byValue = new Map<string, number>();
  for (const e of list) if (e.key === key) byValue.set(e.value, (byValue.get(e.value) ?? 0) + resourcesOf(e));
  return [...byValue.entries()]
    .map(([value, resourceCount]) => ({ key, value, resourceCount }))
    .sort((a, b) => compareUtf8(a.value, b.value));
}
