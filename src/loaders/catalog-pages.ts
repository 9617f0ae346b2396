/**
 * DescribeTags catalog pages (100 tags each), shared by every field of a request that needs the same page:
 * a catalog, its facets and its totals read one page once.
 */
import DataLoader from 'dataloader';
import type { CallOptions, Credential, DescribeTagsResult, TagApi } from '../upstream/types.js';
import { fetchedAtOf } from '../cache/fetched-at.js';
import { catalogPageKey, type CatalogPageRef } from './keys.js';

export const CATALOG_PAGE_SIZE = 100;

/** When the catalog pages a request read were fetched, per (region, type, filters): the oldest counts. */
export class CatalogFreshness {
  readonly #oldest = new Map<string, number>();

  note(ref: Omit<CatalogPageRef, 'pageNumber'>, page: object): void {
    const key = scopeKey(ref);
    const at = fetchedAtOf(page) ?? Date.now();
    this.#oldest.set(key, Math.min(at, this.#oldest.get(key) ?? at));
  }

  /** The oldest fetch time of the pages read for these scopes (undefined: none read). */
  oldest(scopes: ReadonlyArray<Omit<CatalogPageRef, 'pageNumber'>>): number | undefined {
    const times = scopes.map((q) => this.#oldest.get(scopeKey(q))).filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }
}

const scopeKey = (r: Omit<CatalogPageRef, 'pageNumber'>) => catalogPageKey({ ...r, pageNumber: 0 });

export function createCatalogPageLoader(
  api: TagApi,
  credential: Credential,
  options: CallOptions,
  freshness = new CatalogFreshness(),
) {
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
            .then((page) => {
              freshness.note(ref, page);
              return page;
            })
            .catch((err: Error) => err),
        ),
      ),
    { cacheKeyFn: catalogPageKey },
  );
}
