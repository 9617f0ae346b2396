/**
 * The ECS tag catalog (DescribeTags) and its facets: the tags of a region with per-kind resource counts, across
 * several regions at once, and the keys of a region or the values of a key, with counts.
 */
import { sortFilters } from '../../loaders/index.js';
import { compareUtf8 } from '../../upstream/strings.js';
import { LIMITS, validateRegionId } from '../../upstream/operations/validate.js';
import type { ResourceTypeCounts } from '../../upstream/types.js';
import { builder } from '../builder.js';
import {
  catalogEntries,
  mergedCatalogEntries,
  pagedCatalogSource,
  type CatalogEntry,
  type CatalogQuery,
} from '../catalog/catalog-source.js';
import { arraySource } from '../paging/connection.js';
import { userInputError } from '../errors.js';
import { keyFacets, valueFacets, type KeyFacet, type ScopedValueFacet } from '../catalog/facets.js';
import { listConnection } from '../paging/lists.js';
import { DateTimeScalar, FETCHED_AT_DESCRIPTION, withFetchedAt, type WithFetchedAt } from './datetime.js';
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

export const CatalogEntryType = builder.objectRef<CatalogEntry>('TagCatalogEntry').implement({
  description: 'A tag (key and value) in use in one region, with how many resources carry it.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    value: t.exposeString('value', { description: 'The tag value.' }),
    regionId: t.exposeString('regionId', { description: 'The region the counts are for.' }),
    resourceCount: t.int({
      description: 'Resources of the asked kind that carry this tag.',
      resolve: (e) => e.counts[e.resourceType] ?? 0,
    }),
    counts: t.field({
      type: ResourceCountsType,
      description: 'Resources of each ECS kind that carry this tag.',
      resolve: (e) => e.counts,
    }),
  }),
});

const KeyFacetType = builder.objectRef<KeyFacet>('TagKeyFacet').implement({
  description: 'A tag key in use, over the asked regions and kind.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    valueCount: t.exposeInt('valueCount', { description: 'How many distinct values it has.' }),
    resourceCount: t.exposeInt('resourceCount', { description: 'How many resources of the asked kind carry it.' }),
  }),
});

export const ValueFacetType = builder.objectRef<ScopedValueFacet>('TagValueFacet').implement({
  description: 'A value of one tag key, over the asked regions and kind.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    value: t.exposeString('value', { description: 'The value.' }),
    resourceCount: t.exposeInt('resourceCount', { description: 'How many resources of the asked kind carry it.' }),
  }),
});

/** The kind every catalog field counts when the query names none. */
const DEFAULT_KIND: EcsKind = 'ECS_INSTANCE';

/** The regions and kind every catalog field takes. */
const catalogArgs = builder.args((t) => ({
  regionIds: t.stringList({ required: true, description: 'Regions to cover (1 to 10), e.g. ["cn-hangzhou"].' }),
  kind: t.field({ type: EcsKindEnum, defaultValue: DEFAULT_KIND, description: 'The resource kind to count.' }),
}));

/**
 * Validates the regions and kind and builds one query per region, before any call. `scope` names the list in
 * cursors, not the spelling of the request: region order (and an omitted kind) do not change it.
 */
export function catalogQueries(
  args: { regionIds: readonly string[]; kind?: EcsKind | null },
  filters: CatalogQuery['tags'],
) {
  const unique = [...new Set(args.regionIds)];
  if (unique.length === 0) throw userInputError('Give at least one region.', 'regionIds');
  if (unique.length > MAX_REGIONS) throw userInputError(`At most ${MAX_REGIONS} regions may be given.`, 'regionIds');
  unique.forEach((r) => validateRegionId('DescribeTags', r));
  const kind = args.kind ?? DEFAULT_KIND;
  const queries: CatalogQuery[] = unique.map((regionId) => ({
    regionId,
    resourceType: ECS_TYPE_OF[kind],
    tags: filters,
  }));
  return { queries, scope: { regions: [...unique].sort(compareUtf8), kind } };
}

