/**
 * tagCatalog over ECS DescribeTags page-number paging (pages of 100 upstream): `first`/`last` sizes that are not
 * 100 cross page boundaries and walk the whole list, each item exactly once and in order, fetching only the
 * upstream pages each slice overlaps; a merged multi-region list pages both ways too.
 *
 * The inventory is made here: 347 pairs on instances in cn-hangzhou, 180 in cn-beijing (all of them also in
 * cn-hangzhou, so the merged order needs its region tie-break).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogEntry, InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { expectedCatalog, expectedMergedCatalog, expectNoErrors, walk, type CatalogRow } from './helpers.js';

const HZ = 347;
const BJ_FROM = 100;
const BJ_TO = 280; // exclusive

function pair(i: number) {
  return { key: `k${i % 7}`, value: `v${String(i).padStart(3, '0')}` };
}

function inventory(): InventoryFile {
  const resources: InventoryResource[] = [];
  for (let i = 0; i < HZ; i++) {
    resources.push({
      service: 'ecs',
      type: 'instance',
      regionId: 'cn-hangzhou',
      resourceId: `i-bp${String(i).padStart(18, '0')}`,
      tags: [pair(i)],
    });
  }
  for (let i = BJ_FROM; i < BJ_TO; i++) {
    resources.push({
      service: 'ecs',
      type: 'instance',
      regionId: 'cn-beijing',
      resourceId: `i-2z${String(i).padStart(18, '0')}`,
      tags: [pair(i)],
    });
  }
  // a disk carrying some of the pairs, so the per-kind counts are not all the same
  resources.push({
    service: 'ecs',
    type: 'disk',
    regionId: 'cn-hangzhou',
    resourceId: 'd-bp000000000000000001',
    tags: [pair(0), pair(1)],
  });
  return { regions: ['cn-hangzhou', 'cn-beijing'], resources };
}

let gw: TestGateway;
let inv: InventoryFile;

beforeAll(async () => {
  gw = await startTestGateway({ simulator: { inventory: inventory() }, env: { CACHE_ENABLED: 'false' } });
  inv = gw.sim.inventory();
});
afterAll(() => gw?.close());

const CATALOG = `query($regionIds: [String!]!, $first: Int, $after: String, $last: Int, $before: String) {
  tagCatalog(regionIds: $regionIds, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { key value regionId resourceCount counts { instance disk image securityGroup snapshot } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

function run(regionIds: string[]) {
  return (paging: Record<string, unknown>) => {
    gw.sim.clearCalls();
    return gw.query(CATALOG, { regionIds, ...paging });
  };
}

/** The DescribeTags page numbers of the calls just made, checking each call's shape. */
function pagesCalled(calls: CallLogEntry[], regionId: string): number[] {
  const mine = calls.filter((c) => c.regionId === regionId);
  for (const c of mine) {
    expect(c.operation).toBe('DescribeTags');
    expect(c.params.PageSize).toBe('100');
    expect(c.params.ResourceType).toBe('instance');
    expect(c.status).toBe(200);
  }
  return mine.map((c) => Number(c.params.PageNumber ?? '1')).sort((a, b) => a - b);
}

/**
 * Every page of 100 that [start, end) overlaps, each once, plus the page the total is read from: the one where
 * the slice starts when a cursor tells where that is (so no extra call), page 1 when it does not (`last` alone).
 */
function pagesFor(start: number, end: number, totalFrom = start): number[] {
  const pages = new Set([Math.floor(totalFrom / 100) + 1]);
  for (let i = start; i < end; i++) pages.add(Math.floor(i / 100) + 1);
  return [...pages].sort((a, b) => a - b);
}

