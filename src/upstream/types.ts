/**
 * The upstream layer's typed contract. Raw Alibaba Cloud field names (TagKey, tag_resources, …) stop in
 * `ecs.ts` / `cs.ts`; everything above this layer speaks these camelCase types only.
 */
import type { CallOptions } from './call-options.js';

export type { CallMeter, CallOptions } from './call-options.js';

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

/** ECS ListTagResources: resources of one type by ID, by tag, or both. */
export interface EcsTagResourcesRequest {
  regionId: string;
  resourceType: EcsResourceType;
  /** 1..50 IDs of `resourceType` (duplicates are sent once). */
  resourceIds?: string[];
  /** 1..20 filters, exact, ANDed; a key alone matches any value. At least one of `resourceIds` / `tags` is required. */
  tags?: TagFilter[];
  nextToken?: string;
}

/** One (resource, tag) pair. Listed by tag, a resource's row set may hold only the matching tags. */
export interface EcsTagResource extends Tag {
  resourceId: string;
  resourceType: EcsResourceType;
}

export interface EcsTagResourcesResult {
  tagResources: EcsTagResource[];
  /** null on the last page. The page size is the cloud's and undocumented: never count on it. */
  nextToken: string | null;
  requestId: string;
}

/** The ECS operation that lists whole each resource type, with the resources' tags inline. */
export const ECS_LISTING_OPERATION = {
  instance: 'DescribeInstances',
  disk: 'DescribeDisks',
  image: 'DescribeImages',
  securitygroup: 'DescribeSecurityGroups',
  snapshot: 'DescribeSnapshots',
} as const satisfies Record<EcsResourceType, string>;
export type EcsListingOperation = (typeof ECS_LISTING_OPERATION)[EcsResourceType];

/** One page of an ECS listing (DescribeInstances, …): every resource of one type in a region, by page number. */
export interface EcsResourcesRequest {
  regionId: string;
  resourceType: EcsResourceType;
  /** 1-based, default 1. */
  pageNumber?: number;
  /** 1..100 (security groups 1..50); the cloud's default is 10. */
  pageSize?: number;
  /** At most 20, exact, ANDed; a key alone matches any value. */
  tags?: TagFilter[];
}

export interface EcsResourceInfo {
  resourceId: string;
  /** '' when the resource has none. */
  name: string;
  /** The listing's `Status` as the cloud wrote it (`Running`, `In_use`, `accomplished` …); absent for security groups. */
  status?: string;
  /** `CreationTime` as the cloud wrote it (UTC ISO 8601); absent when it sends none. */
  createdAt?: string;
  /** Every tag, system tags (`acs:…`) included. */
  tags: Tag[];
}

export interface EcsResourcesResult {
  resources: EcsResourceInfo[];
  pageNumber: number;
  pageSize: number;
  totalCount: number;
  requestId: string;
}

/** The cluster states CS documents for DescribeClustersV1. */
export const CLUSTER_STATES = [
  'initial',
  'failed',
  'running',
  'updating',
  'upgrading',
  'removing',
  'draining',
  'scaling',
  'inactive',
  'unavailable',
  'deleting',
  'deleted',
  'delete_failed',
  'waiting',
  'disconnected',
] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

/** Documented values of the `cluster_type` and `profile` filters. */
export const CLUSTER_TYPES = ['Kubernetes', 'ManagedKubernetes', 'ExternalKubernetes'] as const;
export const CLUSTER_PROFILES = ['Default', 'Edge', 'Serverless', 'Lingjun'] as const;

/** CS DescribeClustersV1: every filter optional, ANDed. */
export interface DescribeClustersRequest {
  regionId: string;
  /** `c` + 32 hex digits. */
  clusterId?: string;
  /** 1..63 characters. */
  name?: string;
  clusterType?: (typeof CLUSTER_TYPES)[number];
  /** e.g. ack.standard, ack.pro.small. */
  clusterSpec?: string;
  profile?: (typeof CLUSTER_PROFILES)[number];
  /** 1-based, default 1. */
  pageNumber?: number;
  /** 1..100; the cloud's default when unset (undocumented). */
  pageSize?: number;
}

export interface ClusterInfo {
  clusterId: string;
  name: string;
  regionId: string;
  clusterType: string;
  /** '' when the cloud sends none. */
  clusterSpec: string;
  profile?: string;
  state: ClusterState;
  /** `created` as the cloud wrote it (ISO 8601 with an offset). */
  createdAt: string;
  tags: Tag[];
}

export interface DescribeClustersResult {
  clusters: ClusterInfo[];
  pageNumber: number;
  pageSize: number;
  totalCount: number;
  /** '' when the body carries none (CS sends it in a header pop-core does not return). */
  requestId: string;
}

/** What a tag write names: resources of one type in one region (`cluster`: ACK clusters, through CS). */
export interface TagWriteTarget {
  regionId: string;
  resourceType: EcsResourceType | 'cluster';
  /** 1..50 IDs of `resourceType` (duplicates are sent once). */
  resourceIds: string[];
}

/** TagResources: each tag is added, or replaces the value of the key already on a resource. */
export interface TagResourcesRequest extends TagWriteTarget {
  /** 1..20 tags, distinct keys. */
  tags: Tag[];
}

/** UntagResources: the keys (1..20; keys a resource lacks are ignored), or every tag with `all`. */
export interface UntagResourcesRequest extends TagWriteTarget {
  keys?: string[];
  all?: boolean;
}

export interface TagWriteResult {
  requestId: string;
}

/** The tag writes (ECS TagResources/UntagResources, CS PUT/DELETE /tags). Never cached; retried when throttled. */
export interface TagWriteApi {
  tagResources(credential: Credential, request: TagResourcesRequest, options?: CallOptions): Promise<TagWriteResult>;
  untagResources(
    credential: Credential,
    request: UntagResourcesRequest,
    options?: CallOptions,
  ): Promise<TagWriteResult>;
}

/** A credential the gateway signs with. `identity` is a stable, non-secret hash of the AccessKeyId. */
export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  identity: string;
}

/** What every layer above `upstream/` depends on; the cache layer implements the same interface. */
export interface TagApi {
  describeTags(
    credential: Credential,
    request: DescribeTagsRequest,
    options?: CallOptions,
  ): Promise<DescribeTagsResult>;
  listTagResources(
    credential: Credential,
    request: ListTagResourcesRequest,
    options?: CallOptions,
  ): Promise<ListTagResourcesResult>;
  listEcsTagResources(
    credential: Credential,
    request: EcsTagResourcesRequest,
    options?: CallOptions,
  ): Promise<EcsTagResourcesResult>;
  describeClusters(
    credential: Credential,
    request: DescribeClustersRequest,
    options?: CallOptions,
  ): Promise<DescribeClustersResult>;
  /** One page of the ECS listing of `request.resourceType` (DescribeInstances, DescribeDisks, …). */
  listEcsResources(
    credential: Credential,
    request: EcsResourcesRequest,
    options?: CallOptions,
  ): Promise<EcsResourcesResult>;
}
