/**
 * The price of a tagged list (`taggedResources`, and the `resources` behind catalog entries and value facets): its
 * plan's segments (search/tagged-plan.ts) walked as tagged-stream.ts walks them, with what the read-ahead saw of
 * their first pages (segment-view.ts). Read forward from the start, the walk is followed through the first pages
 * seen (their items, the batches of tags a loose segment loads, the nodes shown) until it is certain to stop or
 * goes on into pages not seen, which the model prices (listing-cost.ts). Read whole, every segment is priced at its
 * length: one page when its first page ended it, else as known, counted or assumed.
 */
import { readTagMatches } from '../search/tag-match.js';
import { readTaggedQuery, segmentsOf, type Segment as PlanSegment, type TaggedQuery } from '../search/tagged-plan.js';
import { isEcsKind, type Kind } from '../types/kinds.js';
import type { FieldUse } from './cost-walk.js';
import {
  batchedTagCalls,
  groupsOf,
  modelCost,
  spreadTagCalls,
  tagCalls,
  useOf,
  type ListUse,
  type Pricing,
  type Segment,
} from './listing-cost.js';
import { countSegments, viewOf, type SegmentView, type ViewOptions } from './segment-view.js';

type MatchArg = Parameters<typeof readTagMatches>[0];

/** `taggedResources`: its plan, read ahead unless it starts at a cursor (checked only when it runs). */
export function taggedCost(field: FieldUse, p: Pricing): number {
  const a = field.args;
  const q = readTaggedQuery(
    a as { regionIds: string[]; kinds?: Kind[] | null },
    readTagMatches(a.tags as MatchArg, 'tags'),
    readTagMatches(a.without as MatchArg, 'without'),
  );
  return planCost(q, useOf(field, p), p, { ask: a.after == null && a.before == null });
}

/** A tagged list's calls, used as `use` says (from a cursor: by the model, its position unknown until it runs). */
export function planCost(q: TaggedQuery, use: ListUse, p: Pricing, opts: ViewOptions): number {
  const plan = segmentsOf(q);
  const views = (certain: boolean, whole: boolean) => plan.map((s) => viewOf(s, q, p, opts, certain, whole));
  if (!use.forward) return wholeCost(views(true, true), use, p, opts, Infinity);
  // A list nothing can match is walked to its end looking for its first items, in batches of those still wanted.
  if (matchesNothing(q)) return wholeCost(views(true, true), use, p, opts, use.wanted);
  if (use.resume)
    return modelCost(
      views(false, false).map((v) => v.model),
      use,
      p,
    );
  return forwardCost(q, plan, use, p, opts);
}

/** True when a `without` entry excludes whatever a `tags` entry of the same key keeps. */
function matchesNothing(q: TaggedQuery): boolean {
  return q.without.some((w) =>
    q.tags.some(
      (m) => m.key === w.key && (w.values === undefined || (m.values?.every((v) => w.values!.includes(v)) ?? false)),
    ),
  );
}

/**
 * Every segment read to its end: its pages not read yet, and when loose the tags of every resource, in batches of
 * at most `batch` per page (a page's all when enumerated, segments in parallel); the `tags` of the ECS nodes shown
 * when an exact segment may show them; a cluster's details at most one call per region (its listing's pages are in
 * the request's loader already).
 */
function wholeCost(views: SegmentView[], use: ListUse, p: Pricing, opts: ViewOptions, batch: number): number {
  if (opts.ask) countSegments(views, p);
  const batches = (n: number, pages: number) => pages + (batch === Infinity ? 0 : Math.ceil(n / Math.max(1, batch)));
  let calls = 0;
  for (const v of views) {
    const toRead = v.model.wholePages - (v.page ? 1 : 0);
    calls += toRead;
    if (!isEcsKind(v.model.kind) || v.model.exact) continue;
    const first = v.page?.ids.length ?? 0;
    calls += batchedTagCalls(first, batches(first, 0) || 1, p.tagsPer);
    const rest = v.resources !== undefined ? Math.max(0, v.resources - first) : toRead * v.perPage;
    calls += batchedTagCalls(rest, batches(rest, toRead), p.tagsPer);
  }
  const ecs = views.filter((v) => isEcsKind(v.model.kind)).map((v) => v.model);
  if (use.nodeTags && ecs.some((s) => s.exact)) calls += spreadTagCalls(use.shown, groupsOf(ecs), p.tagsPer);
  if (use.nodeDetails) calls += views.filter((v) => !isEcsKind(v.model.kind)).length;
  return calls;
}

