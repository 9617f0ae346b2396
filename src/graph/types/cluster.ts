/**
 * `Query.ackClusters`: ACK clusters of one region as a connection.
 * - With `clusterIds`: the clusters among them that exist and carry every filter tag (ListTagResources), in the
 *   order given. Without tag filters the request's cluster-tag loader answers (shared with every `tags` field);
 *   with them, ListTagResources gets them, in calls of up to the allowed number of IDs, and the complete tag
 *   sets it returns prime the loader.
 * - Without `clusterIds`: every cluster of the region (DescribeClustersV1 listed to its end, `name` and
 *   `clusterType` sent upstream), newest first; `state` and the tag filters are applied to the listing, whose
 *   tags and details prime the loaders (the clusters' `tags` and detail fields cost no further call).
 * `name` / `state` / `clusterType` with `clusterIds` are checked against the clusters' DescribeClustersV1 records.
 */
import { compareUtf8 } from '../../upstream/strings.js';
import type { ClusterInfo, ClusterState, TagFilter } from '../../upstream/types.js';
import { LIMITS, isClusterId, validateRegionId } from '../../upstream/operations/validate.js';
import { sortFilters } from '../../loaders/index.js';
import { builder } from '../builder.js';
import { matchesAll } from '../search/tag-match.js';
import { arraySource } from '../paging/connection.js';
import type { GraphContext } from '../context.js';
import { userInputError } from '../errors.js';
import { listConnection } from '../paging/lists.js';
import { checkNestedTagsArgs } from '../paging/nested-args.js';
import { AckClusterStateEnum } from './cluster-fields.js';
import { readDetailFilters, type DetailFilters } from './cluster-filters.js';
import { resourceTypes, type ResourceModel } from './resource.js';
import { TagFilterInput, readFilters } from './tag.js';

export function readClusterIds(ids: readonly string[], max: number): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0)
    throw userInputError('Give at least one cluster ID, or leave clusterIds out to list the region.', 'clusterIds');
  if (unique.length > max) throw userInputError(`At most ${max} cluster IDs may be given.`, 'clusterIds');
  unique.forEach((id, i) => {
    if (!isClusterId(id))
      throw userInputError(`"${id.slice(0, 64)}" is not an ACK cluster ID (c + 32 hex digits).`, `clusterIds[${i}]`);
  });
  return unique;
}

const toModel =
  (regionId: string) =>
  (resourceId: string): ResourceModel => ({ kind: 'ACK_CLUSTER', regionId, resourceId });

async function matchingClusters(
  ctx: GraphContext,
  regionId: string,
  ids: string[],
  tags: TagFilter[],
  details: DetailFilters,
): Promise<ResourceModel[]> {
  const found = tags.length === 0 ? await viaLoader(ctx, regionId, ids) : await viaFilter(ctx, regionId, ids, tags);
  const existing = ids.filter((id) => found.has(id));
  if (!details.any) return existing.map(toModel(regionId));
  const records = await Promise.all(
    existing.map((clusterId) => ctx.loaders.clusterDetails.load({ regionId, clusterId })),
  );
  return existing.filter((_, i) => records[i] && details.keeps(records[i])).map(toModel(regionId));
}

async function viaLoader(ctx: GraphContext, regionId: string, ids: string[]): Promise<Set<string>> {
  const all = await Promise.all(ids.map((clusterId) => ctx.loaders.clusterTags.load({ regionId, clusterId })));
  return new Set(ids.filter((_, i) => all[i] !== null));
}

async function viaFilter(ctx: GraphContext, regionId: string, ids: string[], tags: TagFilter[]): Promise<Set<string>> {
  const byCluster = await ctx.loaders.clusterFilter.load({ regionId, clusterIds: ids, tags });
  for (const [clusterId, list] of byCluster) ctx.loaders.clusterTags.prime({ regionId, clusterId }, list);
  return new Set(byCluster.keys());
}

/** Every filter ANDed; a filter without value (or with an empty one, as the upstream reads it) matches any value. */
/** Filters as tag matches: a key without value (or with an empty one, as the upstream reads it) matches any value. */
const asMatches = (filters: TagFilter[]) =>
  filters.map((f) => ({ key: f.key, values: f.value ? [f.value] : undefined }));

const newestFirst = (a: ClusterInfo, b: ClusterInfo) =>
  (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0) || compareUtf8(a.clusterId, b.clusterId);

async function listedClusters(
  ctx: GraphContext,
  regionId: string,
  tags: TagFilter[],
  details: DetailFilters,
): Promise<ResourceModel[]> {
  const all = await ctx.loaders.clusterList.load({ regionId, ...details.upstream });
  for (const c of all) {
    const ref = { regionId, clusterId: c.clusterId };
    ctx.loaders.clusterDetails.prime(ref, c);
    ctx.loaders.clusterTags.prime(ref, c.tags);
  }
  const kept = all.filter((c) => details.keeps(c) && matchesAll(c.tags, asMatches(tags), [])).sort(newestFirst);
  return kept.map((c) => toModel(regionId)(c.clusterId));
}

builder.queryField('ackClusters', (t) =>
  t.connection(
    {
      type: resourceTypes.ACK_CLUSTER,
      nullable: true,
      description:
        'ACK clusters of one region that exist and carry every filter tag. With `clusterIds`: those among them, in that order ' +
        '(ListTagResources, ceil(n / 50) calls and their pages). Without: every cluster of the region, newest first ' +
        '(DescribeClustersV1, ceil(clusters / 100) calls; their `tags` and detail fields cost nothing more).',
      args: {
        regionId: t.arg.string({ required: true, description: 'The clusters’ region, e.g. `cn-beijing`.' }),
        clusterIds: t.arg.stringList({
          description: 'Cluster IDs to consider (at most 500); leave out to list the whole region.',
        }),
        filters: t.arg({
          type: [TagFilterInput],
          description: 'Up to 20 tag filters, ANDed; a key without value matches any value.',
        }),
        name: t.arg.string({ description: 'Only clusters named exactly this (1 to 63 characters).' }),
        state: t.arg({ type: AckClusterStateEnum, description: 'Only clusters in this state.' }),
        clusterType: t.arg.string({
          description: 'Only clusters of this type: `Kubernetes`, `ManagedKubernetes` or `ExternalKubernetes`.',
        }),
      },
      resolve: (_root, args, ctx, info) => {
        checkNestedTagsArgs(info, ctx);
        const regionId = args.regionId;
        validateRegionId(args.clusterIds ? 'ListTagResources' : 'DescribeClustersV1', regionId);
        const filters = readFilters(args.filters, LIMITS.csTagFilters);
        const details = readDetailFilters(args.name, args.state as ClusterState | null | undefined, args.clusterType);
        if (!args.clusterIds) {
          const scope = { regionId, ids: null, filters: sortFilters(filters), ...details.scope };
          return listConnection(
            ctx,
            'Query.ackClusters',
            scope,
            args,
            arraySource(() => listedClusters(ctx, regionId, filters, details)),
          );
        }
        const ids = readClusterIds(args.clusterIds, ctx.maxRefs);
        const scope = { regionId, ids, filters: sortFilters(filters), ...details.scope };
        return listConnection(
          ctx,
          'Query.ackClusters',
          scope,
          args,
          arraySource(() => matchingClusters(ctx, regionId, ids, filters, details)),
        );
      },
    },
    { name: 'AckClusterConnection', description: 'A page of ACK clusters.' },
    { name: 'AckClusterEdge', description: 'One cluster with its cursor.' },
  ),
);
