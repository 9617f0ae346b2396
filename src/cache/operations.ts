/**
 * The per-operation part of the cache, as a table: how to call each cached upstream operation, how to key its
 * answers and which TTL option it uses. Everything else (single-flight, lock, SWR, negative caching) is the same
 * for every operation. A new cached operation is one row here, its key function in keys.ts, its result schema
 * in entry.ts and a one-line method on `CachedTagApi`.
 */
import type { ReadOperation as Operation } from '../upstream/errors.js';
import type {
  CallOptions,
  Credential,
  DescribeClustersRequest,
  DescribeTagsRequest,
  EcsListingOperation,
  EcsResourcesRequest,
  EcsTagResourcesRequest,
  ListTagResourcesRequest,
  TagApi,
} from '../upstream/types.js';
import type { ResultByOperation } from './entry.js';
import {
  describeClustersKey,
  describeTagsKey,
  ecsResourcesKey,
  ecsTagResourcesKey,
  listTagResourcesKey,
} from './keys.js';

/** Each cached operation's TTL option (part of CachedTagApiOptions). */
export interface OperationTtls {
  /** CACHE_TTL_DESCRIBE_TAGS_S. */
  ttlDescribeTagsS: number;
  /** CACHE_TTL_LIST_TAG_RESOURCES_S (CS). */
  ttlListTagResourcesS: number;
  /** CACHE_TTL_ECS_LIST_TAG_RESOURCES_S. */
  ttlEcsListTagResourcesS: number;
  /** CACHE_TTL_DESCRIBE_CLUSTERS_S. */
  ttlDescribeClustersS: number;
  /** CACHE_TTL_ECS_LISTINGS_S: the five ECS listings (DescribeInstances, …). */
  ttlEcsListingsS: number;
}

export interface RequestByOperation {
  DescribeTags: DescribeTagsRequest;
  ListTagResources: ListTagResourcesRequest;
  EcsListTagResources: EcsTagResourcesRequest;
  DescribeClustersV1: DescribeClustersRequest;
  DescribeInstances: EcsResourcesRequest;
  DescribeDisks: EcsResourcesRequest;
  DescribeImages: EcsResourcesRequest;
  DescribeSecurityGroups: EcsResourcesRequest;
  DescribeSnapshots: EcsResourcesRequest;
}

export interface CachedOperation<O extends Operation> {
  /** How long an answer stays fresh, in seconds, from the cache options. */
  ttlS(options: OperationTtls): number;
  /** The cache key of a request (see keys.ts). */
  key(prefix: string, credential: Credential, request: RequestByOperation[O]): string;
  /** The call to the layer below. */
  call(
    inner: TagApi,
    credential: Credential,
    request: RequestByOperation[O],
    options?: CallOptions,
  ): Promise<ResultByOperation[O]>;
}

/** The five ECS listings share one row: their TTL, key and call differ only by the request's resource type. */
function ecsListing<O extends EcsListingOperation>(): CachedOperation<O> {
  return {
    ttlS: (o) => o.ttlEcsListingsS,
    key: ecsResourcesKey,
    call: (inner, credential, request, options) => inner.listEcsResources(credential, request, options),
  } as CachedOperation<O>;
}

export const CACHED_OPERATIONS: { [O in Operation]: CachedOperation<O> } = {
  DescribeTags: {
    ttlS: (o) => o.ttlDescribeTagsS,
    key: describeTagsKey,
    call: (inner, credential, request, options) => inner.describeTags(credential, request, options),
  },
  ListTagResources: {
    ttlS: (o) => o.ttlListTagResourcesS,
    key: listTagResourcesKey,
    call: (inner, credential, request, options) => inner.listTagResources(credential, request, options),
  },
  EcsListTagResources: {
    ttlS: (o) => o.ttlEcsListTagResourcesS,
    key: ecsTagResourcesKey,
    call: (inner, credential, request, options) => inner.listEcsTagResources(credential, request, options),
  },
  DescribeClustersV1: {
    ttlS: (o) => o.ttlDescribeClustersS,
    key: describeClustersKey,
    call: (inner, credential, request, options) => inner.describeClusters(credential, request, options),
  },
  DescribeInstances: ecsListing(),
  DescribeDisks: ecsListing(),
  DescribeImages: ecsListing(),
  DescribeSecurityGroups: ecsListing(),
  DescribeSnapshots: ecsListing(),
};
