/**
 * Cross-request batching of ECS tags (issue 14, "Fewer calls"): the per-request DataLoader cuts its batch into
 * (region, type) slices; each slice waits here for a short process-level window (BATCH_WINDOW_MS), and every slice
 * of the same tenant, region, type and cache mode that arrives meanwhile joins it. The window then sends the union
 * of their IDs, sorted, in ECS ListTagResources calls of up to 50 IDs (each paged to its end), and hands each slice
 * exactly its own resources' tags. 50 concurrent one-instance requests thus cost the calls of one 50-instance one.
 *
 * Tenants never meet: the key holds the credential's identity and its full scope (secret and token included,
 * cache/keys.ts `credentialScope`), so only requests that sign with the very same keys share a call. The calls
 * count on the meter of the window's first request (its budget applies); the others count them as `coalesced`.
 * The calls carry no request's signal (one request going away must not fail the others); each request aborts
 * only its own wait.
 */
import { abortable } from '../cache/call-options.js';
import { credentialScope } from '../cache/keys.js';
import { fetchedAtOf, markFetchedAt } from '../cache/fetched-at.js';
import { UpstreamError } from '../upstream/errors.js';
import { ecsTagResourcesPages } from '../upstream/operations/paging.js';
import type { CallMeter, CallOptions, Credential, EcsResourceType, Tag, TagApi } from '../upstream/types.js';
import { ECS_LIST_TAG_RESOURCES_MAX_IDS } from '../upstream/operations/validate.js';
import { compareUtf8 } from '../upstream/strings.js';
import { chunk } from './keys.js';

/** One request's slice: resources of one region and type. */
export interface EcsSlice {
  regionId: string;
  resourceType: EcsResourceType;
  resourceIds: string[];
}

/** Each asked ID's tags (marked with their fetch time, see cache/fetched-at.ts), or the error of its call. */
export type SliceAnswer = Map<string, Tag[] | Error>;

interface Member {
  ids: string[];
  options: CallOptions;
  resolve: (answer: SliceAnswer) => void;
}

interface Window {
  api: TagApi;
  credential: Credential;
  slice: Omit<EcsSlice, 'resourceIds'>;
  members: Member[];
  openedAt: number;
  timer?: NodeJS.Timeout;
}

/** A window closes `windowMs` after its last arrival, and at the latest this many windows after it opened. */
const MAX_WINDOWS = 4;

export class EcsTagBatcher {
  readonly #open = new Map<string, Window>();

  /** `windowMs`: how long the first slice waits for others (0: no waiting, each slice calls on its own). */
  constructor(readonly windowMs: number) {}

  /** The tags of `slice`'s resources, from calls shared with the other slices of its window. */
  load(api: TagApi, credential: Credential, slice: EcsSlice, options: CallOptions): Promise<SliceAnswer> {
    const key = windowKey(credential, slice, options);
    let window = this.#open.get(key);
    if (!window) {
      window = {
        api,
        credential,
        slice: { regionId: slice.regionId, resourceType: slice.resourceType },
        members: [],
        openedAt: Date.now(),
      };
      this.#open.set(key, window);
    }
    const answer = new Promise<SliceAnswer>((resolve) =>
      window.members.push({ ids: slice.resourceIds, options, resolve }),
    );
    this.#schedule(key, window);
    return abortable('EcsListTagResources', answer, options.signal);
  }

  /**
   * Requests arrive spread over a few ms (each is parsed, validated and executed first): the window stays open
   * while they keep coming, `windowMs` after the last, and closes at the latest MAX_WINDOWS windows after it opened.
   */
  #schedule(key: string, window: Window): void {
    clearTimeout(window.timer);
    const wait = Math.min(this.windowMs, window.openedAt + MAX_WINDOWS * this.windowMs - Date.now());
    window.timer = setTimeout(
      () => {
        this.#open.delete(key);
        void flush(window);
      },
      Math.max(0, wait),
    );
  }
}

/** Requests share a window only with the same keys, region, type and cache mode (bypass, freshness). */
function windowKey(credential: Credential, slice: EcsSlice, options: CallOptions): string {
  const mode = `${options.cache ?? ''}|${options.maxAgeMs ?? ''}`;
  return `${credential.identity}|${credentialScope(credential)}|${slice.regionId}|${slice.resourceType}|${mode}`;
}

