/**
 * The estimate that knows the data (issue 19, item 1): before an operation runs, the first pages of the lists it
 * reads whose size the estimate cannot tell are read through the request's own loaders, so execution finds them
 * there (no second call), and the operation is priced again with what they show. In rounds: a page a walk is certain
 * to reach only once an earlier page showed it (the next segment of a forward page) is asked for by the next pricing.
 *
 * What is read is what pricing asks for (seen.ts): pages execution is certain to read, and a few it may not need (a
 * DescribeTags count for a listing read whole that its first page did not end; the first pages of an inventory's
 * later listings when its first page kept few resources). Nothing is read when the calls certain to be made already
 * pass the budget: the operation is refused with no call. Every call of the read-ahead is the request's own
 * (`extensions.upstream.calls`), and the estimate is those calls plus what is still to come.
 */
import type { GraphContext } from '../context.js';
import type { Estimate } from './cost.js';
import { Seen, type Ask, type Pages, type Wanted } from './seen.js';

/** Rounds of read-ahead at most (each one round trip before execution starts). */
const MAX_ROUNDS = 4;

/** Prices the operation (`price`, with what has been seen), reading ahead as the budget allows. */
export async function readAheadAndPrice(
  ctx: GraphContext,
  price: (seen: Seen) => Estimate,
  budget: number,
): Promise<Estimate> {
  const seen = new Seen();
  let priced = price(seen);
  for (let round = 0; round < MAX_ROUNDS && priced.inputErrors.length === 0; round++) {
    const wanted = seen.takeWanted();
    const certain = wanted.filter((w) => w.certain);
    const room = budget - ctx.meter.calls;
    // The calls certain to be made (the first pages, or the pages last seen of a list read whole) pass the budget:
    // nothing is read, and the estimate (over it) refuses the operation.
    if (certain.reduce((n, w) => n + Math.max(1, w.floor), 0) > room) break;
    const reads = wanted.length <= room ? wanted : certain;
    if (reads.length === 0) break;
    await Promise.all(reads.map((w) => read(ctx, seen, w)));
    priced = price(seen);
  }
  seen.takeWanted();
  return { calls: ctx.meter.calls + priced.calls, inputErrors: priced.inputErrors };
}

/** Loads one page through the request's loaders; a failure is kept (execution meets it and reports it). */
async function read(ctx: GraphContext, seen: Seen, { ask }: Wanted): Promise<void> {
  seen.record(ask, await load(ctx, ask).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
}

async function load(ctx: GraphContext, ask: Ask): Promise<Pages[Ask['type']]> {
  const loaders = ctx.loaders;
  switch (ask.type) {
    case 'tagged':
      return loaders.taggedEcsPage.load({ regionId: ask.regionId, resourceType: ask.resourceType, tags: ask.tags });
    case 'listing':
      return loaders.ecsListingPage({ regionId: ask.regionId, resourceType: ask.resourceType, pageNumber: 1 });
    case 'clusters':
      return loaders.clusterListPage.load({ regionId: ask.regionId, pageNumber: 1 });
    case 'catalog':
      return loaders.catalogPage.load({ ...ask, pageNumber: 1 });
    case 'clusterIds':
      return clusterLookup(ctx, ask);
  }
}

/** `ackClusters(clusterIds:)`'s own lookup (types/cluster.ts): the filter call, else each cluster's tags. */
async function clusterLookup(ctx: GraphContext, ask: Extract<Ask, { type: 'clusterIds' }>) {
  const { regionId, clusterIds, tags } = ask;
  if (tags.length > 0) return ctx.loaders.clusterFilter.load({ regionId, clusterIds, tags });
  const all = await Promise.all(clusterIds.map((clusterId) => ctx.loaders.clusterTags.load({ regionId, clusterId })));
  return new Map(clusterIds.map((id, i) => [id, all[i] ?? null]));
}
