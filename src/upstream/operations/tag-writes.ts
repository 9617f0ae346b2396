/**
 * The tag writes: ECS TagResources / UntagResources over RPC (POST, as the v1 SDK sends them), CS TagResources
 * (`PUT /tags`, JSON body) and UntagResources (`DELETE /tags`, `resource_ids` / `tag_keys` as JSON arrays in the
 * query). Tagging is idempotent, so the transport's retries (throttling, 5xx, network) apply as to the reads.
 */
import { z } from 'zod';
import type { Transport } from '../transport.js';
import type {
  CallOptions,
  Credential,
  TagResourcesRequest,
  TagWriteResult,
  TagWriteTarget,
  UntagResourcesRequest,
} from '../types.js';
import { validateTagResources, validateUntagResources, writeOperation } from './validate-writes.js';
import { readWire } from '../wire.js';

const ecsAnswer = z.object({ RequestId: z.string() });
const csAnswer = z.object({ request_id: z.string().optional(), RequestId: z.string().optional() });

function ecsTarget(req: TagWriteTarget): Record<string, string> {
  const params: Record<string, string> = { RegionId: req.regionId, ResourceType: req.resourceType };
  req.resourceIds.forEach((id, i) => {
    params[`ResourceId.${i + 1}`] = id;
  });
  return params;
}

export function ecsTagParams(req: TagResourcesRequest): Record<string, string> {
  const params = ecsTarget(req);
  req.tags.forEach((t, i) => {
    params[`Tag.${i + 1}.Key`] = t.key;
    params[`Tag.${i + 1}.Value`] = t.value;
  });
  return params;
}

export function ecsUntagParams(req: UntagResourcesRequest): Record<string, string> {
  const params = ecsTarget(req);
  if (req.all) params.All = 'true';
  req.keys?.forEach((k, i) => {
    params[`TagKey.${i + 1}`] = k;
  });
  return params;
}

export function csTagBody(req: TagResourcesRequest): string {
  return JSON.stringify({
    region_id: req.regionId,
    resource_type: 'CLUSTER',
    resource_ids: req.resourceIds,
    tags: req.tags.map((t) => ({ key: t.key, value: t.value })),
  });
}

export function csUntagQuery(req: UntagResourcesRequest): Record<string, string> {
  const query: Record<string, string> = {
    region_id: req.regionId,
    resource_type: 'CLUSTER',
    resource_ids: JSON.stringify(req.resourceIds),
  };
  if (req.all) query.all = 'true';
  else query.tag_keys = JSON.stringify(req.keys ?? []);
  return query;
}

async function write(
  transport: Transport,
  credential: Credential,
  req: TagWriteTarget,
  untag: boolean,
  send: { ecs: () => [string, Record<string, string>]; cs: () => ['PUT' | 'DELETE', Record<string, string>, string] },
  options?: CallOptions,
): Promise<TagWriteResult> {
  const operation = writeOperation(req.resourceType, untag);
  const base = { operation, regionId: req.regionId, credential };
  if (req.resourceType !== 'cluster') {
    const [action, params] = send.ecs();
    const body = await transport.call(
      {
        ...base,
        service: 'ecs',
        send: async (client, opts) =>
          readWire(operation, ecsAnswer, await client.request(action, params, { ...opts, method: 'POST' })),
      },
      options,
    );
    return { requestId: body.RequestId };
  }
  const [method, query, payload] = send.cs();
  const headers: Record<string, string> = payload ? { 'content-type': 'application/json' } : {};
  const body = await transport.call(
    {
      ...base,
      service: 'cs',
      send: async (client, opts) =>
        readWire(operation, csAnswer, await client.request(method, '/tags', query, payload, headers, opts)),
    },
    options,
  );
  return { requestId: body.request_id ?? body.RequestId ?? '' };
}

export async function tagResources(
  transport: Transport,
  credential: Credential,
  req: TagResourcesRequest,
  options?: CallOptions,
): Promise<TagWriteResult> {
  validateTagResources(req);
  const distinct = { ...req, resourceIds: [...new Set(req.resourceIds)] };
  return write(
    transport,
    credential,
    distinct,
    false,
    { ecs: () => ['TagResources', ecsTagParams(distinct)], cs: () => ['PUT', {}, csTagBody(distinct)] },
    options,
  );
}

export async function untagResources(
  transport: Transport,
  credential: Credential,
  req: UntagResourcesRequest,
  options?: CallOptions,
): Promise<TagWriteResult> {
  validateUntagResources(req);
  const distinct = { ...req, resourceIds: [...new Set(req.resourceIds)] };
  return write(
    transport,
    credential,
    distinct,
    true,
    { ecs: () => ['UntagResources', ecsUntagParams(distinct)], cs: () => ['DELETE', csUntagQuery(distinct), ''] },
    options,
  );
}