/** Sends the union of the members' IDs, 50 a call, and answers each member with its own IDs. */
async function flush(window: Window): Promise<void> {
  const owner = window.members[0];
  if (!owner) return;
  const ids = [...new Set(window.members.flatMap((m) => m.ids))].sort(compareUtf8);
  const chunks = chunk(ids, ECS_LIST_TAG_RESOURCES_MAX_IDS);
  let generation: string | undefined;
  const merged = await callChunks(window, chunks, {
    ...owner.options,
    meter: owner.options.meter && withGenerationSeen(owner.options.meter, (g) => (generation ??= g)),
  });
  const callOf = new Map<string, number>();
  chunks.forEach((c, i) => c.forEach((id) => callOf.set(id, i)));
  for (const member of window.members) {
    const answer = copyFor(member.ids, merged);
    if (member !== owner && [...answer.values()].some(isBudgetRefusal)) {
      // The owner's budget refused the shared call: this request's own budget decides for itself.
      member.resolve(await callChunks(window, chunk(member.ids, ECS_LIST_TAG_RESOURCES_MAX_IDS), member.options));
      continue;
    }
    // Another request's calls answered this one: one `coalesced` per call (of up to 50 IDs) it took answers from.
    if (member !== owner) {
      const kinds = [window.slice.resourceType];
      member.options.meter?.read?.(window.credential.identity, window.slice.regionId, kinds, generation);
      const calls = new Set(member.ids.map((id) => callOf.get(id)));
      for (let n = 0; n < calls.size; n++) member.options.meter?.coalesced();
    }
    member.resolve(answer);
  }
}

/** One call per chunk with `options` (their meter and cache mode; the window outlives any one caller's signal). */
async function callChunks(window: Window, chunks: string[][], options: CallOptions): Promise<SliceAnswer> {
  const { signal: _signal, ...shared } = options;
  const answers = await Promise.all(
    chunks.map((c) => callEcsTags(window.api, window.credential, { ...window.slice, resourceIds: c }, shared)),
  );
  return new Map(answers.flatMap((a) => [...a]));
}

function isBudgetRefusal(value: unknown): boolean {
  return value instanceof UpstreamError && value.isBudgetExceeded;
}

/** Every member gets its own arrays (with the same fetch time): no request can change another's tags. */
function copyFor(ids: string[], merged: SliceAnswer): SliceAnswer {
  const answer: SliceAnswer = new Map();
  for (const id of ids) {
    const found = merged.get(id) ?? [];
    answer.set(
      id,
      found instanceof Error
        ? found
        : markFetchedAt(
            found.map((t) => ({ ...t })),
            fetchedAtOf(found) ?? Date.now(),
          ),
    );
  }
  return answer;
}

/**
 * One ECS ListTagResources call of up to 50 IDs, paged to its end: each ID's tags (a resource with no row has
 * none), marked with the oldest page's fetch time; on failure, the error for every ID.
 */
export async function callEcsTags(
  api: TagApi,
  credential: Credential,
  slice: EcsSlice,
  options: CallOptions,
): Promise<SliceAnswer> {
  const tags = new Map<string, Tag[]>(slice.resourceIds.map((id) => [id, []]));
  // The oldest page's time; a page the cache did not mark was fetched just now.
  let fetchedAt = Infinity;
  try {
    for await (const page of ecsTagResourcesPages(api, credential, slice, options)) {
      fetchedAt = Math.min(fetchedAt, fetchedAtOf(page) ?? Date.now());
      for (const row of page.tagResources) tags.get(row.resourceId)?.push({ key: row.key, value: row.value });
    }
  } catch (err) {
    return new Map(slice.resourceIds.map((id) => [id, err as Error]));
  }
  const at = Number.isFinite(fetchedAt) ? fetchedAt : Date.now();
  return new Map([...tags].map(([id, list]) => [id, markFetchedAt(list, at)]));
}

/** The owner's meter, telling `seen` the write generation its shared calls were keyed with (members read under it). */
function withGenerationSeen(meter: CallMeter, seen: (generation: string) => void): CallMeter {
  return {
    beforeCall: (operation) => meter.beforeCall(operation),
    cacheHit: (fetchedAt) => meter.cacheHit(fetchedAt),
    coalesced: () => meter.coalesced(),
    fetched: (fetchedAt) => meter.fetched(fetchedAt),
    read: (identity, regionId, kinds, generation) => {
      if (generation !== undefined) seen(generation);
      meter.read?.(identity, regionId, kinds, generation);
    },
  };
}
