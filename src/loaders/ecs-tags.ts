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
import { stampFrom } from '../cache/fetched-at.js';
import { describeTagsPages } from '../upstream/operations/paging.js';
import type { CallMeter, CallOptions, Credential, Tag, TagApi } from '../upstream/types.js';
import { ECS_LIST_TAG_RESOURCES_MAX_IDS } from '../upstream/operations/validate.js';
import { sortedChunks } from './batches.js';
import { EcsListAccess } from './ecs-list-access.js';
import { callEcsTags, type EcsSlice, type EcsTagBatcher, type SliceAnswer } from './ecs-tag-batcher.js';
import { ecsKey, type EcsRef } from './keys.js';

interface Deps {
  api: TagApi;
  credential: Credential;
  options: CallOptions;
  access: EcsListAccess;
  batcher?: EcsTagBatcher;
}

type Found = Map<string, Tag[] | Error>;

export function createEcsTagsLoader(
  api: TagApi,
  credential: Credential,
  options: CallOptions,
  access = new EcsListAccess(),
  batcher?: EcsTagBatcher,
) {
  const deps: Deps = { api, credential, options, access, ...(batcher && batcher.windowMs > 0 ? { batcher } : {}) };
  return new DataLoader<EcsRef, Tag[], string>(
    async (refs) => {
      const found: Found = new Map();
      const slices = sortedChunks(
        refs,
        (r) => `${r.regionId}/${r.resourceType}`,
        (r) => r.resourceId,
        ECS_LIST_TAG_RESOURCES_MAX_IDS,
      );
      await Promise.all(slices.map((slice) => loadSlice(deps, slice, found)));
      return refs.map((ref) => found.get(ecsKey(ref)) ?? []);
    },
    { cacheKeyFn: ecsKey },
  );
}

async function loadSlice(deps: Deps, slice: EcsRef[], found: Found): Promise<void> {
  if (deps.access.isDenied(deps.credential.identity)) return loadEach(deps, slice, found);
  const { regionId, resourceType } = slice[0]!;
  const request = { regionId, resourceType, resourceIds: slice.map((r) => r.resourceId) };
  // Through the process-level window when there is one (other requests may share the calls), else alone.
  const answer = deps.batcher
    ? await throughWindow(deps, deps.batcher, request)
    : await callEcsTags(deps.api, deps.credential, request, deps.options);
  const failed = answer instanceof Error ? answer : [...answer.values()].find((v) => v instanceof Error);
  if (failed instanceof UpstreamError && failed.isForbidden) {
    deps.access.deny(deps.credential.identity, failed);
    return loadEach(deps, slice, found);
  }
  for (const ref of slice)
    found.set(ecsKey(ref), answer instanceof Error ? answer : (answer.get(ref.resourceId) ?? []));
}

/**
 * The window saves calls, not cache reads: a slice the cache answers now (its own calls' entries, fresh or
 * servable stale) is answered at once instead of waiting up to MAX_WINDOWS windows for company (issue 18: the
 * wait was a fifth of a warm request's throughput). Only what the cache lacks joins the window.
 */
async function throughWindow(deps: Deps, batcher: EcsTagBatcher, request: EcsSlice): Promise<SliceAnswer | Error> {
  const { api, credential, options } = deps;
  if (options.cache !== 'bypass') {
    // The hits count once the whole slice is answered: a slice answered only in part (a later page expired) is
    // read again through the window, and its first pages' hits would count twice.
    const hits = deferredHits(options);
    const cached = await callEcsTags(api, credential, request, hits.options);
    if (![...cached.values()].some(isNotCached)) {
      hits.count();
      return cached;
    }
  }
  return batcher.load(api, credential, request, options).catch((err: Error) => err);
}

/** `options` for a `cache: 'only'` read whose cache hits reach the meter and the request scope only on `count()`. */
function deferredHits(options: CallOptions): { options: CallOptions; count: () => void } {
  const { meter, scope, ...rest } = options;
  const hits: number[] = [];
  const deferred: CallMeter = {
    beforeCall: (operation) => meter?.beforeCall(operation),
    cacheHit: (fetchedAt) => hits.push(fetchedAt),
    coalesced: () => meter?.coalesced(),
    fetched: (fetchedAt) => meter?.fetched(fetchedAt),
    read: (identity, regionId, kinds, generation) => meter?.read?.(identity, regionId, kinds, generation),
  };
  return {
    options: { ...rest, cache: 'only', meter: deferred },
    count: () => {
      for (const at of hits) meter?.cacheHit(at);
      if (scope) scope.cacheHits += hits.length;
    },
  };
}

function isNotCached(value: unknown): boolean {
  return value instanceof UpstreamError && value.isNotCached;
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
    // The list is as old as its oldest page.
    stampFrom(tags, page);
    for (const t of page.tags) tags.push({ key: t.key, value: t.value });
  }
  return tags;
}
