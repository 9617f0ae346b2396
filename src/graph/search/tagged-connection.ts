/**
 * The Relay connection of `taggedResources` (and of the catalog's `resources` edges). Unlike the offset-based
 * connections (connection.ts), its cursors hold a stream position (tagged-stream.ts), so:
 * - forward (`first`/`after`) is lazy: it reads only the upstream pages that hold the asked items plus one more
 *   item (which makes `hasNextPage` exact), resuming at the cursor's page;
 * - backward (`last`, with or without `before`) and `totalCount` enumerate the whole list (every page of every
 *   segment, segments in parallel), once per field, only when asked for.
 * Both pageInfo flags are exact: `hasPreviousPage` from the global offset every cursor carries.
 */
import { checkPaging, type ConnectionArgs } from '../paging/connection.js';
import type { GraphContext } from '../context.js';
import { userInputError } from '../errors.js';
import { segmentsOf, type Segment, type TaggedQuery } from './tagged-plan.js';
import { enumerateAll, walkForward, type Position, type TaggedItem } from './tagged-stream.js';
import { isEcsKind } from '../types/kinds.js';
import type { ResourceModel } from '../types/resource.js';

export interface TaggedConnection {
  edges: Array<{ cursor: string; node: ResourceModel }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Read by the global `totalCount` field only when selected; a promise at run time (see `taggedConnection`). */
  readonly totalCount: number;
}

interface Window {
  items: TaggedItem[];
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

/** Longest page token a cursor may hold (the upstream's own limit on NextToken). */
const MAX_TOKEN = 1_024;

/** A position from a cursor this list issued; the MAC already vouches for it, the shape check guards versions. */
function readPosition(
  ctx: GraphContext,
  fingerprint: string,
  cursor: string,
  argument: string,
  segments: readonly Segment[],
): Position {
  const state = ctx.paging.codec.decodeState(fingerprint, cursor, argument);
  const [g, s, t, i] = Array.isArray(state) ? (state as unknown[]) : [];
  const int = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  const seg = int(s) ? segments[s] : undefined;
  const tokenOk =
    typeof t === 'string' && t.length <= MAX_TOKEN && (!seg || isEcsKind(seg.kind) || /^(|[1-9]\d{0,8})$/.test(t));
  if (!int(g) || !seg || !tokenOk || !int(i))
    throw userInputError(`The ${argument} cursor is not valid: use a cursor this API returned.`, argument);
  return { g, s: s as number, t: t as string, i };
}

async function forward(
  ctx: GraphContext,
  q: TaggedQuery,
  segments: Segment[],
  first: number,
  after?: Position,
  before?: Position,
): Promise<Window> {
  const startG = after ? after.g + 1 : 0;
  const take = before ? Math.min(first, Math.max(0, before.g - startG)) : first;
  const items: TaggedItem[] = [];
  // One item beyond the page: hasNextPage is then exact, for the cost of at most one more page.
  const demand = { left: take + 1 };
  for await (const item of walkForward(ctx, q, segments, after, demand)) {
    items.push(item);
    demand.left--;
    if (items.length > take) break;
  }
  return { items: items.slice(0, take), hasPreviousPage: startG > 0, hasNextPage: items.length > take };
}

/** The Relay slicing algorithm over the enumerated list (after/before, then first, then last). */
function backward(all: TaggedItem[], last: number, first?: number, after?: Position, before?: Position): Window {
  const total = all.length;
  const lower = after ? Math.min(after.g + 1, total) : 0;
  const upper = before ? Math.max(Math.min(before.g, total), lower) : total;
  const end = first === undefined ? upper : Math.min(upper, lower + first);
  const start = Math.max(lower, end - last);
  return { items: all.slice(start, end), hasPreviousPage: start > 0, hasNextPage: end < total };
}

/**
 * One page of the list `q` names. `list` and `scopeArgs` scope the cursors (with the caller's tenant): a cursor
 * from another list, other arguments or another tenant is refused before any call.
 */
export async function taggedConnection(
  ctx: GraphContext,
  list: string,
  scopeArgs: unknown,
  args: ConnectionArgs,
  q: TaggedQuery,
): Promise<TaggedConnection> {
  checkPaging(args, ctx.paging);
  const segments = segmentsOf(q);
  const fingerprint = ctx.paging.codec.fingerprint({ list, args: scopeArgs, tenant: ctx.credential.identity });
  const after = args.after != null ? readPosition(ctx, fingerprint, args.after, 'after', segments) : undefined;
  const before = args.before != null ? readPosition(ctx, fingerprint, args.before, 'before', segments) : undefined;
  let everything: Promise<TaggedItem[]> | undefined;
  const all = () => (everything ??= enumerateAll(ctx, q, segments));
  const first = args.first ?? (args.last == null ? ctx.paging.defaultSize : undefined);
  const window =
    args.last != null
      ? backward(await all(), args.last, first, after, before)
      : await forward(ctx, q, segments, first!, after, before);
  const edges = window.items.map((item) => ({
    cursor: ctx.paging.codec.encodeState(fingerprint, [item.pos.g, item.pos.s, item.pos.t, item.pos.i]),
    node: item.node,
  }));
  return {
    edges,
    pageInfo: {
      hasPreviousPage: window.hasPreviousPage,
      hasNextPage: window.hasNextPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    // Enumerates only when the field is selected; graphql-js awaits the promise the getter returns.
    get totalCount() {
      return all().then((items) => items.length) as unknown as number;
    },
  };
}
