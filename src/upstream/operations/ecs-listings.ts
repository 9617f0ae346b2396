/**
 * The ECS listings over RPC, one typed client driven by a table of the five (their API pages: DescribeInstances,
 * DescribeDisks, DescribeImages, DescribeSecurityGroups, DescribeSnapshots): each lists every resource of one type
 * in a region, by PageNumber / PageSize, with `Tags.Tag[]` inline. The wire names (InstanceId, Disks.Disk …) stop
 * here. DescribeImages is asked for the account's own images (`ImageOwnerAlias=self`) in every status (its
 * default lists only `Available` ones).
 */
import { z } from 'zod';
import type { Transport } from '../transport.js';
import {
  ECS_LISTING_OPERATION,
  type CallOptions,
  type Credential,
  type EcsResourceType,
  type EcsResourcesRequest,
  type EcsResourcesResult,
} from '../types.js';
import { validateEcsResources } from './validate.js';
import { readWire, rpcTagParams } from '../wire.js';

interface WireNames {
  list: string;
  item: string;
  id: string;
  name: string;
}

const WIRE: Record<EcsResourceType, WireNames> = {
  instance: { list: 'Instances', item: 'Instance', id: 'InstanceId', name: 'InstanceName' },
  disk: { list: 'Disks', item: 'Disk', id: 'DiskId', name: 'DiskName' },
  image: { list: 'Images', item: 'Image', id: 'ImageId', name: 'ImageName' },
  securitygroup: { list: 'SecurityGroups', item: 'SecurityGroup', id: 'SecurityGroupId', name: 'SecurityGroupName' },
  snapshot: { list: 'Snapshots', item: 'Snapshot', id: 'SnapshotId', name: 'SnapshotName' },
};

/** Every status DescribeImages accepts as a filter (comma-separated), so that none is left out. */
const ALL_IMAGE_STATUSES = 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated';

const wireTags = z
  .object({ Tag: z.array(z.object({ TagKey: z.string(), TagValue: z.string().nullish() })).default([]) })
  .nullish();

interface WireItem {
  id: string;
  name?: string | null;
  Status?: string | null;
  CreationTime?: string | null;
  Tags?: { Tag: Array<{ TagKey: string; TagValue?: string | null }> } | null;
}

interface WireBody {
  RequestId: string;
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
  items: WireItem[];
}

/** The answer's shape, its type's field names read into `id`, `name` and `items`. */
function wireResponse(names: WireNames): z.ZodType<WireBody, z.ZodTypeDef, unknown> {
  const item = z
    .object({
      [names.id]: z.string(),
      [names.name]: z.string().nullish(),
      Status: z.string().nullish(),
      CreationTime: z.string().nullish(),
      Tags: wireTags,
    })
    .transform((i) => ({ ...i, id: i[names.id] as string, name: i[names.name] as string | null | undefined }));
  return z
    .object({
      RequestId: z.string(),
      PageNumber: z.coerce.number().int(),
      PageSize: z.coerce.number().int(),
      TotalCount: z.coerce.number().int(),
      [names.list]: z.object({ [names.item]: z.array(item).default([]) }).nullish(),
    })
    .transform((b) => {
      const list = b[names.list] as Record<string, WireItem[]> | null | undefined;
      return {
        RequestId: b.RequestId as string,
        PageNumber: b.PageNumber as number,
        PageSize: b.PageSize as number,
        TotalCount: b.TotalCount as number,
        items: list?.[names.item] ?? [],
      };
    });
}

const SCHEMAS = Object.fromEntries(Object.entries(WIRE).map(([type, names]) => [type, wireResponse(names)])) as Record<
  EcsResourceType,
  ReturnType<typeof wireResponse>
>;

export function toWireParams(req: EcsResourcesRequest): Record<string, string> {
  const params: Record<string, string> = { RegionId: req.regionId, ...rpcTagParams(req.tags) };
  if (req.resourceType === 'image') Object.assign(params, { ImageOwnerAlias: 'self', Status: ALL_IMAGE_STATUSES });
  if (req.pageNumber !== undefined) params.PageNumber = String(req.pageNumber);
  if (req.pageSize !== undefined) params.PageSize = String(req.pageSize);
  return params;
}

export async function listEcsResources(
  transport: Transport,
  credential: Credential,
  req: EcsResourcesRequest,
  options?: CallOptions,
): Promise<EcsResourcesResult> {
  validateEcsResources(req);
  const operation = ECS_LISTING_OPERATION[req.resourceType];
  const params = toWireParams(req);
  const body = await transport.call(
    {
      operation,
      service: 'ecs',
      regionId: req.regionId,
      credential,
      send: async (client, opts) =>
        readWire(operation, SCHEMAS[req.resourceType], await client.request(operation, params, opts)),
    },
    options,
  );
  return {
    resources: body.items.map((i) => ({
      resourceId: i.id,
      name: i.name ?? '',
      ...(i.Status ? { status: i.Status } : {}),
      ...(i.CreationTime ? { createdAt: i.CreationTime } : {}),
      tags: (i.Tags?.Tag ?? []).map((t) => ({ key: t.TagKey, value: t.TagValue ?? '' })),
    })),
    pageNumber: body.PageNumber,
    pageSize: body.PageSize,
    totalCount: body.TotalCount,
    requestId: body.RequestId,
  };
}
