/**
 * What DescribeClustersV1 says of an ACK cluster besides its tags: `state`, `clusterType` and `clusterSpec` on
 * `AckCluster` (and `name`, `createdAt`, `status` on every `Resource`: types/inventory.ts), loaded per region through the request's cluster-details
 * loader (one call for one cluster, the region's listing for several), and only when a query asks for them.
 * Each is nullable: a failed DescribeClustersV1 call nulls these fields (with its error), not the cluster.
 */
import { CLUSTER_STATES, type ClusterInfo, type ClusterState } from '../../upstream/types.js';
import { builder } from '../builder.js';
import type { GraphContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { resourceTypes, type ResourceModel } from './resource.js';

const STATE_DESCRIPTIONS: Record<ClusterState, string> = {
  initial: 'Being created.',
  failed: 'Creation failed.',
  running: 'Running.',
  updating: 'Being updated.',
  upgrading: 'Being upgraded.',
  removing: 'Nodes are being removed.',
  draining: 'Nodes are being drained.',
  scaling: 'Being scaled.',
  inactive: 'Inactive.',
  unavailable: 'Unavailable.',
  deleting: 'Being deleted.',
  deleted: 'Deleted.',
  delete_failed: 'Deletion failed.',
  waiting: 'Waiting for access (a registered external cluster).',
  disconnected: 'Disconnected (a registered external cluster).',
};

/** The 15 documented states; the GraphQL names are the cloud's in upper case (`delete_failed` → DELETE_FAILED). */
export const AckClusterStateEnum = builder.enumType('AckClusterState', {
  description: 'The state of an ACK cluster, as DescribeClustersV1 documents it (`state`).',
  values: Object.fromEntries(
    CLUSTER_STATES.map((s) => [s.toUpperCase(), { value: s, description: `\`${s}\`: ${STATE_DESCRIPTIONS[s]}` }]),
  ) as Record<Uppercase<ClusterState>, { value: ClusterState; description: string }>,
});

/** A cluster's DescribeClustersV1 record; NOT_FOUND when the listing does not hold it. */
export async function detailsOf(ctx: GraphContext, c: ResourceModel): Promise<ClusterInfo> {
  const details = await ctx.loaders.clusterDetails.load({ regionId: c.regionId, clusterId: c.resourceId });
  if (!details) throw new NotFoundError(`DescribeClustersV1 does not list cluster ${c.resourceId} in ${c.regionId}.`);
  return details;
}

const FAILED = ' Null (with an error) when the DescribeClustersV1 call failed.';

type TextField = 'clusterType' | 'clusterSpec';

builder.objectFields(resourceTypes.ACK_CLUSTER, (t) => {
  const text = (field: TextField, description: string) =>
    t.string({
      nullable: true,
      description: description + FAILED,
      resolve: async (c, _args, ctx) => (await detailsOf(ctx, c))[field],
    });
  return {
    state: t.field({
      type: AckClusterStateEnum,
      nullable: true,
      description: `The cluster’s state (DescribeClustersV1 \`state\`).${FAILED}`,
      resolve: async (c, _args, ctx) => (await detailsOf(ctx, c)).state,
    }),
    clusterType: text(
      'clusterType',
      'The cluster type, e.g. `ManagedKubernetes`, `Kubernetes`, `ExternalKubernetes` (`cluster_type`).',
    ),
    clusterSpec: text(
      'clusterSpec',
      'The cluster specification, e.g. `ack.pro.small` or `ack.standard`; empty when the cloud gives none (`cluster_spec`).',
    ),
  };
});
