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

/** The rows of one segment from page `from.page`, index `from.i` on, with their page and index. */
export async function* segmentRows(
  ctx: GraphContext,
  seg: InventorySegment,
  from = { page: 1, i: 0 },
): AsyncGenerator<{ row: Row; page: number; i: number }> {
  let page: number | null = from.page;
  let start = from.i;
  while (page !== null) {
    const read: Page = await readPage(ctx, seg, page);
    for (let i = start; i < read.rows.length; i++) yield { row: read.rows[i]!, page, i };
    page = read.next;
    start = 0;
  }
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
): ListStream<ResourceModel> {
  async function* forward(after: Position | undefined): AsyncGenerator<StreamItem<ResourceModel>> {
    let g = after ? after.g + 1 : 0;
    for (let s = after?.s ?? 0; s < segments.length; s++) {
      const seg = segments[s]!;
      const from = after && s === after.s ? { page: Number(after.t), i: after.i + 1 } : undefined;
      for await (const { row, page, i } of segmentRows(ctx, seg, from)) {
        if (keep(row.tags)) yield { node: nodeOf(seg, row), pos: { g: g++, s, t: String(page), i } };
      }
    }
  }
  const perSegment = (map: (seg: InventorySegment, s: number) => Promise<Array<StreamItem<ResourceModel>>>) =>
    Promise.all(segments.map(map)).then((lists) =>
      lists.flat().map((item, g) => ({ ...item, pos: { ...item.pos, g } })),
    );
  return {
    validAt: (s, t) => s < segments.length && /^[1-9]\d{0,8}$/.test(t),
    forward,
    // Segments in parallel, then concatenated in order.
    all: () =>
      perSegment(async (seg, s) => {
        const items: Array<StreamItem<ResourceModel>> = [];
        for await (const { row, page, i } of segmentRows(ctx, seg)) {
          if (keep(row.tags)) items.push({ node: nodeOf(seg, row), pos: { g: 0, s, t: String(page), i } });
        }
        return items;
      }),
    // Counting keeps nothing but the count.
    count:
      count ??
      (async () => {
        const counts = await Promise.all(
          segments.map(async (seg) => {
            let n = 0;
            for await (const { row } of segmentRows(ctx, seg)) if (keep(row.tags)) n++;
            return n;
          }),
        );
        return counts.reduce((a, b) => a + b, 0);
      }),
  };
}
