/**
 * The graphql-relay-js arrayConnection test table (letters A–E, every mix of first/after/last/before), run
 * against three connections of exactly five items whose content comes from the inventory. One deliberate
 * difference from graphql-relay-js: both pageInfo flags are exact here in every direction (hasPreviousPage =
 * items exist before the page in the whole list, hasNextPage = items exist after it), where graphql-relay-js
 * answers false for the flag of the other direction. Invalid cursors are errors here (see cursors.test.ts),
 * not ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  byteCompare,
  expectedCatalog,
  expectedValues,
  expectNoErrors,
  KIND_OF_TYPE,
  sortedTags,
  type Page,
} from './helpers.js';

let gw: TestGateway;
let inv: InventoryFile;
let five: InventoryResource;

beforeAll(async () => {
  gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' } });
  inv = gw.sim.inventory();
  five = inv.resources.find((r) => r.type === 'instance' && r.tags.length === 5)!;
  expect(five).toBeDefined();
});
afterAll(() => gw?.close());

interface Subject {
  name: string;
  /** The five items in list order, as the connection's nodes. */
  items: () => unknown[];
  run: (paging: Record<string, unknown>) => Promise<Page<unknown>>;
}

const PAGE = `totalCount edges { cursor node { ...N } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const PAGING = `$first: Int, $after: String, $last: Int, $before: String`;
const ARGS = `first: $first, after: $after, last: $last, before: $before`;

async function page(
  query: string,
  vars: Record<string, unknown>,
  pick: (d: any) => Page<unknown>,
): Promise<Page<unknown>> {
  const res = await gw.query(query, vars);
  expectNoErrors(res);
  return pick(res.data);
}

const subjects: Subject[] = [
  {
    name: 'Resource.tags of an instance with five tags',
    items: () => sortedTags(five),
    run: (paging) =>
      page(
        `query($refs: [ResourceRefInput!]!, ${PAGING}) { resources(refs: $refs) { tags(${ARGS}) { ${PAGE} } } } fragment N on Tag { key value }`,
        { refs: [{ kind: KIND_OF_TYPE.instance, regionId: five.regionId, resourceId: five.resourceId }], ...paging },
        (d) => d.resources[0].tags,
      ),
  },
  {
    name: 'tagCatalog of cn-hangzhou filtered to the key env',
    items: () =>
      expectedCatalog(inv, 'cn-hangzhou', 'instance', [{ key: 'env' }]).map((r) => ({
        key: r.key,
        value: r.value,
        resourceCount: r.resourceCount,
      })),
    run: (paging) =>
      page(
        `query(${PAGING}) { tagCatalog(regionIds: ["cn-hangzhou"], filters: [{ key: "env" }], ${ARGS}) { ${PAGE} } }
         fragment N on TagCatalogEntry { key value resourceCount }`,
        paging,
        (d) => d.tagCatalog,
      ),
  },
  {
    name: 'tagValues of env in cn-hangzhou',
    items: () => expectedValues(inv, ['cn-hangzhou'], 'instance', 'env'),
    run: (paging) =>
      page(
        `query(${PAGING}) { tagValues(regionIds: ["cn-hangzhou"], key: "env", ${ARGS}) { ${PAGE} } }
         fragment N on TagValueFacet { key value resourceCount }`,
        paging,
        (d) => d.tagValues,
      ),
  },
];

type Letter = 'A' | 'B' | 'C' | 'D' | 'E';
interface Row {
  name: string;
  args: { first?: number; last?: number; after?: Letter; before?: Letter };
  edges: string;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

// prettier-ignore
const TABLE: Row[] = [
  // basic slicing
  { name: 'returns all elements without filters', args: {}, edges: 'ABCDE', hasPreviousPage: false, hasNextPage: false },
  { name: 'respects a smaller first', args: { first: 2 }, edges: 'AB', hasPreviousPage: false, hasNextPage: true },
  { name: 'respects an overly large first', args: { first: 10 }, edges: 'ABCDE', hasPreviousPage: false, hasNextPage: false },
  { name: 'respects a smaller last', args: { last: 2 }, edges: 'DE', hasPreviousPage: true, hasNextPage: false },
  { name: 'respects an overly large last', args: { last: 10 }, edges: 'ABCDE', hasPreviousPage: false, hasNextPage: false },
  // pagination
  { name: 'respects first and after', args: { first: 2, after: 'B' }, edges: 'CD', hasPreviousPage: true, hasNextPage: true },
  { name: 'respects first and after with long first', args: { first: 10, after: 'B' }, edges: 'CDE', hasPreviousPage: true, hasNextPage: false },
  { name: 'respects last and before', args: { last: 2, before: 'D' }, edges: 'BC', hasPreviousPage: true, hasNextPage: true },
  { name: 'respects last and before with long last', args: { last: 10, before: 'D' }, edges: 'ABC', hasPreviousPage: false, hasNextPage: true },
  { name: 'first, after and before: too few', args: { first: 2, after: 'A', before: 'E' }, edges: 'BC', hasPreviousPage: true, hasNextPage: true },
  { name: 'first, after and before: too many', args: { first: 4, after: 'A', before: 'E' }, edges: 'BCD', hasPreviousPage: true, hasNextPage: true },
  { name: 'first, after and before: exactly right', args: { first: 3, after: 'A', before: 'E' }, edges: 'BCD', hasPreviousPage: true, hasNextPage: true },
  { name: 'last, after and before: too few', args: { last: 2, after: 'A', before: 'E' }, edges: 'CD', hasPreviousPage: true, hasNextPage: true },
  { name: 'last, after and before: too many', args: { last: 4, after: 'A', before: 'E' }, edges: 'BCD', hasPreviousPage: true, hasNextPage: true },
  { name: 'last, after and before: exactly right', args: { last: 3, after: 'A', before: 'E' }, edges: 'BCD', hasPreviousPage: true, hasNextPage: true },
  // cursor edge cases
  { name: 'returns no elements if first is 0', args: { first: 0 }, edges: '', hasPreviousPage: false, hasNextPage: true },
  { name: 'first 0 after a cursor', args: { first: 0, after: 'C' }, edges: '', hasPreviousPage: true, hasNextPage: true },
  { name: 'last 0', args: { last: 0 }, edges: '', hasPreviousPage: true, hasNextPage: false },
  { name: 'returns no elements if cursors cross', args: { before: 'B', after: 'D' }, edges: '', hasPreviousPage: true, hasNextPage: true },
  { name: 'no elements between adjacent cursors', args: { after: 'A', before: 'B' }, edges: '', hasPreviousPage: true, hasNextPage: true },
  { name: 'after the last cursor', args: { after: 'E' }, edges: '', hasPreviousPage: true, hasNextPage: false },
  { name: 'after the last cursor, with first', args: { first: 2, after: 'E' }, edges: '', hasPreviousPage: true, hasNextPage: false },
  { name: 'before the first cursor', args: { before: 'A' }, edges: '', hasPreviousPage: false, hasNextPage: true },
  { name: 'before the first cursor, with last', args: { last: 2, before: 'A' }, edges: '', hasPreviousPage: false, hasNextPage: true },
  { name: 'after alone uses the default page', args: { after: 'B' }, edges: 'CDE', hasPreviousPage: true, hasNextPage: false },
  { name: 'before alone uses the default page', args: { before: 'D' }, edges: 'ABC', hasPreviousPage: false, hasNextPage: true },
  { name: 'last reaching past the start', args: { last: 2, before: 'B' }, edges: 'A', hasPreviousPage: false, hasNextPage: true },
  { name: 'first reaching past the end', args: { first: 2, after: 'D' }, edges: 'E', hasPreviousPage: true, hasNextPage: false },
  { name: 'first and last together: first, then last', args: { first: 3, last: 2 }, edges: 'BC', hasPreviousPage: true, hasNextPage: true },
  { name: 'first and last together with after', args: { first: 3, last: 1, after: 'A' }, edges: 'D', hasPreviousPage: true, hasNextPage: true },
  { name: 'edge edge: first 1 after D', args: { first: 1, after: 'D' }, edges: 'E', hasPreviousPage: true, hasNextPage: false },
  { name: 'edge edge: last 1 before B', args: { last: 1, before: 'B' }, edges: 'A', hasPreviousPage: false, hasNextPage: true },
];

describe.each(subjects)('$name', (subject) => {
  const cursorOf = new Map<Letter, string>();
  const nodeOf = new Map<Letter, unknown>();

  beforeAll(async () => {
    const items = subject.items();
    expect(items).toHaveLength(5);
    const all = await subject.run({ first: 5 });
    expect(all.totalCount).toBe(5);
    expect(all.edges.map((e) => e.node)).toEqual(items);
    (['A', 'B', 'C', 'D', 'E'] as Letter[]).forEach((l, i) => {
      cursorOf.set(l, all.edges[i]!.cursor);
      nodeOf.set(l, all.edges[i]!.node);
    });
    expect(new Set(cursorOf.values()).size).toBe(5);
  });

  it('the five items are in list order (by key, then value)', () => {
    const keys = [...nodeOf.values()].map((n: any) => `${n.key}\u0000${n.value}`);
    expect([...keys].sort(byteCompare)).toEqual(keys);
  });

  it.each(TABLE)('$name', async (row) => {
    const vars: Record<string, unknown> = {};
    if (row.args.first !== undefined) vars.first = row.args.first;
    if (row.args.last !== undefined) vars.last = row.args.last;
    if (row.args.after) vars.after = cursorOf.get(row.args.after);
    if (row.args.before) vars.before = cursorOf.get(row.args.before);
    const got = await subject.run(vars);
    const letters = [...row.edges] as Letter[];
    expect(got.edges.map((e) => e.node)).toEqual(letters.map((l) => nodeOf.get(l)));
    // an item has the same cursor on every page it appears on
    expect(got.edges.map((e) => e.cursor)).toEqual(letters.map((l) => cursorOf.get(l)));
    expect(got.pageInfo).toEqual({
      hasPreviousPage: row.hasPreviousPage,
      hasNextPage: row.hasNextPage,
      startCursor: letters.length ? cursorOf.get(letters[0]!) : null,
      endCursor: letters.length ? cursorOf.get(letters[letters.length - 1]!) : null,
    });
    expect(got.totalCount).toBe(5);
  });
});
