/**
 * `Query.tagHygiene`: a report over every resource of some kinds and regions, each figure exact and each finding
 * a connection to the resources behind it. The report reads each listing once, folding pages into counts as they
 * come (graph/inventory/hygiene.ts); the findings' lists re-read the pages from the upstream cache afterwards.
 */
import type { ConnectionArgs } from '../paging/connection.js';
import { builder } from '../builder.js';
import type { GraphContext } from '../context.js';
import {
  countScope,
  disallowedValues,
  findingFilter,
  keyVariants,
  pagesOf,
  valueVariants,
  type Counts,
  type Finding,
  type HygieneScope,
  type SpellingModel,
  type VariantModel,
} from '../inventory/hygiene.js';
import { readKeyList, segmentsOf } from '../inventory/inventory-query.js';
import { inventoryStream } from '../inventory/inventory-stream.js';
import { EMPTY_POLICY } from '../inventory/policy.js';
import { streamConnection } from '../paging/stream-connection.js';
import { readScope } from '../search/tagged-plan.js';
import { INVENTORY_COST } from './inventory.js';
import { ResourceKindEnum } from './kinds.js';
import { ResourceInterface } from './resource.js';
import { ResourceConnection } from './tagged.js';

interface ReportModel {
  scope: HygieneScope;
  /** The one pass, started by the first field that needs a figure. */
  counts: () => Promise<Counts>;
}

const NESTED =
  ' The resources behind the figure: the report’s pages read again, from the upstream cache (no further call while ' +
  'CACHE_TTL_ECS_LISTINGS_S lasts; with the cache off, past the request’s last 32 pages, a nested list pays the ' +
  'pages it reads again). Only the pages the report saw holding its resources are read (but for value spellings). ' +
  '`totalCount` is the report’s own figure.';

/** The resources behind one finding, after the report's pass (so its pages come from the cache). */
async function findingConnection(
  ctx: GraphContext,
  report: ReportModel,
  finding: Finding,
  count: (c: Counts) => number,
  args: ConnectionArgs,
) {
  const counts = await report.counts();
  const { regionIds, kinds, segments } = report.scope;
  const scope = {
    list: `TagHygieneReport.${finding.type}`,
    args: { regionIds, kinds, finding },
    tenant: ctx.credential.identity,
  };
  const stream = inventoryStream(
    ctx,
    segments,
    findingFilter(finding),
    () => Promise.resolve(count(counts)),
    pagesOf(counts, finding),
  );
  return streamConnection(ctx.paging, scope, args, stream);
}

/** A finding's model: its report, what names its resources, and how many there are. */
interface FindingModel {
  report: ReportModel;
  finding: Finding;
  resourceCount: number;
}

const resourcesOf = (m: FindingModel, args: ConnectionArgs, ctx: GraphContext) =>
  findingConnection(ctx, m.report, m.finding, () => m.resourceCount, args);

const MissingKeyFinding = builder.objectRef<FindingModel & { key: string }>('MissingKeyFinding').implement({
  description: 'A required key, and the resources that lack it.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The required key.' }),
    resources: t.connection(
      { type: ResourceInterface, description: `Resources without this key.${NESTED}`, resolve: resourcesOf },
      ResourceConnection,
    ),
  }),
});

const SpellingType = builder.objectRef<FindingModel & SpellingModel>('Spelling').implement({
  description: 'One spelling of a key or value, exactly as resources carry it.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The spelling, surrounding spaces included.' }),
    resourceCount: t.exposeInt('resourceCount', { description: 'Resources carrying this spelling.' }),
    resources: t.connection(
      { type: ResourceInterface, description: `Resources carrying this spelling.${NESTED}`, resolve: resourcesOf },
      ResourceConnection,
    ),
  }),
});

const VariantFinding = builder.objectRef<{ report: ReportModel; variant: VariantModel }>('VariantFinding').implement({
  description:
    'Spellings equal but for letter case and surrounding spaces: keys (`Env` / `env`) or, for one key, values ' +
    '(`Prod` / `prod`).',
  fields: (t) => ({
    key: t.string({
      nullable: true,
      description: 'For value variants, the key whose values vary; null for key variants.',
      resolve: (v) => v.variant.key,
    }),
    spellings: t.field({
      type: [SpellingType],
      description: 'Each spelling, in byte order.',
      resolve: (v) => v.variant.spellings.map((s) => ({ ...s, report: v.report })),
    }),
  }),
});

