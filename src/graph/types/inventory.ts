/**
 * The whole inventory: `Query.resourceInventory` (every resource of some kinds and regions, tagged or not, in one
 * connection), `ResourceWhereInput`, and what every `Resource` gains from the listings: `name`, `createdAt`,
 * `status` and its `compliance` with the tag policy. Logic: graph/inventory/.
 */
import { builder } from '../builder.js';
import { readWhere, segmentsOf, whereFilter } from '../inventory/inventory-query.js';
import { inventoryStream } from '../inventory/inventory-stream.js';
import { complianceOf, EMPTY_POLICY } from '../inventory/policy.js';
import { streamConnection } from '../paging/stream-connection.js';
import { readScope } from '../search/tagged-plan.js';
import { detailsOf } from './cluster-fields.js';
import { ResourceKindEnum } from './kinds.js';
import { ResourceInterface, tagsOf, type ResourceModel } from './resource.js';
import { TagType } from './tag.js';
import { ResourceConnection, TagMatchInput } from './tagged.js';

export const INVENTORY_COST =
  ' Cost: a listing costs its pages, one call per page per kind and region: ⌈resources / 100⌉ (security groups ' +
  '⌈n / 50⌉; ACK clusters, DescribeClustersV1 pages of 100). Forward paging (`first`/`after`) is lazy: it reads ' +
  'only the pages that hold the page’s items and one item more, resuming at the cursor’s page; `last`/`before` and ' +
  '`totalCount` read every page. Pages come through the upstream cache (CACHE_TTL_ECS_LISTINGS_S); the nodes’ ' +
  '`tags`, `name`, `createdAt` and `status` come from the listing, at no further call.';

export const ResourceWhereInput = builder.inputType('ResourceWhereInput', {
  description:
    'Keeps the resources whose complete tags meet every condition given. System tags (keys starting with `acs:` or ' +
    '`aliyun`, and `ack.aliyun.com`) count for `tags`, `without` and `missingKeys`, not for `untagged`.',
  fields: (t) => ({
    tags: t.field({ type: [TagMatchInput], description: 'Up to 20 entries, ANDed: a resource must carry each.' }),
    without: t.field({ type: [TagMatchInput], description: 'Up to 20 entries: a resource carrying any is left out.' }),
    untagged: t.boolean({
      description: 'true: only resources without any user tag (system tags do not count); false: only those with one.',
    }),
    missingKeys: t.stringList({ description: 'Only resources lacking at least one of these keys (1 to 20).' }),
  }),
});

builder.queryField('resourceInventory', (t) =>
  t.connection(
    {
      type: ResourceInterface,
      nullable: true,
      description:
        'Every resource of the given kinds and regions, tagged or not, in one list: ECS resources from their listings ' +
        '(DescribeInstances, DescribeDisks, DescribeImages with `ImageOwnerAlias=self`, DescribeSecurityGroups, ' +
        'DescribeSnapshots), ACK clusters from DescribeClustersV1, kept by `where`. Order: kinds in `ResourceKind` ' +
        'order, then regions as given, then the listing’s own order (as `taggedResources`).' +
        INVENTORY_COST,
      args: {
        regionIds: t.arg.stringList({ required: true, description: 'Regions to cover (1 to 10), in list order.' }),
        kinds: t.arg({ type: [ResourceKindEnum], description: 'Kinds to list; leave it out for all six.' }),
        where: t.arg({ type: ResourceWhereInput, description: 'Which resources to keep; all when left out.' }),
      },
      resolve: (_root, args, ctx) => {
        const { regionIds, kinds } = readScope(args);
        const where = readWhere(args.where);
        const scope = {
          list: 'Query.resourceInventory',
          args: { regionIds, kinds, where },
          tenant: ctx.credential.identity,
        };
        const stream = inventoryStream(ctx, segmentsOf(regionIds, kinds), whereFilter(where));
        return streamConnection(ctx.paging, scope, args, stream);
      },
    },
    ResourceConnection,
  ),
);

const LISTED =
  ' Set on resources listed whole (`resourceInventory`, `tagHygiene`) and on ACK clusters (from DescribeClustersV1); ' +
  'null on ECS resources found otherwise (the tag APIs do not say).';

/** A cluster's field from its listing when it came from one, else from DescribeClustersV1 (cluster-fields.ts). */
async function clusterField(
  r: ResourceModel,
  ctx: Parameters<typeof detailsOf>[0],
  field: 'name' | 'createdAt' | 'state',
) {
  if (r.listed) return (field === 'state' ? r.listed.status : r.listed[field]) ?? null;
  return (await detailsOf(ctx, r))[field];
}

const ComplianceType = builder
  .objectRef<{ compliant: boolean; missingKeys: string[]; disallowedValues: Array<{ key: string; value: string }> }>(
    'ResourceCompliance',
  )
  .implement({
    description: 'How a resource stands against the tag policy (TAG_POLICY_FILE).',
    fields: (t) => ({
      compliant: t.exposeBoolean('compliant', {
        description: 'True when it carries every required key with allowed values.',
      }),
      missingKeys: t.exposeStringList('missingKeys', { description: 'Required keys it lacks, in the policy’s order.' }),
      disallowedValues: t.field({
        type: [TagType],
        description: 'Its tags whose value the policy does not allow for their key.',
        resolve: (c) => c.disallowedValues,
      }),
    }),
  });

builder.interfaceFields(ResourceInterface, (t) => ({
  name: t.string({
    nullable: true,
    description: `Its name (InstanceName, DiskName, …; ACK \`name\`); empty when it has none.${LISTED}`,
    resolve: (r, _args, ctx) => (r.kind === 'ACK_CLUSTER' ? clusterField(r, ctx, 'name') : (r.listed?.name ?? null)),
  }),
  createdAt: t.string({
    nullable: true,
    description:
      'When it was created, as the cloud wrote it: ECS `CreationTime` in UTC (instances to the minute, ' +
      '`2017-12-10T04:04Z`), ACK `created` with its offset (`2021-03-04T05:06:07+08:00`).' +
      LISTED,
    resolve: (r, _args, ctx) =>
      r.kind === 'ACK_CLUSTER' ? clusterField(r, ctx, 'createdAt') : (r.listed?.createdAt ?? null),
  }),
  status: t.string({
    nullable: true,
    description:
      'Its status as the listing writes it: instances `Running`, `Stopped` …; disks `In_use`, `Available` …; images ' +
      '`Available`, `Creating` …; snapshots `accomplished`, `progressing`, `failed`; ACK clusters their `state`. ' +
      'Security groups have none.' +
      LISTED,
    resolve: (r, _args, ctx) => (r.kind === 'ACK_CLUSTER' ? clusterField(r, ctx, 'state') : (r.listed?.status ?? null)),
  }),
  compliance: t.field({
    type: ComplianceType,
    nullable: true,
    description:
      'Its standing against the tag policy (TAG_POLICY_FILE): required keys it lacks and values not allowed. Without ' +
      'a policy every resource is compliant. Costs its tags (none when it came from a listing). Null (with an error) ' +
      'when they could not be loaded.',
    resolve: async (r, _args, ctx) => complianceOf(await tagsOf(ctx, r), ctx.tagPolicy ?? EMPTY_POLICY),
  }),
}));
