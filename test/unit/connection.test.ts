/**
 * `resolveConnection` (src/graph/paging/connection.ts) over an in-memory list: the Relay slicing algorithm (after/before,
 * then first, then last), exact pageInfo flags, cursors that point back at their offsets, and refusals of bad
 * paging arguments before the list is counted. Pure: no schema, no HTTP, no simulator.
 */
import { describe, expect, it } from 'vitest';
import {
  arraySource,
  checkPaging,
  readPaging,
  resolveConnection,
  type ConnectionArgs,
  type ListSource,
  type PageSettings,
} from '../../src/graph/paging/connection.js';
import { CursorCodec, type CursorScope } from '../../src/graph/paging/cursors.js';
import { InputError } from '../../src/graph/errors.js';

const settings: PageSettings = { codec: new CursorCodec('unit-secret'), defaultSize: 3, maxSize: 5 };
const scope: CursorScope = { list: 'Test.items', args: { q: 1 }, tenant: 't1' };
const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** A source over ITEMS that records what it was asked. */
function recordingSource(items = ITEMS) {
  const calls: Array<['count', number | undefined] | ['slice', number, number]> = [];
  const source: ListSource<string> = {
    count: async (near) => (calls.push(['count', near]), items.length),
    slice: async (start, end) => (calls.push(['slice', start, end]), items.slice(start, end)),
  };
  return { source, calls };
}

const cursorAt = (offset: number) => settings.codec.encode(settings.codec.fingerprint(scope), offset);

async function page(args: ConnectionArgs) {
  const { source, calls } = recordingSource();
  const c = await resolveConnection(source, args, scope, settings);
  return { nodes: c.edges.map((e) => e.node), pageInfo: c.pageInfo, totalCount: c.totalCount, edges: c.edges, calls };
}

describe('resolveConnection: slicing', () => {
  it.each<[string, ConnectionArgs, string[], boolean, boolean]>([
    ['no arguments: the default size from the start', {}, ['a', 'b', 'c'], false, true],
    ['first', { first: 5 }, ['a', 'b', 'c', 'd', 'e'], false, true],
    ['first beyond the end', { first: 5, after: cursorAt(5) }, ['g', 'h'], true, false],
    ['first: 0', { first: 0 }, [], false, true],
    ['after', { after: cursorAt(1) }, ['c', 'd', 'e'], true, true],
    ['after the last item', { after: cursorAt(7) }, [], true, false],
    ['after beyond the list', { after: cursorAt(99) }, [], true, false],
    ['last alone: the end of the list', { last: 2 }, ['g', 'h'], true, false],
    ['last before', { last: 2, before: cursorAt(3) }, ['b', 'c'], true, true],
    ['last more than there is before', { last: 5, before: cursorAt(2) }, ['a', 'b'], false, true],
    [
      'before alone: the default size counts from the start of the window',
      { before: cursorAt(6) },
      ['a', 'b', 'c'],
      false,
      true,
    ],
    [
      'after and before: the window between',
      { after: cursorAt(1), before: cursorAt(5), first: 5 },
      ['c', 'd', 'e'],
      true,
      true,
    ],
    ['first and last: last of the first', { first: 4, last: 2 }, ['c', 'd'], true, true],
    ['before not after after: empty', { after: cursorAt(4), before: cursorAt(2) }, [], true, true],
  ])('%s', async (_name, args, nodes, hasPreviousPage, hasNextPage) => {
    const p = await page(args);
    expect(p.nodes).toEqual(nodes);
    expect(p.totalCount).toBe(ITEMS.length);
    expect(p.pageInfo).toMatchObject({ hasPreviousPage, hasNextPage });
  });

  it('each edge cursor decodes to its own offset, and start/end cursors are the first and last edges', async () => {
    const p = await page({ first: 3, after: cursorAt(2) });
    const fp = settings.codec.fingerprint(scope);
    expect(p.edges.map((e) => settings.codec.decode(fp, e.cursor, 'after'))).toEqual([3, 4, 5]);
    expect(p.pageInfo.startCursor).toBe(p.edges[0]!.cursor);
    expect(p.pageInfo.endCursor).toBe(p.edges[2]!.cursor);
  });

  it('an empty page has null start and end cursors and does not slice', async () => {
    const p = await page({ first: 0 });
    expect(p.pageInfo).toMatchObject({ startCursor: null, endCursor: null });
    expect(p.calls.filter((c) => c[0] === 'slice')).toEqual([]);
  });

  it('asks the source for exactly the slice, and tells count where the slice will likely start', async () => {
    expect((await page({ first: 2, after: cursorAt(3) })).calls).toEqual([
      ['count', 4],
      ['slice', 4, 6],
    ]);
    expect((await page({ last: 2, before: cursorAt(5) })).calls).toEqual([
      ['count', 3],
      ['slice', 3, 5],
    ]);
    expect((await page({})).calls).toEqual([
      ['count', 0],
      ['slice', 0, 3],
    ]);
  });

  it('an empty list is one empty page', async () => {
    const c = await resolveConnection(
      arraySource(async () => []),
      { first: 3 },
      scope,
      settings,
    );
    expect(c).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    });
  });
});

describe('resolveConnection: refusals before the list is read', () => {
  it.each<[string, ConnectionArgs, string]>([
    ['negative first', { first: -1 }, 'first'],
    ['first above the maximum', { first: 6 }, 'first'],
    ['fractional last', { last: 1.5 }, 'last'],
    ['an edited cursor', { after: `${cursorAt(1)}x` }, 'after'],
    ['an empty cursor', { before: '' }, 'before'],
    ['a cursor of another list', { after: new CursorCodec('unit-secret').encode('other-fingerprint', 1) }, 'after'],
  ])('%s is an InputError naming its argument', async (_name, args, argument) => {
    const { source, calls } = recordingSource();
    const err = await resolveConnection(source, args, scope, settings).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).argument).toBe(argument);
    expect(calls).toEqual([]);
  });

  it('checkPaging checks sizes and cursor MACs without knowing the list; readPaging also checks the list', () => {
    const foreign = new CursorCodec('unit-secret').encode('other-fingerprint', 1);
    expect(() => checkPaging({ first: 2, after: foreign }, settings)).not.toThrow();
    expect(() => readPaging({ first: 2, after: foreign }, scope, settings)).toThrow(InputError);
    expect(() => checkPaging({ last: 99 }, settings)).toThrow(/last must be at most 5/);
  });

  it('readPaging applies the default size only when neither first nor last is given', () => {
    expect(readPaging({}, scope, settings)).toMatchObject({ first: 3, last: undefined });
    expect(readPaging({ last: 2 }, scope, settings)).toMatchObject({ first: undefined, last: 2 });
  });
});

describe('arraySource', () => {
  it('loads once, however often it is counted and sliced', async () => {
    let loads = 0;
    const source = arraySource(async () => (loads++, ITEMS));
    expect(await source.count()).toBe(8);
    expect(await source.slice(2, 4)).toEqual(['c', 'd']);
    expect(loads).toBe(1);
  });
});
