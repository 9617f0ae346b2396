/** ECS DescribeTags over RPC: the wire names (TagKey, ResourceTypeCount …) stop here. */
import { z } from 'zod';
import type { Transport } from '../transport.js';
import type { CallOptions, Credential, DescribeTagsRequest, DescribeTagsResult, ResourceTypeCounts } from '../types.js';
import { validateDescribeTags } from './validate.js';
import { readWire, rpcTagParams } from '../wire.js';

const wireCount = z.number().int().nonnegative().optional();
const wireResponse = z.object({
  RequestId: z.string(),
  PageNumber: z.coerce.number().int(),
  PageSize: z.coerce.number().int(),
  TotalCount: z.coerce.number().int(),
  Tags: z.object({
    Tag: z.array(
      z.object({
        TagKey: z.string(),
        TagValue: z.string().default(''),
        ResourceTypeCount: z
          .object({
            Instance: wireCount,
            Disk: wireCount,
            Image: wireCount,
            Securitygroup: wireCount,
            Snapshot: wireCount,
          })
          .passthrough()
          .default({}),
      }),
    ),
  }),
});

export function toWireParams(req: DescribeTagsRequest): Record<string, string> {
  const params: Record<string, string> = { RegionId: req.regionId, ResourceType: req.resourceType };
  if (req.resourceId !== undefined) params.ResourceId = req.resourceId;
  Object.assign(params, rpcTagParams(req.tags));
  if (req.pageNumber !== undefined) params.PageNumber = String(req.pageNumber);
  if (req.pageSize !== undefined) params.PageSize = String(req.pageSize);
  return params;
}

export async function describeTags(
  transport: Transport,
  credential: Credential,
  req: DescribeTagsRequest,
  options?: CallOptions,
): Promise<DescribeTagsResult> {
  validateDescribeTags(req);
  const params = toWireParams(req);
  const body = await transport.call(
    {
      operation: 'DescribeTags',
      service: 'ecs',
      regionId: req.regionId,
      credential,
      // Checked inside the attempt: an answer of the wrong shape is retried and logged like any other BadResponse.
      send: async (client, opts) =>
        readWire('DescribeTags', wireResponse, await client.request('DescribeTags', params, opts)),
    },
    options,
  );
  return {
    tags: body.Tags.Tag.map((t) => ({
      key: t.TagKey,
      value: t.TagValue,
      resourceTypeCounts: toCounts(t.ResourceTypeCount),
    })),
    totalCount: body.TotalCount,
    pageNumber: body.PageNumber,
    pageSize: body.PageSize,
    requestId: body.RequestId,
  };
}

function toCounts(wire: Record<string, unknown>): ResourceTypeCounts {
  const pick = (name: string) => (typeof wire[name] === 'number' ? (wire[name] as number) : 0);
  return {
    instance: pick('Instance'),
    disk: pick('Disk'),
    image: pick('Image'),
    securitygroup: pick('Securitygroup'),
    snapshot: pick('Snapshot'),
  };
}
