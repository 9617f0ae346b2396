/**
 * Walking the segments of a `taggedResources` plan (tagged-plan.ts), page by upstream page, through the request's
 * loaders. Every item carries its position: global offset, segment, the token of the upstream page it was read
 * from and its index among that page's distinct resource IDs. A cursor holding a position resumes there: the walk
 * reads that one page again (from the upstream cache when it is on) and goes on, never re-walking earlier pages.
 *
 * A by-tag ECS answer is one row per (resource, matching tag): it is read as a list of resource IDs (distinct, in
 * answer order), never as the resources' tag sets. The rows of one resource come together, but may straddle a
 * page boundary: a page's first ID equal to the previous page's last is the same resource and is skipped.
 * Where the listing is not the exact answer, the full tag sets are loaded (the ECS tags loader, in batches no
 * larger than the items still wanted) for the candidates actually examined; clusters come with theirs.
 */
import type { Tag } from '../../upstream/types.js';
import type { GraphContext } from '../context.js';
import { matchesAll } from './tag-match.js';
import type { Segment, TaggedQuery } from './tagged-plan.js';
import { ECS_TYPE_OF, isEcsKind } from '../types/kinds.js';
import type { ResourceModel } from '../types/resource.js';
import type { Demand, Position, StreamItem } from '../paging/stream-connection.js';

export type TaggedItem = StreamItem<ResourceModel>;

interface SegmentPage {
  ids: string[];
  next: string | null;
  /** Full tag sets, when the listing carries them (clusters). */
  tags?: Map<string, Tag[]>;
}

async function readPage(ctx: GraphContext, seg: Segment, token: string): Promise<SegmentPage> {
  if (isEcsKind(seg.kind)) {
    const ref = {
      regionId: seg.regionId,
      resourceType: ECS_TYPE_OF[seg.kind],
      tags: seg.filters,
      ...(token ? { nextToken: token } : {}),
    };
    const page = await ctx.loaders.taggedEcsPage.load(ref);
    return { ids: [...new Set(page.tagResources.map((r) => r.resourceId))], next: page.nextToken };
  }
  const pageNumber = token ? Number(token) : 1;
  const page = await ctx.loaders.clusterListPage.load({ regionId: seg.regionId, pageNumber });
  const clusters = page.clusters.filter((c) => c.regionId === seg.regionId);
  // Complete tag sets of clusters that exist: the nodes' `tags` need no call of their own.
  for (const c of clusters) ctx.loaders.clusterTags.prime({ regionId: seg.regionId, clusterId: c.clusterId }, c.tags);
  const more = page.clusters.length > 0 && pageNumber * page.pageSize < page.totalCount;
  return {
    ids: clusters.map((c) => c.clusterId),
    next: more ? String(pageNumber + 1) : null,
    tags: new Map(clusters.map((c) => [c.clusterId, c.tags])),
  };
}

/** Which of `ids` (candidates of one page) belong in the list. */
async function keep(
  ctx: GraphContext,
  q: TaggedQuery,
  seg: Segment,
  page: SegmentPage,
  ids: string[],
): Promise<boolean[]> {
  if (seg.exact) return ids.map(() => true);
  if (page.tags) return ids.map((id) => matchesAll(page.tags!.get(id) ?? [], q.tags, q.without));
  if (!isEcsKind(seg.kind)) return ids.map(() => false);
  const resourceType = ECS_TYPE_OF[seg.kind];
  const sets = await ctx.loaders.ecsTags.loadMany(
    ids.map((resourceId) => ({ regionId: seg.regionId, resourceType, resourceId })),
  );
  return sets.map((tags) => {
    if (tags instanceof Error) throw tags;
    return matchesAll(tags, q.tags, q.without);
  });
}

/** The items of one segment from page `from.t`, index `from.i` on, as `{resourceId, t, i}`. */
async function* segmentItems(
  ctx: GraphContext,
  q: TaggedQuery,
  seg: Segment,
  from: { t: string; i: number },
  demand: Demand,
): AsyncGenerator<{ resourceId: string; t: string; i: number }> {
  let token = from.t;
  let start = from.i;
  let previousLast: string | undefined;
  for (;;) {
    const page = await readPage(ctx, seg, token);
    // Only the previous page's last ID can reappear first on the next page (one resource's rows straddling).
    const fresh = page.ids
      .map((id, i) => ({ id, i }))
      .filter(({ id, i }) => i >= start && !(i === 0 && id === previousLast));
    for (let k = 0; k < fresh.length;) {
      const batch = fresh.slice(k, k + Math.max(1, demand.left));
      k += batch.length;
      const ok = await keep(
        ctx,
        q,
        seg,
        page,
        batch.map((b) => b.id),
      );
      for (const [j, b] of batch.entries()) if (ok[j]) yield { resourceId: b.id, t: token, i: b.i };
    }
    if (!page.next) return;
    previousLast = page.ids[page.ids.length - 1];
    token = page.next;
    start = 0;
  }
}

const nodeOf = (seg: Segment, resourceId: string): ResourceModel => ({
  kind: seg.kind,
  regionId: seg.regionId,
  resourceId,
});

/** The list from just after `after` (or its start), lazily: pages are read as the consumer pulls. */
export async function* walkForward(
  ctx: GraphContext,
  q: TaggedQuery,
  segments: readonly Segment[],
  after: Position | undefined,
  demand: Demand,
): AsyncGenerator<TaggedItem> {
  let g = after ? after.g + 1 : 0;
  for (let s = after?.s ?? 0; s < segments.length; s++) {
    const seg = segments[s]!;
    const from = after && s === after.s ? { t: after.t, i: after.i + 1 } : { t: '', i: 0 };
    for await (const item of segmentItems(ctx, q, seg, from, demand)) {
      yield { node: nodeOf(seg, item.resourceId), pos: { g: g++, s, t: item.t, i: item.i } };
    }
  }
}

/** The whole list: every segment walked to its end, segments in parallel, then concatenated in order. */
export async function enumerateAll(
  ctx: GraphContext,
  q: TaggedQuery,
  segments: readonly Segment[],
): Promise<TaggedItem[]> {
  const perSegment = await Promise.all(
    segments.map(async (seg, s) => {
      const items: TaggedItem[] = [];
      for await (const item of segmentItems(ctx, q, seg, { t: '', i: 0 }, { left: Number.POSITIVE_INFINITY })) {
        items.push({ node: nodeOf(seg, item.resourceId), pos: { g: 0, s, t: item.t, i: item.i } });
      }
      return items;
    }),
  );
  return perSegment.flat().map((item, g) => ({ ...item, pos: { ...item.pos, g } }));
}
