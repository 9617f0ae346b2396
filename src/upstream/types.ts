/**
 * The upstream layer's typed contract. Raw Alibaba Cloud field names (TagKey, tag_resources, …) stop in
 * `ecs.ts` / `cs.ts`; everything above this layer speaks these camelCase types only.
 */

/** ECS resource types DescribeTags accepts (case-sensitive on the wire). */
export const ECS_RESOURCE_TYPES = ['instance', 'disk', 'image', 'securitygroup', 'snapshot'] as const;
export type EcsResourceType = (typeof ECS_RESOURCE_TYPES)[number];

/** A tag filter: a key alone matches every value of that key. */
export interface TagFilter {
  key: string;
  value?: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface DescribeTagsRequest {
  regionId: string;
  resourceType: EcsResourceType;
  resourceId?: string;
  /** At most 5, ANDed. */
  tags?: TagFilter[];
  /** 1-based, default 1. */
  pageNumber?: number;
  /** 1..100, default 50. */
  pageSize?: number;
}

/** Per-type resource counts as ECS reports them for one tag (instance, disk, image, securitygroup, snapshot). */
export type ResourceTypeCounts = Partial<Record<EcsResourceType, number>>;

export interface EcsTag extends Tag {
  resourceTypeCounts: ResourceTypeCounts;
}

export interface DescribeTagsResult {
  tags: EcsTag[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  requestId: string;
}

export interface ListTagResourcesRequest {
  regionId: string;
  /** ACK cluster IDs (`c` + 32 hex); at least 1, at most the configured cap (default 50). */
  resourceIds: string[];
  /** At most 20; a resource must carry every one (key-only matches any value). */
  tags?: TagFilter[];
  nextToken?: string;
}

export interface TagResource extends Tag {
  resourceId: string;
  resourceType: 'CLUSTER';
}

export interface ListTagResourcesResult {
  tagResources: TagResource[];
  /** null on the last page. */
  nextToken: string | null;
  requestId: string;
}

/** A credential the gateway signs with. `identity` is a stable, non-secret hash of the AccessKeyId. */
export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  identity: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** 'bypass': skip reading the cache (an operator asked for fresh data); the upstream layer ignores it. */
  cache?: 'bypass';
}

/** What every layer above `upstream/` depends on; the cache layer implements the same interface. */
export interface TagApi {
  describeTags(credential: Credential, request: DescribeTagsRequest, options?: CallOptions): Promise<DescribeTagsResult>;
  listTagResources(
    credential: Credential,
    request: ListTagResourcesRequest,
    options?: CallOptions,
  ): Promise<ListTagResourcesResult>;
}
