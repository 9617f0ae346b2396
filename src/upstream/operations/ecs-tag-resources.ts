/** ECS ListTagResources over RPC: the wire names (ResourceId.N, TagResources.TagResource …) stop here. */
import { z } from 'zod';
import type { Transport } from '../transport.js';
import {
  ECS_RESOURCE_TYPES,
  type CallOptions,
  type Credential,
  type EcsTagResourcesRequest,
  type EcsTagResourcesResult,
} from '../types.js';
import { validateEcsTagResources } from './validate.js';
import { readWire, rpcTagParams } from '../wire.js';

const wireResponse = z.object({
  RequestId: z.string(),
  NextToken: z.string().nullish(),
  TagResources: z
    .object({
      TagResource: z
        .array(
          z.object({
            ResourceId: z.string(),
            ResourceType: z.enum(ECS_RESOURCE_TYPES),
            TagKey: z.string(),
            TagValue: z.string().default(''),
          }),
        )
        .default([]),
    })
    // An empty page may come without the list at all (the cloud drops empty arrays in some answers).
    .default({ TagResource: [] }),
});
export function toWireParams(req: EcsTagResourcesRequest): Record<string, string> {
  const params: Record<string, string> = { RegionId: req.regionId, ResourceType: req.resourceType };
  req.resourceIds?.forEach((id, i) => {
    params[`ResourceId.${i + 1}`] = id;
  });
  Object.assign(params, rpcTagParams(req.tags));
  if (req.nextToken) params.NextToken = req.nextToken;
  return params;
}

/**
 * One page of (resource, tag) rows. The page size is the cloud's and undocumented: only `nextToken` says whether
 * more rows follow. Sent as POST, as the v1 SDK does: 50 IDs and 20 filters stay out of the URL.
 */
export async function listEcsTagResources(
  transport: Transport,
  credential: Credential,
  req: EcsTagResourcesRequest,
  options?: CallOptions,
): Promise<EcsTagResourcesResult> {
  validateEcsTagResources(req);
  const resourceIds = req.resourceIds && [...new Set(req.resourceIds)];
  const params = toWireParams({ ...req, resourceIds });
  const body = await transport.call(
    {
      operation: 'EcsListTagResources',
      service: 'ecs',
      regionId: req.regionId,
      credential,
      // Checked inside the attempt: an answer of the wrong shape is retried and logged like any other BadResponse.
      send: async (client, opts) =>
        readWire(
          'EcsListTagResources',
          wireResponse,
          await client.request('ListTagResources', params, { ...opts, method: 'POST' }),
        ),
    },
    options,
  );
  return {
    tagResources: body.TagResources.TagResource.map((r) => ({
      resourceId: r.ResourceId,
      resourceType: r.ResourceType,
      key: r.TagKey,
      value: r.TagValue,
    })),
    nextToken: body.NextToken ? body.NextToken : null,
    requestId: body.RequestId,
  };
}
