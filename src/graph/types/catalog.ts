/**
 * The ECS tag catalog (DescribeTags) and its facets: the tags of a region with per-kind resource counts, across
 * several regions at once, and the keys of a region or the values of a key, with counts.
 */
import { sortFilters } from '../../loaders/index.js';
import { validateRegionId } from '../../upstream/validate.js';
import type { ResourceTypeCounts } from '../../upstream/types.js';
import { builder } from '../builder.js';
import {
  allCatalogEntries,
  compare,
  mergedCatalogEntries,
  pagedCatalogSource,
  type CatalogEntry,
  type CatalogQuery,
} from '../catalog-source.js';
import { arraySource } from '../connection.js';
import type { GraphContext } from '../context.js';
import { userInputError } from '../errors.js';
import { listConnection, totalCountField } from '../lists.js';
import { ECS_TYPE_OF, EcsKindEnum, type EcsKind } from './kinds.js';
import { TagFilterInput, readFilters } from './tag.js';

const MAX_REGIONS = 10;

const ResourceCountsType = builder.objectRef<ResourceTypeCounts>('ResourceCounts').implement({
  description: 'How many resources of each ECS kind carry a tag in a region.',
  fields: (t) => ({
    instance: t.int({ description: 'ECS instances.', resolve: (c) => c.instance ?? 0 }),
    disk: t.int({ description: 'Disks.', resolve: (c) => c.disk ?? 0 }),
    image: t.int({ description: 'Images.', resolve: (c) => c.image ?? 0 }),
    securityGroup: t.int({ description: 'Security groups.', resolve: (c) => c.securitygroup ?? 0 }),
    snapshot: t.int({ description: 'Snapshots.', resolve: (c) => c.snapshot ?? 0 }),
  }),
});

const CatalogEntryType = builder.objectRef<CatalogEntry>('TagCatalogEntry').implement({
  description: 'A tag (key and value) in use in one region, with how many resources carry it.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    value: t.exposeString('value', { description: 'The tag value.' }),
    regionId: t.exposeString('regionId', { description: 'The region the counts are for.' }),
    resourceCount: t.int({
      description: 'Resources of the asked kind that carry this tag.',
      resolve: (e) => e.counts[e.resourceType] ?? 0,
    }),
    counts: t.field({ type: ResourceCountsType, description: 'Resources of each ECS kind that carry this tag.', resolve: (e) => e.counts }),
  }),
});

interface KeyFacet {
  key: string;
  valueCount: number;
  resourceCount: number;
}
interface ValueFacet {
  key: string;
  value: string;
  resourceCount: number;
}

const KeyFacetType = builder.objectRef<KeyFacet>('TagKeyFacet').implement({
  description: 'A tag key in use, over the asked regions and kind.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    valueCount: t.exposeInt('valueCount', { description: 'How many distinct values it has.' }),
    resourceCount: t.exposeInt('resourceCount', { description: 'How many resources of the asked kind carry it.' }),
  }),
});

const ValueFacetType = builder.objectRef<ValueFacet>('TagValueFacet').implement({
  description: 'A value of one tag key, over the asked regions and kind.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    value: t.exposeString('value', { description: 'The value.' }),
    resourceCount: t.exposeInt('resourceCount', { description: 'How many resources of the asked kind carry it.' }),
  }),
});


/** Validates the region list and kind and builds one query per region, before any call. */
function catalogQueries(regionIds: readonly string[], kind: EcsKind, filters: CatalogQuery['tags']): CatalogQuery[] {
  const unique = [...new Set(regionIds)];
  if (unique.length === 0) throw userInputError('Give at least one region.', 'regionIds');
  if (unique.length > MAX_REGIONS) throw userInputError(`At most ${MAX_REGIONS} regions may be given.`, 'regionIds');
  unique.forEach((r) => validateRegionId('DescribeTags', r));
  return unique.map((regionId) => ({ regionId, resourceType: ECS_TYPE_OF[kind], tags: filters }));
}


