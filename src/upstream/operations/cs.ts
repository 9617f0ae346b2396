/** CS ListTagResources over ROA (`GET /tags`): the wire names (tag_resources, next_token …) stop here. */
import { z } from 'zod';
import type { Transport } from '../transport.js';
import type { CallOptions, Credential, ListTagResourcesRequest, ListTagResourcesResult } from '../types.js';
import { validateListTagResources } from './validate.js';
import { readWire } from '../wire.js';

const wireResponse = z
  .object({
    request_id: z.string().optional(),
    next_token: z.string().nullish(),
    tag_resources: z
      .object({
        tag_resource: z
          .array(
            z.object({
              tag_key: z.string(),
              tag_value: z.string().default(''),
              resource_id: z.string(),
              resource_type: z.string(),
            }),
          )
          .default([]),
      })
      .optional(),
  })
  // Any JSON object would pass the shape above as an empty page; an answer must carry at least one of its fields.
  .refine((b) => b.request_id !== undefined || b.tag_resources !== undefined);
/** `resource_ids` and `tags` travel as JSON-array strings in the query, as the API page's example sends them. */
export function toWireQuery(req: ListTagResourcesRequest): Record<string, string> {
  const query: Record<string, string> = {
    resource_ids: JSON.stringify(req.resourceIds),
    resource_type: 'CLUSTER',
    region_id: req.regionId,
  };
  if (req.tags?.length) {
    query.tags = JSON.stringify(
      req.tags.map((t) => (t.value === undefined ? { key: t.key } : { key: t.key, value: t.value })),
    );
  }
  if (req.nextToken) query.next_token = req.nextToken;
  return query;
}

export async function listTagResources(
  transport: Transport,
  credential: Credential,
  req: ListTagResourcesRequest,
  maxResourceIds: number,
  options?: CallOptions,
): Promise<ListTagResourcesResult> {
  validateListTagResources(req, maxResourceIds);
  const query = toWireQuery({ ...req, resourceIds: [...new Set(req.resourceIds)] });
  const body = await transport.call(
    {
      operation: 'ListTagResources',
      service: 'cs',
      regionId: req.regionId,
      credential,
      send: async (client, opts) =>
        readWire('ListTagResources', wireResponse, await client.request('GET', '/tags', query, '', {}, opts)),
    },
    options,
  );
  return {
    tagResources: (body.tag_resources?.tag_resource ?? []).map((r) => ({
      key: r.tag_key,
      value: r.tag_value,
      resourceId: r.resource_id,
      resourceType: 'CLUSTER' as const,
    })),
    nextToken: body.next_token ? body.next_token : null,
    requestId: body.request_id ?? '',
  };
}
