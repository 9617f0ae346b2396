/**
 * Tags of ECS resources, batched: all resources asked in one tick are grouped by (region, type) and sent in
 * ECS ListTagResources calls of up to 50 ResourceId.N each (the floor of calls), each followed through
 * NextToken to its end, the calls of different slices in parallel. Listed by ID, the answer holds every tag of
 * each resource; a resource with no row has no tag (ECS cannot tell it from a missing one, so it is []).
 *
 * A credential that may not call ListTagResources (`Forbidden*` / `NoPermission`) falls back to DescribeTags,
 * one resource per call (ecs-list-access.ts remembers and logs the refusal).
 */
import DataLoader from 'dataloader';
import { UpstreamError } from '../upstream/errors.js';
import { describeTagsPages, ecsTagResourcesPages } from '../upstream/paging.js';
import type { CallOptions, Credential, Tag, TagApi } from '../upstream/types.js';
import { ECS_LIST_TAG_RESOURCES_MAX_IDS } from '../upstream/validate.js';
import { sortedChunks } from './batches.js';
import { EcsListAccess } from './ecs-list-access.js';
import { ecsKey, type EcsRef } from './keys.js';

interface Deps {
  api: TagApi;
  credential: Credential;
  options: CallOptions;
  access: EcsListAccess;
}

type Found = Map<string, Tag[] | Error>;

export function createEcsTagsLoader(api: TagApi, credential: Credential, options: CallOptions, access = new EcsListAccess()) {
  const deps: Deps = { api, credential, options, access };
  return new DataLoader<EcsRef, Tag[], string>(
    async (refs) => {
      const found: Found = new Map();
      const slices = sortedChunks(refs, (r) => `${r.regionId}/${r.resourceType}`, (r) => r.resourceId, ECS_LIST_TAG_RESOURCES_MAX_IDS);
      await Promise.all(slices.map((slice) => loadSlice(deps, slice, found)));
      return refs.map((ref) => found.get(ecsKey(ref)) ?? []);
    },
    { cacheKeyFn: ecsKey },
  );
}

async function loadSlice(deps: Deps, slice: EcsRef[], found: Found): Promise<void> {
  if (deps.access.isDenied(deps.credential.identity)) return loadEach(deps, slice, found);
  const { regionId, resourceType } = slice[0]!;
  const tags = new Map<string, Tag[]>(slice.map((r) => [r.resourceId, []]));
  try {
    const request = { regionId, resourceType, resourceIds: slice.map((r) => r.resourceId) };
    for await (const page of ecsTagResourcesPages(deps.api, deps.credential, request, deps.options)) {
      for (const row of page.tagResources) tags.get(row.resourceId)?.push({ key: row.key, value: row.value });
    }
  } catch (err) {
    if (err instanceof UpstreamError && err.isForbidden) {
      deps.access.deny(deps.credential.identity, err);
      return loadEach(deps, slice, found);
    }
    for (const ref of slice) found.set(ecsKey(ref), err as Error);
    return;
  }
  for (const ref of slice) found.set(ecsKey(ref), tags.get(ref.resourceId)!);
}

/** The fallback: DescribeTags per resource (it takes one ResourceId), in parallel; each failure is its own. */
async function loadEach(deps: Deps, slice: EcsRef[], found: Found): Promise<void> {
  await Promise.all(
    slice.map(async (ref) => {
      found.set(ecsKey(ref), await describeOne(deps, ref).catch((err: Error) => err));
    }),
  );
}

async function describeOne({ api, credential, options }: Deps, ref: EcsRef): Promise<Tag[]> {
  const tags: Tag[] = [];
  const request = { ...ref, pageSize: 100 };
  for await (const page of describeTagsPages(api, credential, request, options)) {
    for (const t of page.tags) tags.push({ key: t.key, value: t.value });
  }
  return tags;
}
