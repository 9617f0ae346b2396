/**
 * ACK clusters filtered by tags among given cluster IDs (ListTagResources), as a connection in the order the
 * IDs were given. Without filters the request's cluster-tag loader answers (shared with every `tags` field);
 * with filters, ListTagResources gets them, in calls of up to the allowed number of IDs, and the complete tag
 * sets it returns prime the loader.
 */
import type { TagFilter } from '../../upstream/types.js';
import { LIMITS, isClusterId, validateRegionId } from '../../upstream/validate.js';
import { sortFilters } from '../../loaders/index.js';
import { builder } from '../builder.js';
import { arraySource } from '../connection.js';
import type { GraphContext } from '../context.js';
import { userInputError } from '../errors.js';
import { listConnection } from '../lists.js';
import { checkNestedTagsArgs } from '../nested-args.js';
import { resourceTypes, type ResourceModel } from './resource.js';
import { TagFilterInput, readFilters } from './tag.js';

function readClusterIds(ids: readonly string[], max: number): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw userInputError('Give at least one cluster ID.', 'clusterIds');
  if (unique.length > max) throw userInputError(`At most ${max} cluster IDs may be given.`, 'clusterIds');
  unique.forEach((id, i) => {
    if (!isClusterId(id)) throw userInputError(`"${id.slice(0, 64)}" is not an ACK cluster ID (c + 32 hex digits).`, `clusterIds[${i}]`);
  });
  return unique;
}

async function matchingClusters(ctx: GraphContext, regionId: string, ids: string[], tags: TagFilter[]): Promise<ResourceModel[]> {
  const found = tags.length === 0 ? await viaLoader(ctx, regionId, ids) : await viaFilter(ctx, regionId, ids, tags);
  return ids.filter((id) => found.has(id)).map((resourceId) => ({ kind: 'ACK_CLUSTER' as const, regionId, resourceId }));
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

builder.queryField('ackClusters', (t) =>
  t.connection(
    {
      type: resourceTypes.ACK_CLUSTER,
      nullable: true,
      description:
        'ACK clusters among `clusterIds` (in that order) that exist and carry every filter tag (ListTagResources). ' +
        'Without filters: the clusters among `clusterIds` that exist.',
      args: {
        regionId: t.arg.string({ required: true, description: 'The clusters’ region, e.g. `cn-beijing`.' }),
        clusterIds: t.arg.stringList({ required: true, description: 'Cluster IDs to consider (at most 500).' }),
        filters: t.arg({ type: [TagFilterInput], description: 'Up to 20 tag filters, ANDed; a key without value matches any value.' }),
      },
      resolve: (_root, args, ctx, info) => {
        checkNestedTagsArgs(info, ctx);
        validateRegionId('ListTagResources', args.regionId);
        const ids = readClusterIds(args.clusterIds, ctx.maxRefs);
        const filters = readFilters(args.filters, LIMITS.csTagFilters);
        const scope = { regionId: args.regionId, ids, filters: sortFilters(filters) };
        return listConnection(ctx, 'Query.ackClusters', scope, args, arraySource(() => matchingClusters(ctx, args.regionId, ids, filters)));
      },
    },
    { name: 'AckClusterConnection', description: 'A page of ACK clusters.' },
    { name: 'AckClusterEdge', description: 'One cluster with its cursor.' },
  ),
);
