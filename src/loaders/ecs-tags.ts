/**
 * Tags of single ECS resources. DescribeTags takes one ResourceId per call, so batching cannot merge calls;
 * DataLoader still de-duplicates (region, type, ID) within a request and runs the distinct calls in parallel.
 */
import DataLoader from 'dataloader';
import { describeTagsPages } from '../upstream/paging.js';
import type { CallOptions, Credential, Tag, TagApi } from '../upstream/types.js';
import { ecsKey, type EcsRef } from './keys.js';

export function createEcsTagsLoader(api: TagApi, credential: Credential, options: CallOptions) {
  return new DataLoader<EcsRef, Tag[], string>(
    (refs) => Promise.all(refs.map((ref) => loadOne(api, credential, ref, options).catch((err: Error) => err))),
    { cacheKeyFn: ecsKey },
  );
}

async function loadOne(api: TagApi, credential: Credential, ref: EcsRef, options: CallOptions): Promise<Tag[]> {
  const tags: Tag[] = [];
  const request = { ...ref, pageSize: 100 };
  for await (const page of describeTagsPages(api, credential, request, options)) {
    for (const t of page.tags) tags.push({ key: t.key, value: t.value });
  }
  return tags;
}
