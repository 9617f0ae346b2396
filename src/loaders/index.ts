/** Every DataLoader of one request, on the GraphQL context, each made on its first use. */
import { setMaxListeners } from 'node:events';
import type { RequestScope } from '../observability/request-scope.js';
import type { CallMeter, CallOptions, Credential, TagApi } from '../upstream/types.js';
import { CatalogFreshness, createCatalogPageLoader } from './catalog-pages.js';
import { createClusterDetailsLoader } from './cluster-details.js';
import { createClusterFilterLoader } from './cluster-filter.js';
import { createClusterListLoader } from './cluster-list.js';
import { createClusterTagsLoader } from './cluster-tags.js';
import type { EcsListAccess } from './ecs-list-access.js';
import type { EcsTagBatcher } from './ecs-tag-batcher.js';
import { createEcsTagsLoader } from './ecs-tags.js';
import { createClusterListPageLoader, createEcsListingPageReader, createTaggedEcsPageLoader } from './tagged-pages.js';

export interface LoaderOptions {
  csMaxResourceIds: number;
  signal?: AbortSignal;
  /** An operator asked to skip cached upstream answers for this request. */
  bypassCache?: boolean;
  /** Which tenants may not call ECS ListTagResources (one per gateway; unset: a memory of this request only). */
  ecsListAccess?: EcsListAccess;
  /** Concurrent requests' ECS tag slices share calls through it (one per gateway; unset: per request only). */
  ecsTagBatcher?: EcsTagBatcher;
  /** The request's meter (calls, cache hits, budget). */
  meter?: CallMeter;
  /** Cache-Control: max-age of the request, in ms: older cached answers are refetched. */
  maxAgeMs?: number;
  /** The request's scope (its log line's counters, its ID on the upstream lines). */
  scope?: RequestScope;
}

export function createLoaders(api: TagApi, credential: Credential, options: LoaderOptions): Loaders {
  // Every upstream call of the request listens to its abort signal: many more than Node's default of 10.
  if (options.signal) setMaxListeners(0, options.signal);
  const call: CallOptions = {
    signal: options.signal,
    ...(options.bypassCache ? { cache: 'bypass' as const } : {}),
    ...(options.meter ? { meter: options.meter } : {}),
    ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  };
  return new Loaders(api, credential, options, call);
}

/**
 * The request's loaders, each made on its first use (issue 18): a request reads one or two of them, and making
 * all ten (DataLoaders, their maps and closures) cost every request, a response-cache miss of `{ __typename }` too.
 */
export class Loaders {
  #ecsTags?: ReturnType<typeof createEcsTagsLoader>;
  #clusterTags?: ReturnType<typeof createClusterTagsLoader>;
  #catalogFreshness?: CatalogFreshness;
  #catalogPage?: ReturnType<typeof createCatalogPageLoader>;
  #clusterFilter?: ReturnType<typeof createClusterFilterLoader>;
  #clusterListPage?: ReturnType<typeof createClusterListPageLoader>;
  #clusterList?: ReturnType<typeof createClusterListLoader>;
  #clusterDetails?: ReturnType<typeof createClusterDetailsLoader>;
  #taggedEcsPage?: ReturnType<typeof createTaggedEcsPageLoader>;
  #ecsListingPage?: ReturnType<typeof createEcsListingPageReader>;

  constructor(
    private readonly api: TagApi,
    private readonly credential: Credential,
    private readonly options: LoaderOptions,
    private readonly call: CallOptions,
  ) {}

  get catalogFreshness(): CatalogFreshness {
    return (this.#catalogFreshness ??= new CatalogFreshness());
  }
  get ecsTags() {
    const { api, credential, call, options } = this;
    return (this.#ecsTags ??= createEcsTagsLoader(api, credential, call, options.ecsListAccess, options.ecsTagBatcher));
  }
  get clusterTags() {
    const { api, credential, call, options } = this;
    return (this.#clusterTags ??= createClusterTagsLoader(api, credential, options.csMaxResourceIds, call));
  }
  get catalogPage() {
    return (this.#catalogPage ??= createCatalogPageLoader(this.api, this.credential, this.call, this.catalogFreshness));
  }
  get clusterFilter() {
    const { api, credential, call, options } = this;
    return (this.#clusterFilter ??= createClusterFilterLoader(api, credential, options.csMaxResourceIds, call));
  }
  get clusterListPage() {
    return (this.#clusterListPage ??= createClusterListPageLoader(this.api, this.credential, this.call));
  }
  get clusterList() {
    const { api, credential, call } = this;
    return (this.#clusterList ??= createClusterListLoader(api, credential, call, this.clusterListPage));
  }
  get clusterDetails() {
    const { api, credential, call } = this;
    return (this.#clusterDetails ??= createClusterDetailsLoader(api, credential, this.clusterList, call));
  }
  get taggedEcsPage() {
    return (this.#taggedEcsPage ??= createTaggedEcsPageLoader(this.api, this.credential, this.call));
  }
  get ecsListingPage() {
    return (this.#ecsListingPage ??= createEcsListingPageReader(this.api, this.credential, this.call));
  }
}
export * from './keys.js';
export { CATALOG_PAGE_SIZE } from './catalog-pages.js';
export { EcsListAccess, type WarnLogger } from './ecs-list-access.js';
export { EcsTagBatcher } from './ecs-tag-batcher.js';
export { ListSizes, type KnownSizes } from './list-sizes.js';
export { fetchedAtOf } from '../cache/fetched-at.js';
export type { ClusterListRef } from './cluster-list.js';
export { CLUSTER_LIST_PAGE_SIZE, ECS_LISTING_RECENT_PAGES } from './tagged-pages.js';
