/**
 * From tags to resources: `Query.taggedResources` (resources that carry tags, across kinds and regions, in one
 * connection) and the `resources` edges of catalog entries and value facets (the resources behind their counts).
 * ECS resources are listed with ECS ListTagResources by tag, ACK clusters with CS DescribeClustersV1; the plan,
 * order and paging are in tagged-plan.ts, tagged-stream.ts and tagged-connection.ts.
 */
import { builder } from '../builder.js';
import type { GraphContext } from '../context.js';
import { readTagMatches } from '../search/tag-match.js';
import { taggedConnection } from '../search/tagged-connection.js';
import { countedQuery, readTaggedQuery, type TaggedQuery } from '../search/tagged-plan.js';
import { CatalogEntryType, ValueFacetType } from './catalog.js';
import { ResourceKindEnum } from './kinds.js';
import { ResourceInterface } from './resource.js';

export const TagMatchInput = builder.inputType('TagMatchInput', {
  description:
    'Matches resources that carry `key`: with any value when `values` is left out, else with one of `values` (OR). ' +
    'Keys and values follow the usual tag rules (keys 1–128 characters, values 0–128, no `aliyun`/`acs:` prefix, no URLs).',
  fields: (t) => ({
    key: t.string({ required: true, description: 'The tag key to match.' }),
    values: t.stringList({
      description: 'Values to match, any of them (1 to 20); leave it out to match every value of the key.',
    }),
  }),
});

const COSTS =
  ' Cost: forward paging (`first`/`after`) is lazy, it reads only the upstream pages that hold the page’s items and one ' +
  'item more (ECS ListTagResources pages by tag, DescribeClustersV1 pages of 100 clusters), resuming at the cursor’s page. ' +
  '`last`/`before` and `totalCount` read every page of the whole list (segments in parallel). Where the filters sent ' +
  'upstream cannot decide alone (an entry with several values, an empty value, `without`), the full tags of each ECS ' +
  'resource examined are loaded too.';

export const ResourceConnection = builder.connectionObject(
  { type: ResourceInterface, name: 'ResourceConnection', description: 'A page of resources.' },
  { name: 'ResourceEdge', description: 'One resource with its cursor.' },
);

const countedResources = (
  ctx: GraphContext,
  list: string,
  q: TaggedQuery,
  args: Parameters<typeof taggedConnection>[3],
) => taggedConnection(ctx, list, q, args, q);

builder.queryField('taggedResources', (t) =>
  t.connection(
    {
      type: ResourceInterface,
      nullable: true,
      description:
        'Resources that carry tags, across kinds and regions, in one list: ECS resources (ECS ListTagResources by tag) ' +
        'and ACK clusters (DescribeClustersV1). Every node is the object `node(id:)` returns. Order: kinds in ' +
        'this order: ECS_INSTANCE, ECS_DISK, ECS_IMAGE, ECS_SECURITY_GROUP, ECS_SNAPSHOT, ACK_CLUSTER (whatever the order of ' +
        '`kinds`; the SDL lists enum values sorted, so `ResourceKind` does not show it), then regions as given, then (ECS) the values of the driving `tags` entry in byte order, ' +
        'then the upstream’s own order. ECS kinds need at least one `tags` entry (the cloud lists ECS resources by tag ' +
        'or by ID only); ACK clusters can be listed whole, so `without` alone works with `kinds: [ACK_CLUSTER]`.' +
        COSTS,
      args: {
        regionIds: t.arg.stringList({
          required: true,
          description: 'Regions to cover (1 to 10), in the order the list takes them.',
        }),
        kinds: t.arg({ type: [ResourceKindEnum], description: 'Kinds to list; leave it out for all six.' }),
        tags: t.arg({ type: [TagMatchInput], description: 'Up to 20 entries, ANDed: a resource must carry each.' }),
        without: t.arg({
          type: [TagMatchInput],
          description: 'Up to 20 entries: a resource that carries any of them is left out.',
        }),
      },
      resolve: (_root, args, ctx) => {
        const q = readTaggedQuery(args, readTagMatches(args.tags, 'tags'), readTagMatches(args.without, 'without'));
        return taggedConnection(ctx, 'Query.taggedResources', q, args, q);
      },
    },
    ResourceConnection,
  ),
);

builder.objectField(CatalogEntryType, 'resources', (t) =>
  t.connection(
    {
      type: ResourceInterface,
      nullable: true,
      description:
        'The resources behind `resourceCount`: those of the asked kind in this region that carry this tag (and every ' +
        'catalog filter), as `taggedResources` lists them.' +
        COSTS,
      resolve: (entry, args, ctx) =>
        countedResources(
          ctx,
          'TagCatalogEntry.resources',
          countedQuery([entry.regionId], entry.resourceType, entry.key, entry.value, entry.filters),
          args,
        ),
    },
    ResourceConnection,
  ),
);

builder.objectField(ValueFacetType, 'resources', (t) =>
  t.connection(
    {
      type: ResourceInterface,
      nullable: true,
      description:
        'The resources behind `resourceCount`: those of the asked kind in the asked regions that carry this value, as ' +
        '`taggedResources` lists them.' +
        COSTS,
      resolve: (facet, args, ctx) =>
        countedResources(
          ctx,
          'TagValueFacet.resources',
          countedQuery(facet.regionIds, facet.resourceType, facet.key, facet.value),
          args,
        ),
    },
    ResourceConnection,
  ),
);
