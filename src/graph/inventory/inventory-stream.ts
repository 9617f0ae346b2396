/**
 * Walking the listings of an inventory (one segment per kind and region) page by page: ECS kinds through their
 * listing (DescribeInstances, …, pages of 100, security groups 50), clusters through DescribeClustersV1 (the
 * request's page loader, as `taggedResources` reads them). Every resource comes with its complete tags and what
 * the listing says of it (name, creation time, status), kept by a filter on its tags. Positions: page number
 * (as a string) and index in the page. Only the pages a consumer pulls are read; none is kept once walked.
 */
import type { Tag } from '../../upstream/types.js';
import type { GraphContext } from '../context.js';
import type { ListStream, Position, StreamItem } from '../paging/stream-connection.js';
import { ECS_TYPE_OF, isEcsKind } from '../types/kinds.js';
import type { Listed, ResourceModel } from '../types/resource.js';
import type { InventorySegment, TagFilterFn } from './inventory-query.js';

export interface Row {
  resourceId: string;
  tags: Tag[];
  listed: Listed;
}

interface Page {
  rows: Row[];
  next: number | null;
}

async function readPage(ctx: GraphContext, seg: InventorySegment, pageNumber: number): Promise<Page> {
  if (isEcsKind(seg.kind)) {
    const resourceType = ECS_TYPE_OF[seg.kind];
    const page = await ctx.loaders.ecsListingPage({ regionId: seg.regionId, resourceType, pageNumber });
    const more = page.resources.length > 0 && pageNumber * page.pageSize < page.totalCount;
    return {
      rows: page.resources.map((r) => ({
        resourceId: r.resourceId,
        tags: r.tags,
        listed: { name: r.name, createdAt: r.createdAt, status: r.status, tags: r.tags },
      })),
      next: more ? pageNumber + 1 : null,
    };
  }
  const page = await ctx.loaders.clusterListPage.load({ regionId: seg.regionId, pageNumber });
  const more = page.clusters.length > 0 && pageNumber * page.pageSize < page.totalCount;
  return {
    rows: page.clusters
      .filter((c) => c.regionId === seg.regionId)
      .map((c) => ({
        resourceId: c.clusterId,
        tags: c.tags,
        listed: { name: c.name, createdAt: c.createdAt, status: c.state, tags: c.tags },
      })),
    next: more ? pageNumber + 1 : null,
  };
}

/** Which pages of each segment hold what a walk looks for, as an earlier pass saw them (hygiene.ts). */
export interface PageMap {
  holds(s: number, page: number): boolean;
  /** The segment's last page. */
  last(s: number): number;
}

export interface Walk {
  /** Once it aborts, no further page is read (the walk ends quietly: whoever aborted it answers the error). */
  stop?: AbortSignal;
  /** Pages known to hold nothing wanted are not read. */
  pages?: { holds(page: number): boolean; last: number };
}

/** The rows of one segment from page `from.page`, index `from.i` on, with their page and index. */
export async function* segmentRows(
  ctx: GraphContext,
  seg: InventorySegment,
  from = { page: 1, i: 0 },
  walk: Walk = {},
): AsyncGenerator<{ row: Row; page: number; i: number }> {
  let page: number | null = from.page;
  let start = from.i;
  while (page !== null && !walk.stop?.aborted) {
    if (walk.pages && !walk.pages.holds(page)) {
      page = page < walk.pages.last ? page + 1 : null;
      start = 0;
      continue;
    }
    const read: Page = await readPage(ctx, seg, page);
    for (let i = start; i < read.rows.length; i++) yield { row: read.rows[i]!, page, i };
    page = read.next;
    start = 0;
  }
}

/**
 * `work` on every segment at once, in order. When one fails, the others read no further page, and the failure is
 * answered only once every segment has stopped: no upstream call of a walk outlives the answer it was for.
 */
export async function eachSegment<T>(
  segments: readonly InventorySegment[],
  work: (seg: InventorySegment, s: number, stop: AbortSignal) => Promise<T>,
): Promise<T[]> {
  const stop = new AbortController();
  const settled = await Promise.allSettled(
    segments.map((seg, s) =>
      work(seg, s, stop.signal).catch((err: unknown) => {
        stop.abort();
        throw err;
      }),
    ),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

const nodeOf = (seg: InventorySegment, row: Row): ResourceModel => ({
  kind: seg.kind,
  regionId: seg.regionId,
  resourceId: row.resourceId,
  listed: row.listed,
});

/** The stream of the resources of `segments` that `keep` keeps, for a stream connection. */
export function inventoryStream(
  ctx: GraphContext,
  segments: readonly InventorySegment[],
  keep: TagFilterFn,
  count?: () => Promise<number>,
  pages?: PageMap,
): ListStream<ResourceModel> {
  const walkOf = (s: number, stop?: AbortSignal): Walk => ({
    stop,
    ...(pages ? { pages: { holds: (page: number) => pages.holds(s, page), last: pages.last(s) } } : {}),
  });
  async function* forward(after: Position | undefined): AsyncGenerator<StreamItem<ResourceModel>> {
    let g = after ? after.g + 1 : 0;
    for (let s = after?.s ?? 0; s < segments.length; s++) {
      const seg = segments[s]!;
      const from = after && s === after.s ? { page: Number(after.t), i: after.i + 1 } : undefined;
      for await (const { row, page, i } of segmentRows(ctx, seg, from, walkOf(s))) {
        if (keep(row.tags)) yield { node: nodeOf(seg, row), pos: { g: g++, s, t: String(page), i } };
      }
    }
  }
  const perSegment = (
    map: (seg: InventorySegment, s: number, stop: AbortSignal) => Promise<Array<StreamItem<ResourceModel>>>,
  ) =>
    eachSegment(segments, map).then((lists) => lists.flat().map((item, g) => ({ ...item, pos: { ...item.pos, g } })));
  return {
    validAt: (s, t) => s < segments.length && /^[1-9]\d{0,8}$/.test(t),
    forward,
    // Segments in parallel, then concatenated in order.
    all: () =>
      perSegment(async (seg, s, stop) => {
        const items: Array<StreamItem<ResourceModel>> = [];
        for await (const { row, page, i } of segmentRows(ctx, seg, undefined, walkOf(s, stop))) {
          if (keep(row.tags)) items.push({ node: nodeOf(seg, row), pos: { g: 0, s, t: String(page), i } });
        }
        return items;
      }),
    // Counting keeps nothing but the count.
    count:
      count ??
      (async () => {
        const counts = await eachSegment(segments, async (seg, s, stop) => {
          let n = 0;
          for await (const { row } of segmentRows(ctx, seg, undefined, walkOf(s, stop))) if (keep(row.tags)) n++;
          return n;
        });
        return counts.reduce((a, b) => a + b, 0);
      }),
  };
}
