/**
 * A Relay connection over a stream of segments (upstream listings) whose cursors hold a stream position, as
 * `taggedResources`, `resourceInventory` and the hygiene findings use it:
 * - forward (`first`/`after`) is lazy: it reads only the upstream pages that hold the asked items plus one more
 *   item (which makes `hasNextPage` exact), resuming at the cursor's page;
 * - backward (`last`, with or without `before`) and `totalCount` enumerate the whole list, once per field, only
 *   when asked for (`totalCount` from the stream's own count when it knows it).
 * Both pageInfo flags are exact: `hasPreviousPage` from the global offset every cursor carries.
 */
import { checkPaging, type ConnectionArgs, type PageSettings } from './connection.js';
import { userInputError } from '../errors.js';

export interface Position {
  /** Offset in the whole list. */
  g: number;
  /** Segment index. */
  s: number;
  /** Token of the upstream page ('' for the first; a page number where the listing pages by number). */
  t: string;
  /** Index among the page's distinct resources. */
  i: number;
}

export interface StreamItem<N> {
  node: N;
  pos: Position;
}

/** How many more items the consumer wants; a stream may load details in batches no larger than this. */
export interface Demand {
  left: number;
}

export interface ListStream<N> {
  /** Whether (segment, page token) can be one this stream issued: the MAC vouches for cursors, this for versions. */
  validAt(s: number, t: string): boolean;
  /** The list from just after `after` (or its start), lazily. */
  forward(after: Position | undefined, demand: Demand): AsyncGenerator<StreamItem<N>>;
  /** The whole list, positions numbered. */
  all(): Promise<Array<StreamItem<N>>>;
  /** The list's length when known without enumerating it. */
  count?: () => Promise<number>;
}

export interface StreamConnection<N> {
  edges: Array<{ cursor: string; node: N }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Read by the `totalCount` field only when selected; a promise at run time. */
  readonly totalCount: number;
}

interface Window<N> {
  items: Array<StreamItem<N>>;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

/** Longest page token a cursor may hold (the upstream's own limit on NextToken). */
const MAX_TOKEN = 1_024;

function readPosition<N>(
  paging: PageSettings,
  fingerprint: string,
  cursor: string,
  argument: string,
  stream: ListStream<N>,
): Position {
  const state = paging.codec.decodeState(fingerprint, cursor, argument);
  const [g, s, t, i] = Array.isArray(state) ? (state as unknown[]) : [];
  const int = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  const ok = int(g) && int(s) && int(i) && typeof t === 'string' && t.length <= MAX_TOKEN && stream.validAt(s, t);
  if (!ok) throw userInputError(`The ${argument} cursor is not valid: use a cursor this API returned.`, argument);
  return { g, s, t, i } as Position;
}

async function forward<N>(
  stream: ListStream<N>,
  first: number,
  after?: Position,
  before?: Position,
): Promise<Window<N>> {
  const startG = after ? after.g + 1 : 0;
  const take = before ? Math.min(first, Math.max(0, before.g - startG)) : first;
  const items: Array<StreamItem<N>> = [];
  // One item beyond the page: hasNextPage is then exact, for the cost of at most one more page.
  const demand = { left: take + 1 };
  for await (const item of stream.forward(after, demand)) {
    items.push(item);
    demand.left--;
    if (items.length > take) break;
  }
  return { items: items.slice(0, take), hasPreviousPage: startG > 0, hasNextPage: items.length > take };
}

/** The Relay slicing algorithm over the enumerated list (after/before, then first, then last). */
function backward<N>(
  all: Array<StreamItem<N>>,
  last: number,
  first?: number,
  after?: Position,
  before?: Position,
): Window<N> {
  const total = all.length;
  const lower = after ? Math.min(after.g + 1, total) : 0;
  const upper = before ? Math.max(Math.min(before.g, total), lower) : total;
  const end = first === undefined ? upper : Math.min(upper, lower + first);
  const start = Math.max(lower, end - last);
  return { items: all.slice(start, end), hasPreviousPage: start > 0, hasNextPage: end < total };
}

/**
 * One page of a stream. `scope` (the list's name, its arguments and the caller's tenant) scopes the cursors: a
 * cursor from another list, other arguments or another tenant is refused before any call.
 */
export async function streamConnection<N>(
  paging: PageSettings,
  scope: { list: string; args: unknown; tenant: string },
  args: ConnectionArgs,
  stream: ListStream<N>,
): Promise<StreamConnection<N>> {
  checkPaging(args, paging);
  const fingerprint = paging.codec.fingerprint(scope);
  const after = args.after != null ? readPosition(paging, fingerprint, args.after, 'after', stream) : undefined;
  const before = args.before != null ? readPosition(paging, fingerprint, args.before, 'before', stream) : undefined;
  let everything: Promise<Array<StreamItem<N>>> | undefined;
  const all = () => (everything ??= stream.all());
  const first = args.first ?? (args.last == null ? paging.defaultSize : undefined);
  const window =
    args.last != null
      ? backward(await all(), args.last, first, after, before)
      : await forward(stream, first!, after, before);
  const edges = window.items.map((item) => ({
    cursor: paging.codec.encodeState(fingerprint, [item.pos.g, item.pos.s, item.pos.t, item.pos.i]),
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
      return (stream.count ? stream.count() : all().then((items) => items.length)) as unknown as number;
    },
  };
}
