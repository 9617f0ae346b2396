/**
 * ACK clusters among given IDs that carry every filter tag: ListTagResources with `tags`, in calls of up to
 * `maxIds` resource_ids, each followed through next_token. Identical filter queries in one request share calls.
 * The answer holds each matching cluster's complete tag set.
 */
import DataLoader from 'dataloader';
import { stampFrom } from '../cache/fetched-at.js';
import { listTagResourcesPages } from '../upstream/operations/paging.js';
import type { CallOptions, Credential, Tag, TagApi, TagFilter } from '../upstream/types.js';
import { chunk, sortFilters } from './keys.js';

export interface ClusterFilterRef {
  regionId: string;
  clusterIds: string[];
  tags: TagFilter[];
}

const filterKey = (r: ClusterFilterRef) => JSON.stringify([r.regionId, r.clusterIds, sortFilters(r.tags)]);

export function createClusterFilterLoader(api: TagApi, credential: Credential, maxIds: number, options: CallOptions) {
  return new DataLoader<ClusterFilterRef, Map<string, Tag[]>, string>(
    (refs) =>
      Promise.all(refs.map((ref) => loadMatches(api, credential, ref, maxIds, options).catch((err: Error) => err))),
    { cacheKeyFn: filterKey },
  );
}

async function loadMatches(
  api: TagApi,
  credential: Credential,
  ref: ClusterFilterRef,
  maxIds: number,
  options: CallOptions,
): Promise<Map<string, Tag[]>> {
  const byCluster = new Map<string, Tag[]>();
  await Promise.all(
    chunk(ref.clusterIds, maxIds).map(async (resourceIds) => {
      const request = { regionId: ref.regionId, resourceIds, tags: ref.tags };
      for await (const page of listTagResourcesPages(api, credential, request, options)) {
        const touched = new Set<Tag[]>();
        for (const r of page.tagResources) {
          let list = byCluster.get(r.resourceId);
          if (!list) byCluster.set(r.resourceId, (list = []));
          list.push({ key: r.key, value: r.value });
          touched.add(list);
        }
        // A cluster's list is as old as the oldest page that added to it.
        for (const list of touched) stampFrom(list, page);
      }
    }),
  );
  return byCluster;
}
