/**
 * The multi-region merge order and the facets (src/graph/catalog/catalog-source.ts, src/graph/catalog/facets.ts): key, value,
 * then region, in UTF-8 byte order as the cloud sorts each region; counts summed over regions. Pure functions.
 */
import { describe, expect, it } from 'vitest';
import {
  byKeyValueRegion,
  MERGE_LIMIT,
  mergeCatalog,
  type CatalogEntry,
} from '../../src/graph/catalog/catalog-source.js';
import { InputError } from '../../src/graph/errors.js';
import { keyFacets, valueFacets } from '../../src/graph/catalog/facets.js';

function entry(key: string, value: string, regionId: string, instance = 1, disk = 0): CatalogEntry {
  return { regionId, resourceType: 'instance', key, value, counts: { instance, disk } };
}

const label = (e: CatalogEntry) => `${e.key}=${e.value}@${e.regionId}`;

describe('mergeCatalog', () => {
  it('orders by key, then value, then region', () => {
    const merged = mergeCatalog([
      entry('env', 'prod', 'cn-hangzhou'),
      entry('app', 'web', 'cn-hangzhou'),
      entry('env', 'dev', 'cn-hangzhou'),
      entry('env', 'prod', 'cn-beijing'),
      entry('app', 'web', 'cn-beijing'),
    ]);
    expect(merged.map(label)).toEqual([
      'app=web@cn-beijing',
      'app=web@cn-hangzhou',
      'env=dev@cn-hangzhou',
      'env=prod@cn-beijing',
      'env=prod@cn-hangzhou',
    ]);
  });

  it('uses UTF-8 byte order, not UTF-16 units: ｚ (U+FF5A) before 𝒜 (U+1D49C), upper case before lower', () => {
    const merged = mergeCatalog([
      entry('𝒜', 'v', 'r1'),
      entry('ｚ', 'v', 'r1'),
      entry('a', '𝒜', 'r1'),
      entry('a', 'ｚ', 'r1'),
      entry('B', '', 'r1'),
    ]);
    expect(merged.map(label)).toEqual(['B=@r1', 'a=ｚ@r1', 'a=𝒜@r1', 'ｚ=v@r1', '𝒜=v@r1']);
    // JS `<` would put the astral key first: the order is not the default sort's.
    expect(['ｚ', '𝒜'].sort()).toEqual(['𝒜', 'ｚ']);
  });

  it('does not reorder its input array', () => {
    const input = [entry('b', '', 'r'), entry('a', '', 'r')];
    mergeCatalog(input);
    expect(input.map((e) => e.key)).toEqual(['b', 'a']);
  });

  it('refuses more than MERGE_LIMIT entries, naming regionIds', () => {
    const many = Array.from({ length: MERGE_LIMIT + 1 }, (_, i) => entry(`k${i}`, '', 'r'));
    expect(() => mergeCatalog(many)).toThrow(InputError);
    expect(() => mergeCatalog(many.slice(1))).not.toThrow();
  });

  it('byKeyValueRegion is 0 only for the same key, value and region', () => {
    expect(byKeyValueRegion(entry('k', 'v', 'r'), entry('k', 'v', 'r', 5))).toBe(0);
    expect(byKeyValueRegion(entry('k', 'v', 'r1'), entry('k', 'v', 'r2'))).toBeLessThan(0);
  });
});

describe('facets', () => {
  const list = [
    entry('𝒜', 'x', 'r1', 2),
    entry('env', 'prod', 'r1', 3),
    entry('env', 'prod', 'r2', 4),
    entry('env', 'dev', 'r2', 1),
    entry('ｚ', 'y', 'r2', 0, 9),
  ];

  it('keyFacets: one per key in byte order, distinct values, resources of the asked kind summed', () => {
    expect(keyFacets(list)).toEqual([
      { key: 'env', valueCount: 2, resourceCount: 8 },
      { key: 'ｚ', valueCount: 1, resourceCount: 0 },
      { key: '𝒜', valueCount: 1, resourceCount: 2 },
    ]);
  });

  it('valueFacets: the values of one key in byte order, summed over regions', () => {
    expect(valueFacets(list, 'env')).toEqual([
      { key: 'env', value: 'dev', resourceCount: 1 },
      { key: 'env', value: 'prod', resourceCount: 7 },
    ]);
    expect(valueFacets(list, 'missing')).toEqual([]);
  });
});
