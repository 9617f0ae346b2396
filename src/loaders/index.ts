/** Every DataLoader of one request, created together on the GraphQL context. */
import type { Credential, TagApi } from '../upstream/types.js';
import { createCatalogPageLoader } from './catalog-pages.js';
import { createClusterFilterLoader } from './cluster-filter.js';
import { createClusterTagsLoader } from './cluster-tags.js';
import { createEcsTagsLoader } from './ecs-tags.js';

export interface LoaderOptions {
  csMaxResourceIds: number;
  signal?: AbortSignal;
}

export function createLoaders(api: TagApi, credential: Credential, options: LoaderOptions) {
  return {
    ecsTags: createEcsTagsLoader(api, credential, options.signal),
    clusterTags: createClusterTagsLoader(api, credential, options.csMaxResourceIds, options.signal),
    catalogPage: createCatalogPageLoader(api, credential, options.signal),
    clusterFilter: createClusterFilterLoader(api, credential, options.csMaxResourceIds, options.signal),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export * from './keys.js';
export { CATALOG_PAGE_SIZE } from './catalog-pages.js';