const DisallowedValueFinding = builder
  .objectRef<FindingModel & { key: string; value: string }>('DisallowedValueFinding')
  .implement({
    description: 'A value the tag policy does not allow for its key, and the resources carrying it.',
    fields: (t) => ({
      key: t.exposeString('key', { description: 'The key.' }),
      value: t.exposeString('value', { description: 'The value not allowed.' }),
      resources: t.connection(
        { type: ResourceInterface, description: `Resources carrying this value.${NESTED}`, resolve: resourcesOf },
        ResourceConnection,
      ),
    }),
  });

const ReportType = builder.objectRef<ReportModel>('TagHygieneReport').implement({
  description:
    'Tag hygiene over every resource of some kinds and regions. Every figure is exact (the whole listings are read); ' +
    'system tags (`acs:*`, `aliyun*`, `ack.aliyun.com`) count for missing keys, not for untagged or near-quota.',
  fields: (t) => ({
    resourceCount: t.int({
      description: 'Resources covered.',
      resolve: async (r) => (await r.counts()).resourceCount,
    }),
    untagged: t.connection(
      {
        type: ResourceInterface,
        description: `Resources without any user tag.${NESTED}`,
        resolve: (r, args, ctx) => findingConnection(ctx, r, { type: 'untagged' }, (c) => c.untagged, args),
      },
      ResourceConnection,
    ),
    missingKeys: t.field({
      type: [MissingKeyFinding],
      description: 'Per required key (arguments, else the policy), in that order: the resources lacking it.',
      resolve: async (r) => {
        const counts = await r.counts();
        return r.scope.policy.requiredKeys.map((key) => ({
          report: r,
          key,
          finding: { type: 'missingKey' as const, key },
          resourceCount: counts.missing.get(key) ?? 0,
        }));
      },
    }),
    keyVariants: t.field({
      type: [VariantFinding],
      description: 'Keys spelled more than one way, by their lower-case trimmed form.',
      resolve: async (r) => keyVariants(await r.counts()).map((variant) => ({ report: r, variant })),
    }),
    valueVariants: t.field({
      type: [VariantFinding],
      description: 'Per key, values spelled more than one way.',
      resolve: async (r) => valueVariants(await r.counts()).map((variant) => ({ report: r, variant })),
    }),
    disallowedValues: t.field({
      type: [DisallowedValueFinding],
      description: 'Values the policy (TAG_POLICY_FILE) does not allow, by key then value; empty without a policy.',
      resolve: async (r) =>
        disallowedValues(await r.counts(), r.scope.policy).map((d) => ({
          ...d,
          report: r,
          finding: { type: 'value' as const, key: d.key, value: d.value },
        })),
    }),
    nearQuota: t.connection(
      {
        type: ResourceInterface,
        description: `Resources with 18 or more of the 20 tags a resource may carry.${NESTED}`,
        resolve: (r, args, ctx) => findingConnection(ctx, r, { type: 'nearQuota' }, (c) => c.nearQuota, args),
      },
      ResourceConnection,
    ),
  }),
});

builder.queryField('tagHygiene', (t) =>
  t.field({
    type: ReportType,
    nullable: true,
    description:
      'A tag-hygiene report over every resource of the given kinds and regions: untagged resources, missing required ' +
      'keys, key and value variants, values the policy does not allow, resources near the tag quota. Required keys ' +
      'and allowed values come from TAG_POLICY_FILE; `requiredKeys` overrides the keys. The report reads each listing ' +
      'once, whichever figures and lists are asked.' +
      INVENTORY_COST,
    args: {
      regionIds: t.arg.stringList({ required: true, description: 'Regions to cover (1 to 10).' }),
      kinds: t.arg({ type: [ResourceKindEnum], description: 'Kinds to cover; leave it out for all six.' }),
      requiredKeys: t.arg.stringList({
        description: 'Keys every resource must carry (1 to 20); leave it out for the policy’s.',
      }),
    },
    resolve: (_root, args, ctx) => {
      const { regionIds, kinds } = readScope(args);
      const policy = ctx.tagPolicy ?? EMPTY_POLICY;
      const requiredKeys = args.requiredKeys ? readKeyList(args.requiredKeys, 'requiredKeys') : policy.requiredKeys;
      const scope: HygieneScope = {
        regionIds,
        kinds,
        segments: segmentsOf(regionIds, kinds),
        policy: { ...policy, requiredKeys },
      };
      let pass: Promise<Counts> | undefined;
      return { scope, counts: () => (pass ??= countScope(ctx, scope)) };
    },
  }),
);