/** The connection's `fetchedAt` (set by withFetchedAt), as a date. */
function fetchedDate(connection: object): Date | null {
  const at = (connection as WithFetchedAt<object>).fetchedAt;
  return at === undefined ? null : new Date(at);
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** A catalog connection type: its name and description, and when the data of the page was fetched. */
function catalogConnection(name: string, description: string) {
  return {
    name,
    description,
    fields: <P extends object>(f: PothosSchemaTypes.ObjectFieldBuilder<Types, P>) => ({
      fetchedAt: f.field({
        type: DateTimeScalar,
        nullable: true,
        description: FETCHED_AT_DESCRIPTION,
        resolve: fetchedDate,
      }),
    }),
  };
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
        ...catalogArgs,
        filters: t.arg({
          type: [TagFilterInput],
          description: 'Up to 5 filters, ANDed; a key without value matches every value.',
        }),
      },
      resolve: (_root, args, ctx) => {
        const filters = readFilters(args.filters, LIMITS.ecsTagFilters);
        const { queries, scope } = catalogQueries(args, filters);
        const source =
          queries.length === 1
            ? pagedCatalogSource(ctx, queries[0]!)
            : arraySource(() => mergedCatalogEntries(ctx, queries));
        return withFetchedAt(
          listConnection(ctx, 'Query.tagCatalog', { ...scope, filters: sortFilters(filters) }, args, source),
          () => ctx.loaders.catalogFreshness.oldest(queries),
        );
      },
    },
    catalogConnection('TagCatalogConnection', 'A page of the tag catalog.'),
    { name: 'TagCatalogEdge', description: 'One catalog entry with its cursor.' },
  ),
}));

builder.queryFields((t) => ({
  tagKeys: t.connection(
    {
      type: KeyFacetType,
      nullable: true,
      description: 'The tag keys in use on ECS resources of one kind in the given regions, by key, with counts.',
      args: catalogArgs,
      resolve: (_root, args, ctx) => {
        const { queries, scope } = catalogQueries(args, []);
        return withFetchedAt(
          listConnection(
            ctx,
            'Query.tagKeys',
            scope,
            args,
            arraySource(async () => keyFacets(await catalogEntries(ctx, queries))),
          ),
          () => ctx.loaders.catalogFreshness.oldest(queries),
        );
      },
    },
    catalogConnection('TagKeyConnection', 'A page of tag keys.'),
    { name: 'TagKeyEdge', description: 'One tag key with its cursor.' },
  ),
}));

builder.queryFields((t) => ({
  tagValues: t.connection(
    {
      type: ValueFacetType,
      nullable: true,
      description: 'The values of one tag key on ECS resources of one kind in the given regions, with counts.',
      // Argument order as printed since the first schema: regions, key, kind.
      args: {
        regionIds: catalogArgs.regionIds,
        key: t.arg.string({ required: true, description: 'The tag key.' }),
        kind: catalogArgs.kind,
      },
      resolve: (_root, args, ctx) => {
        const { queries, scope } = catalogQueries(args, readFilters([{ key: args.key }], 1));
        // Each facet knows its regions and kind: its `resources` list is the resources behind its count.
        const where = { regionIds: queries.map((q) => q.regionId), resourceType: queries[0]!.resourceType };
        const values = async () =>
          valueFacets(await catalogEntries(ctx, queries), args.key).map((f) => ({ ...f, ...where }));
        return withFetchedAt(
          listConnection(ctx, 'Query.tagValues', { ...scope, key: args.key }, args, arraySource(values)),
          () => ctx.loaders.catalogFreshness.oldest(queries),
        );
      },
    },
    catalogConnection('TagValueConnection', 'A page of a key’s values.'),
    { name: 'TagValueEdge', description: 'One value with its cursor.' },
  ),
}));