builder.queryFields((t) => ({
  tagCatalog: t.connection(
    {
      type: CatalogEntryType,
      nullable: true,
      description:
        'The tags in use on ECS resources of one kind, per region, with resource counts (DescribeTags). Several ' +
        'regions are fetched in parallel and merged, ordered by key, value and region.',
      args: {
        regionIds: t.arg.stringList({ required: true, description: 'Regions to cover (1 to 10), e.g. ["cn-hangzhou"].' }),
        kind: t.arg({ type: EcsKindEnum, defaultValue: 'ECS_INSTANCE', description: 'The resource kind to count.' }),
        filters: t.arg({ type: [TagFilterInput], description: 'Up to 5 filters, ANDed; a key without value matches every value.' }),
      },
      resolve: (_root, args, ctx) => {
        const filters = readFilters(args.filters, 5);
        const queries = catalogQueries(args.regionIds, args.kind ?? 'ECS_INSTANCE', filters);
        const scope = { regions: sortedRegions(queries), kind: args.kind, filters: sortFilters(filters) };
        const source =
          queries.length === 1 ? pagedCatalogSource(ctx, queries[0]!) : arraySource(() => mergedCatalogEntries(ctx, queries));
        return listConnection(ctx, 'Query.tagCatalog', scope, args, source);
      },
    },
    { name: 'TagCatalogConnection', description: 'A page of the tag catalog.', fields: (c) => ({ totalCount: c.int(totalCountField()) }) },
    { name: 'TagCatalogEdge', description: 'One catalog entry with its cursor.' },
  ),

  tagKeys: t.connection(
    {
      type: KeyFacetType,
      nullable: true,
      description: 'The tag keys in use on ECS resources of one kind in the given regions, by key, with counts.',
      args: {
        regionIds: t.arg.stringList({ required: true, description: 'Regions to cover (1 to 10).' }),
        kind: t.arg({ type: EcsKindEnum, defaultValue: 'ECS_INSTANCE', description: 'The resource kind to count.' }),
      },
      resolve: (_root, args, ctx) => {
        const queries = catalogQueries(args.regionIds, args.kind ?? 'ECS_INSTANCE', []);
        const scope = { regions: sortedRegions(queries), kind: args.kind };
        return listConnection(ctx, 'Query.tagKeys', scope, args, arraySource(async () => keyFacets(await entries(ctx, queries))));
      },
    },
    { name: 'TagKeyConnection', description: 'A page of tag keys.', fields: (c) => ({ totalCount: c.int(totalCountField()) }) },
    { name: 'TagKeyEdge', description: 'One tag key with its cursor.' },
  ),

  tagValues: t.connection(
    {
      type: ValueFacetType,
      nullable: true,
      description: 'The values of one tag key on ECS resources of one kind in the given regions, with counts.',
      args: {
        regionIds: t.arg.stringList({ required: true, description: 'Regions to cover (1 to 10).' }),
        key: t.arg.string({ required: true, description: 'The tag key.' }),
        kind: t.arg({ type: EcsKindEnum, defaultValue: 'ECS_INSTANCE', description: 'The resource kind to count.' }),
      },
      resolve: (_root, args, ctx) => {
        const filters = readFilters([{ key: args.key }], 1);
        const queries = catalogQueries(args.regionIds, args.kind ?? 'ECS_INSTANCE', filters);
        const scope = { regions: sortedRegions(queries), kind: args.kind, key: args.key };
        return listConnection(ctx, 'Query.tagValues', scope, args, arraySource(async () => valueFacets(await entries(ctx, queries), args.key)));
      },
    },
    { name: 'TagValueConnection', description: 'A page of a key’s values.', fields: (c) => ({ totalCount: c.int(totalCountField()) }) },
    { name: 'TagValueEdge', description: 'One value with its cursor.' },
  ),
}));

/** Cursor scopes name the list, not the spelling of the request: region and filter order do not change it. */
function sortedRegions(queries: CatalogQuery[]): string[] {
  return queries.map((q) => q.regionId).sort(compare);
}

async function entries(ctx: GraphContext, queries: CatalogQuery[]): Promise<CatalogEntry[]> {
  return (await Promise.all(queries.map((q) => allCatalogEntries(ctx, q)))).flat();
}

function keyFacets(list: CatalogEntry[]): KeyFacet[] {
  const byKey = new Map<string, { values: Set<string>; resources: number }>();
  for (const e of list) {
    const facet = byKey.get(e.key) ?? { values: new Set<string>(), resources: 0 };
    facet.values.add(e.value);
    facet.resources += e.counts[e.resourceType] ?? 0;
    byKey.set(e.key, facet);
  }
  return [...byKey.entries()]
    .map(([key, f]) => ({ key, valueCount: f.values.size, resourceCount: f.resources }))
    .sort((a, b) => compare(a.key, b.key));
}

function valueFacets(list: CatalogEntry[], key: string): ValueFacet[] {
  const byValue = new Map<string, number>();
  for (const e of list) if (e.key === key) byValue.set(e.value, (byValue.get(e.value) ?? 0) + (e.counts[e.resourceType] ?? 0));
  return [...byValue.entries()].map(([value, resourceCount]) => ({ key, value, resourceCount })).sort((a, b) => compare(a.value, b.value));
}
