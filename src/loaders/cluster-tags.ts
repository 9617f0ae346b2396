/**
 * Tags of ACK clusters. All clusters asked in one tick are grouped by region and sent in ListTagResources
 * calls of up to `maxIds` resource_ids each (the floor of calls), each followed through next_token.
 * A cluster with no tag at all comes back null: every real ACK cluster carries `ack.aliyun.com`, so no tag
 * means no such cluster.
 */
import DataLoader from 'dataloader';
import { stampFrom } from '../cache/fetched-at.js';
import { listTagResourcesPages } from '../upstream/operations/paging.js';
import type { CallOptions, Credential, Tag, TagApi } from '../upstream/types.js';
import { sortedChunks } from './batches.js';
import { clusterKey, type ClusterRef } from './keys.js';

export type ClusterTags = Tag[] | null;

export function createClusterTagsLoader(api: TagApi, credential: Credential, maxIds: number, options: CallOptions) {
  return new DataLoader<ClusterRef, ClusterTags, string>(
    async (refs) => {
      const found = new Map<string, ClusterTags | Error>();
      await Promise.all(chunksByRegion(refs, maxIds).map((slice) => loadChunk(api, credential, slice, found, options)));
      return refs.map((ref) => found.get(clusterKey(ref)) ?? null);
    },
    { cacheKeyFn: clusterKey },
  );
}

function chunksByRegion(refs: readonly ClusterRef[], maxIds: number): ClusterRef[][] {
  return sortedChunks(
    refs,
    (r) => r.regionId,
    (r) => r.clusterId,
    maxIds,
  );
}

async function loadChunk(
  api: TagApi,
  credential: Credential,
  slice: ClusterRef[],
  found: Map<string, ClusterTags | Error>,
  options: CallOptions,
): Promise<void> {
  const regionId = slice[0]!.regionId;
  const request = { regionId, resourceIds: slice.map((r) => r.clusterId) };
  try {
    for await (const page of listTagResourcesPages(api, credential, request, options)) {
      const touched = new Set<Tag[]>();
      for (const item of page.tagResources) {
        const key = clusterKey({ regionId, clusterId: item.resourceId });
        const tags = found.get(key);
        const list = Array.isArray(tags) ? tags : [];
        list.push({ key: item.key, value: item.value });
        touched.add(list);
        found.set(key, list);
      }
      // A cluster's list is as old as the oldest page that added to it.
      for (const list of touched) stampFrom(list, page);
    }
  } catch (err) {
    for (const ref of slice) found.set(clusterKey(ref), err as Error);
  }
}
