/**
 * CS DescribeClustersV1 (ROA, 2015-12-15, `GET /api/v1/clusters`):
 * https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-query-information-about-all-clusters
 *
 * Query, all optional (an empty value counts as absent): region_id (known; without it every region),
 * cluster_id, name (1..63 characters), cluster_type (Kubernetes | ManagedKubernetes | ExternalKubernetes),
 * profile (Default | Edge | Serverless | Lingjun), cluster_spec (`ack.pro.small`, `ack.standard`, …),
 * page_size (1..100, default 10), page_number (>= 1, default 1).
 *
 * Semantics: the tenant's clusters matching every given filter exactly (name too: whether the cloud matches
 * names fuzzily is unconfirmed, so a client should re-check), newest `created` first, then cluster_id in
 * byte order; a page past the end is an empty list. A cluster_id that does not exist is an empty list, not
 * an error. Answer: `{clusters: [{cluster_id, name, region_id, cluster_type, cluster_spec, profile, state,
 * created, tags: [{key, value}]}], page_info: {page_number, page_size, total_count}}` with tags in byte order
 * of key; no request ID in the body (it travels in the x-acs-request-id header). The clusters' fields:
 * inventory/cluster-details.ts.
 */
import { errors } from '../errors.js';
import { CLUSTER_PROFILES, CLUSTER_TYPES, clusterDetailsOf } from '../inventory/cluster-details.js';
import type { IndexedResource, InventoryIndex } from '../inventory/inventory-index.js';
import { codePoints, integerParam, present } from '../protocol/params.js';
import type { ClusterProfile, ClusterState, ClusterType } from '../types.js';
import { byteCompare } from '../util.js';

export const DESCRIBE_CLUSTERS_DEFAULT_PAGE_SIZE = 10;
export const DESCRIBE_CLUSTERS_MAX_PAGE_SIZE = 100;

export interface DescribeClustersQuery {
  regionId?: string;
  clusterId?: string;
  name?: string;
  clusterType?: ClusterType;
  clusterSpec?: string;
  profile?: ClusterProfile;
  pageSize: number;
  pageNumber: number;
}

export interface ClusterItem {
  cluster_id: string;
  name: string;
  region_id: string;
  cluster_type: ClusterType;
  cluster_spec: string;
  profile: ClusterProfile;
  state: ClusterState;
  created: string;
  tags: Array<{ key: string; value: string }>;
}

export interface DescribeClustersResponse {
  clusters: ClusterItem[];
  page_info: { page_number: number; page_size: number; total_count: number };
}

function oneOf<T extends string>(query: Record<string, string>, name: string, allowed: readonly T[]): T | undefined {
  const v = present(query, name);
  if (v !== undefined && !(allowed as readonly string[]).includes(v)) {
    throw errors.invalidParameter(name, `Valid values: ${allowed.join(', ')}.`);
  }
  return v as T | undefined;
}

/** Validates the query (errors per errors.ts). */
export function parseDescribeClusters(
  query: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): DescribeClustersQuery {
  const regionId = present(query, 'region_id');
  if (regionId !== undefined && !isKnownRegion(regionId)) throw errors.regionNotFound();
  const name = present(query, 'name');
  if (name !== undefined && codePoints(name) > 63)
    throw errors.invalidParameter('name', 'It must be 1 to 63 characters long.');
  const clusterType = oneOf(query, 'cluster_type', CLUSTER_TYPES);
  const profile = oneOf(query, 'profile', CLUSTER_PROFILES);
  const clusterId = present(query, 'cluster_id');
  const clusterSpec = present(query, 'cluster_spec');
  return {
    ...(regionId === undefined ? {} : { regionId }),
    ...(clusterId === undefined ? {} : { clusterId }),
    ...(name === undefined ? {} : { name }),
    ...(clusterType === undefined ? {} : { clusterType }),
    ...(clusterSpec === undefined ? {} : { clusterSpec }),
    ...(profile === undefined ? {} : { profile }),
    pageSize: integerParam(query, 'page_size', 1, DESCRIBE_CLUSTERS_MAX_PAGE_SIZE, DESCRIBE_CLUSTERS_DEFAULT_PAGE_SIZE),
    pageNumber: integerParam(query, 'page_number', 1, 2_147_483_647, 1),
  };
}

function toItem(c: IndexedResource): ClusterItem {
  const d = clusterDetailsOf(c.resource);
  return {
    cluster_id: c.resource.resourceId,
    name: c.resource.name ?? c.resource.resourceId,
    region_id: c.resource.regionId,
    cluster_type: d.clusterType,
    cluster_spec: d.clusterSpec,
    profile: d.profile,
    state: d.state,
    created: d.created,
    tags: c.sortedTags.map((t) => ({ key: t.key, value: t.value })),
  };
}

/** Every matching cluster in order (memoized per filter set: inventories never change). */
function allClusters(index: InventoryIndex, q: DescribeClustersQuery): readonly ClusterItem[] {
  const { pageSize: _size, pageNumber: _number, ...filters } = q;
  return index.memo.get(`DescribeClustersV1:${JSON.stringify(filters)}`, () => {
    const regions = q.regionId === undefined ? [...index.clustersByRegion.keys()] : [q.regionId];
    return regions
      .flatMap((r) => [...(index.clustersByRegion.get(r)?.values() ?? [])])
      .map(toItem)
      .filter(
        (c) =>
          (q.clusterId === undefined || c.cluster_id === q.clusterId) &&
          (q.name === undefined || c.name === q.name) &&
          (q.clusterType === undefined || c.cluster_type === q.clusterType) &&
          (q.clusterSpec === undefined || c.cluster_spec === q.clusterSpec) &&
          (q.profile === undefined || c.profile === q.profile),
      )
      .sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || byteCompare(a.cluster_id, b.cluster_id));
  });
}

export function describeClusters(index: InventoryIndex, q: DescribeClustersQuery): DescribeClustersResponse {
  const all = allClusters(index, q);
  const start = (q.pageNumber - 1) * q.pageSize;
  return {
    clusters: all.slice(start, start + q.pageSize),
    page_info: { page_number: q.pageNumber, page_size: q.pageSize, total_count: all.length },
  };
}
