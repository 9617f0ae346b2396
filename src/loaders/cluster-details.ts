/**
 * DescribeClustersV1 fields of ACK clusters (name, state, type, spec, creation time), batched per region.
 * DescribeClustersV1 filters by one `cluster_id` at most, so per region: one cluster asked → one call with
 * that filter; two or more → the region's listing (cluster-list.ts, ceil(n / 100) calls, shared with
 * `ackClusters`), which is never more calls than one per cluster and usually far fewer. A cluster the answer
 * does not hold is null, and so is one DescribeClustersV1 answers `ErrorClusterNotFound` for.
 */
import DataLoader from 'dataloader';
import { UpstreamError } from '../upstream/errors.js';
import type { CallOptions, ClusterInfo, Credential, TagApi } from '../upstream/types.js';
import type { ClusterListLoader } from './cluster-list.js';
import { clusterKey, type ClusterRef } from './keys.js';

export type ClusterDetails = ClusterInfo | null;

export function createClusterDetailsLoader(
  api: TagApi,
  credential: Credential,
  list: ClusterListLoader,
  options: CallOptions,
) {
  return new DataLoader<ClusterRef, ClusterDetails, string>(
    async (refs) => {
      const byRegion = new Map<string, Set<string>>();
      for (const ref of refs) byRegion.set(ref.regionId, (byRegion.get(ref.regionId) ?? new Set()).add(ref.clusterId));
      const found = new Map<string, ClusterDetails | Error>();
      await Promise.all(
        [...byRegion].map(async ([regionId, ids]) => {
          try {
            const clusters =
              ids.size === 1
                ? await describeOne(api, credential, regionId, [...ids][0]!, options)
                : await list.load({ regionId });
            for (const c of clusters) found.set(clusterKey({ regionId, clusterId: c.clusterId }), c);
          } catch (err) {
            for (const clusterId of ids) found.set(clusterKey({ regionId, clusterId }), err as Error);
          }
        }),
      );
      return refs.map((ref) => found.get(clusterKey(ref)) ?? null);
    },
    { cacheKeyFn: clusterKey },
  );
}

async function describeOne(
  api: TagApi,
  credential: Credential,
  regionId: string,
  clusterId: string,
  options: CallOptions,
): Promise<ClusterInfo[]> {
  // The simulator answers an unknown cluster_id with an empty list; should the cloud answer ErrorClusterNotFound
  // instead (no source says either way: simulator/errors.ts), it means the same here: not listed.
  const page = await api.describeClusters(credential, { regionId, clusterId }, options).catch((err: unknown) => {
    if (err instanceof UpstreamError && err.isNotFound) return { clusters: [] as ClusterInfo[] };
    throw err;
  });
  return page.clusters.filter((c) => c.clusterId === clusterId && c.regionId === regionId);
}