/** What one first page gives a forward walk: the items it yields and the tag calls made to examine them. */
interface Step {
  taken: number;
  tagCalls: number;
}

/**
 * The walk from the start: through every segment whose first page was seen, in order, while the page still wants
 * items; the segment after one that ended without filling the page is certain to be read (its first page is asked
 * for). Where the walk goes on into pages not seen, the model prices the rest.
 */
function forwardCost(q: TaggedQuery, plan: PlanSegment[], use: ListUse, p: Pricing, o: ViewOptions): number {
  let left = use.wanted;
  let shown = use.shown;
  let calls = 0;
  const nodes: Shown[] = [];
  const done = (rest: Segment[]) =>
    calls + shownCost(nodes, use, p) + (rest.length > 0 ? modelCost(rest, { ...use, wanted: left, shown }, p) : 0);
  for (let i = 0; i < plan.length && left > 0; i++) {
    const v = viewOf(plan[i]!, q, p, o, true);
    const later = () => plan.slice(i + 1).map((s) => viewOf(s, q, p, { ...o, ask: false }, false).model);
    const step = v.page && stepOf(v, left, p.tagsPer);
    if (!step) return done([v.model, ...later()]);
    calls += step.tagCalls;
    left -= step.taken;
    const here = Math.min(shown, step.taken);
    shown -= here;
    if (here > 0) nodes.push({ model: v.model, n: here });
    if (left > 0 && v.page!.next) return done([{ ...v.model, wholePages: v.model.wholePages - 1 }, ...later()]);
  }
  return done([]);
}

interface Shown {
  model: Segment;
  n: number;
}

/**
 * The nodes shown from the first pages seen: the tags of those of exact ECS segments (the loader's one batch per
 * region and kind, counted per segment: at least as many), and the details of clusters (one call for one cluster,
 * else the region's listing pages not read yet). Nodes of loose segments were examined: their tags are loaded.
 */
function shownCost(nodes: Shown[], use: ListUse, p: Pricing): number {
  let calls = 0;
  for (const { model, n } of nodes) {
    if (!isEcsKind(model.kind)) calls += use.nodeDetails ? (n === 1 ? 1 : model.wholePages - 1) : 0;
    else if (model.exact && use.nodeTags) calls += tagCalls(n, p.tagsPer);
  }
  return calls;
}

/**
 * The items a first page yields to a walk that wants `left` more, and the tag calls a loose segment makes to examine
 * them (batches of at most the items still wanted, tagged-stream.ts). Undefined when the page cannot tell which of
 * its resources match (a key the filters sent does not show decides); a last resource that cannot be told (its rows
 * may go on to the next page) is counted both ways.
 */
function stepOf(v: SegmentView, left: number, tagsPer: number): Step | undefined {
  const pass = v.page!.pass;
  if (!isEcsKind(v.model.kind) || v.model.exact) {
    return { taken: Math.min(left, pass.filter((x) => x !== false).length), tagCalls: 0 };
  }
  const unknown = pass.findIndex((x) => x === undefined);
  if (unknown === -1) return simulate(pass as boolean[], left, tagsPer);
  if (unknown !== pass.length - 1) return undefined;
  const yes = simulate([...pass.slice(0, -1), true] as boolean[], left, tagsPer);
  const no = simulate([...pass.slice(0, -1), false] as boolean[], left, tagsPer);
  return { taken: Math.min(yes.taken, no.taken), tagCalls: Math.max(yes.tagCalls, no.tagCalls) };
}

/** The batches of tagged-stream.ts over one page whose matches are known. */
function simulate(pass: boolean[], wanted: number, tagsPer: number): Step {
  let left = wanted;
  let calls = 0;
  for (let k = 0; k < pass.length && left > 0;) {
    const batch = pass.slice(k, k + Math.max(1, left));
    k += batch.length;
    calls += tagCalls(batch.length, tagsPer);
    left -= Math.min(left, batch.filter(Boolean).length);
  }
  return { taken: wanted - left, tagCalls: calls };
}
