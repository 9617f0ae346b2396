/**
 * Relay connections over any list that can be counted and sliced, whatever paging the upstream uses: the
 * sources below fetch only the upstream pages a slice needs. The slicing follows the Relay spec's algorithm
 * (after/before first, then first, then last); both pageInfo flags are exact. Cursors come from `CursorCodec`.
 */
import type { CursorCodec, CursorScope } from './cursors.js';
import { userInputError } from '../errors.js';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface ListSource<T> {
  /**
   * The list's length. `near` is where the slice will probably start: a paged source can read the total from
   * the page it is about to fetch anyway, instead of from page 1.
   */
  count(near?: number): Promise<number>;
  /** Items [start, end) in list order. */
  slice(start: number, end: number): Promise<T[]>;
}

export interface PageSettings {
  codec: CursorCodec;
  defaultSize: number;
  maxSize: number;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export function arraySource<T>(load: () => Promise<T[]>): ListSource<T> {
  let items: Promise<T[]> | undefined;
  const all = () => (items ??= load());
  return {
    count: async () => (await all()).length,
    slice: async (start, end) => (await all()).slice(start, end),
  };
}

function pageSize(args: ConnectionArgs, name: 'first' | 'last', settings: PageSettings): number | undefined {
  const v = args[name];
  if (v === null || v === undefined) return undefined;
  if (!Number.isInteger(v) || v < 0) throw userInputError(`${name} must be a non-negative integer.`, name);
  if (v > settings.maxSize) throw userInputError(`${name} must be at most ${settings.maxSize}.`, name);
  return v;
}

/** What can be checked of paging arguments before the list is known: sizes, cursor form and MAC. */
export function checkPaging(args: ConnectionArgs, settings: PageSettings): void {
  pageSize(args, 'first', settings);
  pageSize(args, 'last', settings);
  if (args.after != null) settings.codec.verify(args.after, 'after');
  if (args.before != null) settings.codec.verify(args.before, 'before');
}

/** Checks the paging arguments and decodes the cursors; pure, so bad input fails before any upstream call. */
export function readPaging(args: ConnectionArgs, scope: CursorScope, settings: PageSettings) {
  const fingerprint = settings.codec.fingerprint(scope);
  const first = pageSize(args, 'first', settings);
  const last = pageSize(args, 'last', settings);
  return {
    fingerprint,
    first: first === undefined && last === undefined ? settings.defaultSize : first,
    last,
    // An empty string is not a cursor this API issued: refused like any other.
    after: args.after != null ? settings.codec.decode(fingerprint, args.after, 'after') : undefined,
    before: args.before != null ? settings.codec.decode(fingerprint, args.before, 'before') : undefined,
  };
}

/** Where the slice will most likely start, before the total is known. */
function likelyStart(p: { first?: number; last?: number; after?: number; before?: number }): number {
  if (p.after !== undefined) return p.after + 1;
  if (p.before !== undefined) return Math.max(0, p.before - (p.last ?? p.first ?? 0));
  return 0;
}

/** The paging arguments, checked and decoded (`readPaging`). */
export type Paging = ReturnType<typeof readPaging>;

export async function resolveConnection<T>(
  source: ListSource<T>,
  args: ConnectionArgs,
  scope: CursorScope,
  settings: PageSettings,
): Promise<Connection<T>> {
  const paging = readPaging(args, scope, settings);
  const total = await source.count(likelyStart(paging));
  const { start, end } = bounds(paging, total);
  const nodes = end > start ? await source.slice(start, end) : [];
  return connectionOf(nodes, start, end, total, paging, settings);
}

/**
 * The connection of a list already in memory, synchronously: no source and no await. Issue 18: every async frame
 * of a connection resolver (its promise, generator and reactions) is heap held by each item of a 200-ref
 * `resources` request for as long as its batch of tags loads.
 */
export function arrayConnection<T>(items: T[], paging: Paging, settings: PageSettings): Connection<T> {
  const { start, end } = bounds(paging, items.length);
  return connectionOf(end > start ? items.slice(start, end) : [], start, end, items.length, paging, settings);
}

/** The slice [start, end) of a list of `total` items the paging arguments select (the Relay spec's algorithm). */
function bounds(paging: Paging, total: number): { start: number; end: number } {
  const lower = paging.after === undefined ? 0 : Math.min(paging.after + 1, total);
  const upper = paging.before === undefined ? total : Math.max(Math.min(paging.before, total), lower);
  let start = lower;
  let end = upper;
  if (paging.first !== undefined) end = Math.min(end, start + paging.first);
  if (paging.last !== undefined) start = Math.max(start, end - paging.last);
  return { start, end };
}

function connectionOf<T>(
  nodes: T[],
  start: number,
  end: number,
  total: number,
  paging: Paging,
  settings: PageSettings,
): Connection<T> {
  // One MAC per block of offsets, not per edge (see cursors.ts).
  const edges = nodes.map((node, i) => ({ cursor: settings.codec.encode(paging.fingerprint, start + i), node }));
  return {
    edges,
    pageInfo: {
      // Offsets make both flags cheap to know exactly, in either direction (the spec allows it).
      hasPreviousPage: start > 0,
      hasNextPage: end < total,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: total,
  };
}
