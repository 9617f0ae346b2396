/** The DescribeClustersV1 filters of `ackClusters` (`name`, `state`, `clusterType`), checked before any call. */
import { charLength } from '../../upstream/strings.js';
import {
  CLUSTER_TYPES,
  type ClusterInfo,
  type ClusterState,
  type DescribeClustersRequest,
} from '../../upstream/types.js';
import { CLUSTER_NAME_MAX } from '../../upstream/operations/validate.js';
import { userInputError } from '../errors.js';

export interface DetailFilters {
  /** True when any filter is given. */
  any: boolean;
  /** What DescribeClustersV1 can filter itself (exact name and type). */
  upstream: Pick<DescribeClustersRequest, 'name' | 'clusterType'>;
  /** The given filters, for the cursor scope (empty when none, so cursors of plain lists keep their scope). */
  scope: Record<string, string>;
  /** True when a cluster's record matches every given filter (re-checked: the cloud's name match is unconfirmed). */
  keeps(c: ClusterInfo): boolean;
}

type ClusterType = (typeof CLUSTER_TYPES)[number];

export function readDetailFilters(
  name: string | null | undefined,
  state: ClusterState | null | undefined,
  clusterType: string | null | undefined,
): DetailFilters {
  if (name !== null && name !== undefined && (charLength(name) < 1 || charLength(name) > CLUSTER_NAME_MAX)) {
    throw userInputError(`A cluster name is 1 to ${CLUSTER_NAME_MAX} characters long.`, 'name');
  }
  if (
    clusterType !== null &&
    clusterType !== undefined &&
    !(CLUSTER_TYPES as readonly string[]).includes(clusterType)
  ) {
    throw userInputError(`clusterType must be one of ${CLUSTER_TYPES.join(', ')}.`, 'clusterType');
  }
  const given = {
    ...(name !== null && name !== undefined ? { name } : {}),
    ...(state ? { state } : {}),
    ...(clusterType ? { clusterType: clusterType as ClusterType } : {}),
  };
  return {
    any: Object.keys(given).length > 0,
    upstream: {
      ...(given.name !== undefined ? { name: given.name } : {}),
      ...(given.clusterType ? { clusterType: given.clusterType } : {}),
    },
    scope: given,
    keeps: (c) =>
      (given.name === undefined || c.name === given.name) &&
      (given.state === undefined || c.state === given.state) &&
      (given.clusterType === undefined || c.clusterType === given.clusterType),
  };
}
