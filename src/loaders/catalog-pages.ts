/**
 * DescribeTags catalog pages (100 tags each), shared by every field of a request that needs the same page:
 * a catalog, its facets and its totals read one page once.
 */
import DataLoader from 'dataloader';
import type { CallOptions, Credential, DescribeTagsResult, TagApi } from '../upstream/types.js';
import { catalogPageKey, type CatalogPageRef } from './keys.js';

export const CATALOG_PAGE_SIZE = 100;

export function createCatalogPageLoader(api: TagApi, credential: Credential, options: CallOptions) {
  return new DataLoader<CatalogPageRef, DescribeTagsResult, string>(
    (refs) =>
      Promise.all(
        refs.map((ref) =>
          api
            .describeTags(
              credential,
              {
                regionId: ref.regionId,
                resourceType: ref.resourceType,
                ...(ref.tags.length ? { tags: ref.tags } : {}),
                pageNumber: ref.pageNumber,
                pageSize: CATALOG_PAGE_SIZE,
              },
              options,
            )
            .catch((err: Error) => err),
        ),
      ),
    { cacheKeyFn: catalogPageKey },
  );
}