describe('one region, DescribeTags pages of 100', () => {
  it('the fixture is what the oracle says', () => {
    const expected = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    expect(expected).toHaveLength(HZ);
    expect(expected.find((r) => r.value === 'v000')!.counts).toMatchObject({ instance: 1, disk: 1 });
  });

  it('first: 37 walks the whole list: every item once, in order, only the pages each slice needs', async () => {
    const expected = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    const got = await walk<CatalogRow>(
      run(['cn-hangzhou']),
      (d) => d.tagCatalog,
      'forward',
      37,
      HZ,
      (_page, i) => {
        const start = i * 37;
        expect(pagesCalled(gw.sim.calls(), 'cn-hangzhou')).toEqual(pagesFor(start, Math.min(start + 37, HZ)));
      },
    );
    expect(got).toHaveLength(HZ);
    expect(got).toEqual(expected);
  });

  it('last: 23 walks the whole list backwards: every item once, in order, only the pages needed', async () => {
    const expected = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    let pages = 0;
    const got = await walk<CatalogRow>(
      run(['cn-hangzhou']),
      (d) => d.tagCatalog,
      'backward',
      23,
      HZ,
      (_page, i) => {
        const end = HZ - i * 23;
        const start = Math.max(0, end - 23);
        expect(pagesCalled(gw.sim.calls(), 'cn-hangzhou')).toEqual(pagesFor(start, end, i === 0 ? 0 : start));
        pages++;
      },
    );
    expect(pages).toBe(Math.ceil(HZ / 23));
    expect(got).toEqual(expected);
  });

  it.each([
    [1, 'a single item'],
    [99, 'one short of a page'],
    [100, 'exactly a page'],
    [64, 'an odd size'],
  ])('first: %i (%s) walks it all too', async (size) => {
    const expected = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    if (size === 1) {
      // 347 requests are too slow for the folder budget: walk a window across the page-1/2 boundary instead
      const res = await run(['cn-hangzhou'])({ first: 100 });
      expectNoErrors(res);
      let cursor = res.data.tagCatalog.edges[94].cursor;
      for (let i = 95; i < 106; i++) {
        const r = await run(['cn-hangzhou'])({ first: 1, after: cursor });
        expectNoErrors(r);
        expect(r.data.tagCatalog.edges.map((e: any) => e.node)).toEqual([expected[i]]);
        expect(pagesCalled(gw.sim.calls(), 'cn-hangzhou')).toEqual(pagesFor(i, i + 1));
        cursor = r.data.tagCatalog.pageInfo.endCursor;
      }
      return;
    }
    expect(await walk<CatalogRow>(run(['cn-hangzhou']), (d) => d.tagCatalog, 'forward', size, HZ)).toEqual(expected);
  });

  it('a slice deep in the list fetches only its own pages, and page 1 only when no cursor says where it starts', async () => {
    const expected = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    const first = await run(['cn-hangzhou'])({ last: 50 }); // items 297..346: pages 1, 3, 4
    expectNoErrors(first);
    expect(pagesCalled(gw.sim.calls(), 'cn-hangzhou')).toEqual([1, 3, 4]);
    expect(first.data.tagCatalog.edges.map((e: any) => e.node)).toEqual(expected.slice(HZ - 50));
    const before = first.data.tagCatalog.edges[3].cursor; // item 300
    const res = await run(['cn-hangzhou'])({ last: 1, before }); // item 299: page 3 only
    expectNoErrors(res);
    expect(res.data.tagCatalog.edges.map((e: any) => e.node)).toEqual([expected[299]]);
    expect(pagesCalled(gw.sim.calls(), 'cn-hangzhou')).toEqual([3]); // the total comes from page 3 too
  });
});

describe('several regions merged', () => {
  const regions = ['cn-hangzhou', 'cn-beijing'];

  it('the merged order is key, value, region (beijing before hangzhou on a shared pair)', () => {
    const merged = expectedMergedCatalog(inv, regions, 'instance');
    expect(merged).toHaveLength(HZ + (BJ_TO - BJ_FROM));
    const shared = merged.filter((r) => r.value === 'v150');
    expect(shared.map((r) => r.regionId)).toEqual(['cn-beijing', 'cn-hangzhou']);
  });

  it('first: 41 forward: every row once, in order; each request reads every page of each region once', async () => {
    const expected = expectedMergedCatalog(inv, regions, 'instance');
    const got = await walk<CatalogRow>(
      run(regions),
      (d) => d.tagCatalog,
      'forward',
      41,
      expected.length,
      () => {
        expect(pagesCalled(gw.sim.calls(), 'cn-hangzhou')).toEqual([1, 2, 3, 4]);
        expect(pagesCalled(gw.sim.calls(), 'cn-beijing')).toEqual([1, 2]);
        expect(gw.sim.calls()).toHaveLength(6);
      },
    );
    expect(got).toEqual(expected);
  });

  it('last: 29 backward: every row once, in order', async () => {
    const expected = expectedMergedCatalog(inv, regions, 'instance');
    const got = await walk<CatalogRow>(run(regions), (d) => d.tagCatalog, 'backward', 29, expected.length);
    expect(got).toEqual(expected);
  });

  it('a cursor from one walk direction works in the other', async () => {
    const expected = expectedMergedCatalog(inv, regions, 'instance');
    const fwd = await run(regions)({ first: 60 });
    expectNoErrors(fwd);
    const cursor = fwd.data.tagCatalog.pageInfo.endCursor; // item 59
    const back = await run(regions)({ last: 10, before: cursor });
    expectNoErrors(back);
    expect(back.data.tagCatalog.edges.map((e: any) => e.node)).toEqual(expected.slice(49, 59));
    expect(back.data.tagCatalog.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });
});
