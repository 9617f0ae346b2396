/**
 * Tags as they are now, read from the upstream itself (never a cache): what a write's payload shows, and what
 * `ifTagsVersion` is checked against. One ListTagResources call per (region, kind) and 50 IDs (ECS) or the CS cap.
 */
import { ecsTagResourcesPages, listTagResourcesPages } from '../../upstream/index.js';
import type { CallOptions, Credential, Tag, TagApi } from '../../upstream/types.js';
import { ECS_TYPE_OF, isEcsKind } from '../types/kinds.js';
import type { ResourceModel } from '../types/resource.js';
import { groupCalls } from './plan.js';

const refKey = (r: { kind: string; regionId: string; resourceId: string }) => `${r.kind}|${r.regionId}|${r.resourceId}`;

/** Each ref's live tags, by `kind|region|id`; a resource the upstream lists no tag for has []. */
export async function readLiveTags(
  api: TagApi,
  credential: Credential,
  refs: readonly ResourceModel[],
  options: CallOptions,
): Promise<Map<string, Tag[]>> {
  const tags = new Map<string, Tag[]>(refs.map((r) => [refKey(r), []]));
  const add = (kind: ResourceModel['kind'], regionId: string, resourceId: string, tag: Tag) =>
    tags.get(refKey({ kind, regionId, resourceId }))?.push({ key: tag.key, value: tag.value });
  await Promise.all(
    groupCalls(refs).map(async (call) => {
      const { kind, regionId, resourceIds } = call;
      if (isEcsKind(kind)) {
        const request = { regionId, resourceType: ECS_TYPE_OF[kind], resourceIds };
        for await (const page of ecsTagResourcesPages(api, credential, request, options))
          for (const row of page.tagResources) add(kind, regionId, row.resourceId, row);
      } else {
        for await (const page of listTagResourcesPages(api, credential, { regionId, resourceIds }, options))
          for (const row of page.tagResources) add(kind, regionId, row.resourceId, row);
      }
    }),
  );
  return tags;
}

export { refKey };
