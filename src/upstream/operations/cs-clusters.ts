/** CS DescribeClustersV1 over ROA (`GET /api/v1/clusters`): the wire names (cluster_id, page_info …) stop here. */
import { z } from 'zod';
import type { Transport } from '../transport.js';
import {
  CLUSTER_STATES,
  type CallOptions,
  type ClusterInfo,
  type Credential,
  type DescribeClustersRequest,
  type DescribeClustersResult,
} from '../types.js';
import { validateDescribeClusters } from './validate.js';
import { readWire } from '../wire.js';

const count = z.coerce.number().int().nonnegative();
const wireCluster = z.object({
  cluster_id: z.string(),
  name: z.string(),
  region_id: z.string(),
  cluster_type: z.string(),
  cluster_spec: z.string().nullish(),
  profile: z.string().nullish(),
  // An undocumented state makes the page unreadable rather than mislabelled: the 15 states are the contract.
  state: z.enum(CLUSTER_STATES),
  created: z.string(),
  tags: z.array(z.object({ key: z.string(), value: z.string().nullish() })).nullish(),
});
const wireResponse = z.object({
  clusters: z.array(wireCluster),
  page_info: z.object({ page_number: count, page_size: count, total_count: count }),
  // No request ID in the body model (it travels in a header pop-core does not return); taken when present.
  request_id: z.string().optional(),
  requestId: z.string().optional(),
});
export function toWireQuery(req: DescribeClustersRequest): Record<string, string> {
  const query: Record<string, string> = { region_id: req.regionId };
  if (req.clusterId !== undefined) query.cluster_id = req.clusterId;
  if (req.name !== undefined) query.name = req.name;
  if (req.clusterType !== undefined) query.cluster_type = req.clusterType;
  if (req.clusterSpec !== undefined) query.cluster_spec = req.clusterSpec;
  if (req.profile !== undefined) query.profile = req.profile;
  if (req.pageSize !== undefined) query.page_size = String(req.pageSize);
  if (req.pageNumber !== undefined) query.page_number = String(req.pageNumber);
  return query;
}

function toClusterInfo(c: z.infer<typeof wireCluster>): ClusterInfo {
  return {
    clusterId: c.cluster_id,
    name: c.name,
    regionId: c.region_id,
    clusterType: c.cluster_type,
    clusterSpec: c.cluster_spec ?? '',
    ...(c.profile ? { profile: c.profile } : {}),
    state: c.state,
    createdAt: c.created,
    tags: (c.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' })),
  };
}

export async function describeClusters(
  transport: Transport,
  credential: Credential,
  req: DescribeClustersRequest,
  options?: CallOptions,
): Promise<DescribeClustersResult> {
  validateDescribeClusters(req);
  const query = toWireQuery(req);
  const body = await transport.call(
    {
      operation: 'DescribeClustersV1',
      service: 'cs',
      regionId: req.regionId,
      credential,
      send: async (client, opts) =>
        readWire(
          'DescribeClustersV1',
          wireResponse,
          await client.request('GET', '/api/v1/clusters', query, '', {}, opts),
        ),
    },
    options,
  );
  return {
    clusters: body.clusters.map(toClusterInfo),
    pageNumber: body.page_info.page_number,
    pageSize: body.page_info.page_size,
    totalCount: body.page_info.total_count,
    requestId: body.request_id ?? body.requestId ?? '',
  };
}
