/** The cached TagApi's contract: its options, its methods and its counters (cached-tag-api.ts implements it). */
import type { Logger } from 'pino';
import type {
  Credential,
  DescribeClustersRequest,
  DescribeTagsRequest,
  EcsResourcesRequest,
  EcsTagResourcesRequest,
  ListTagResourcesRequest,
  TagApi,
} from '../upstream/types.js';
import type { CacheCallOptions } from './call-options.js';
import type { ResultByOperation } from './entry.js';
import type { Generations } from './generations.js';
import type { OperationTtls } from './operations.js';

export interface CacheStats {
  /** Fresh entries served (values and cached not-found answers). */
  hits: number;
  /** Calls that found no usable entry and loaded (or joined a load of) the value. */
  misses: number;
  /** Stale entries served within the SWR window. */
  stale: number;
  /** Store operations that failed (Redis down or slow, breaker open). */
  errors: number;
  /** Calls made with `cache: 'bypass'`. */
  bypass: number;
}

export interface CachedTagApiOptions extends OperationTtls {
  /** CACHE_KEY_PREFIX. */
  keyPrefix: string;
  /** CACHE_NEGATIVE_TTL_S; 0 caches no error at all. */
  negativeTtlS: number;
  /** CACHE_SWR_S; 0 never serves stale. */
  swrS: number;
  /** CACHE_RECENT_READ_MS: with Redis, how long a fresh entry read is answered again without a GET; unset: RECENT_READ_MS. */
  recentReadMs?: number;
  /**
   * CACHE_LOCK_TIMEOUT_MS: the store lock's lifetime. A live holder renews it while it loads; a crashed one
   * blocks the others at most this long.
   */
  lockTimeoutMs: number;
  /** The heap the decoded entries may take (decoded-entries.ts); unset: its default. */
  decodedMaxBytes?: number;
  logger: Logger;
  /** The write generations (generations.ts) every key carries; default: this process's own. */
  generations?: Generations;
}

export interface CachedTagApi extends TagApi {
  describeTags(
    credential: Credential,
    request: DescribeTagsRequest,
    options?: CacheCallOptions,
  ): Promise<ResultByOperation['DescribeTags']>;
  listTagResources(
    credential: Credential,
    request: ListTagResourcesRequest,
    options?: CacheCallOptions,
  ): Promise<ResultByOperation['ListTagResources']>;
  listEcsTagResources(
    credential: Credential,
    request: EcsTagResourcesRequest,
    options?: CacheCallOptions,
  ): Promise<ResultByOperation['EcsListTagResources']>;
  describeClusters(
    credential: Credential,
    request: DescribeClustersRequest,
    options?: CacheCallOptions,
  ): Promise<ResultByOperation['DescribeClustersV1']>;
  listEcsResources(
    credential: Credential,
    request: EcsResourcesRequest,
    options?: CacheCallOptions,
  ): Promise<ResultByOperation['DescribeInstances']>;
  stats(): CacheStats;
}
