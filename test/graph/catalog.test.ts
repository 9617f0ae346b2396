/** tagCatalog: one region, several regions merged (key, value, region), kinds, filters (up to 5, ANDed, key-only). */
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import {
  expectedCatalog,
  expectedMergedCatalog,
  expectNoErrors,
  walk,
  type CatalogRow,
  type EcsType,
  type Filter,
} from './helpers.js';

const t = useGateway();

const CATALOG = `query($regionIds: [String!]!, $kind: EcsResourceKind, $filters: [TagFilterInput!], $first: Int, $after: String, $last: Int, $before: String) {
  tagCatalog(regionIds: $regionIds, kind: $kind, filters: $filters, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { key value regionId resourceCount counts { instance disk image securityGroup snapshot } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const KIND: Record<EcsType, string> = {
  instance: 'ECS_INSTANCE',
  disk: 'ECS_DISK',
  image: 'ECS_IMAGE',
  securitygroup: 'ECS_SECURITY_GROUP',
  snapshot: 'ECS_SNAPSHOT',
};

/** The whole catalog, walked 100 at a time. */
async function whole(regionIds: string[], type: EcsType, filters?: Filter[]): Promise<CatalogRow[]> {
  const expected =
    regionIds.length === 1
      ? expectedCatalog(t.inv, regionIds[0]!, type, filters)
      : expectedMergedCatalog(t.inv, regionIds, type, filters);
  return walk<CatalogRow>(
    (paging) => t.gw.query(CATALOG, { regionIds, kind: KIND[type], filters, ...paging }),
    (d) => d.tagCatalog,
    'forward',
    100,
    expected.length,
  );
}

describe('tagCatalog, one region', () => {
  it('lists every pair of ECS instances in cn-hangzhou with exact counts (the default kind)', async () => {
    const expected = expectedCatalog(t.inv, 'cn-hangzhou', 'instance');
    expect(expected.length).toBeGreaterThan(100); // more than one DescribeTags page
    const res = await t.gw.query(CATALOG, { regionIds: ['cn-hangzhou'], first: 100 });
    expectNoErrors(res);
    expect(res.data.tagCatalog.totalCount).toBe(expected.length);
    expect(await whole(['cn-hangzhou'], 'instance')).toEqual(expected);
  });

  it.each(['disk', 'image', 'securitygroup', 'snapshot'] as EcsType[])('kind %s counts that kind', async (type) => {
    const region = type === 'securitygroup' ? 'cn-shenzhen' : 'cn-beijing';
    const got = await whole([region], type);
    const expected = expectedCatalog(t.inv, region, type);
    expect(got).toEqual(expected);
    // resourceCount is the count of the asked kind
    for (const row of got) expect(row.resourceCount).toBeGreaterThan(0);
  });

  it('carries the rare tags: case-sensitive keys, non-ASCII, empty values', async () => {
    const images = await whole(['cn-hangzhou'], 'image');
    expect(images.find((r) => r.key === 'Env')).toMatchObject({ value: 'Prod', resourceCount: 1 });
    const instances = await whole(['cn-hangzhou'], 'instance');
    expect(instances.find((r) => r.key === '项目')).toMatchObject({ value: '双十一', resourceCount: 1 });
    expect(instances.find((r) => r.key === 'env' && r.value === 'perf')).toMatchObject({ resourceCount: 2 });
    const groups = await whole(['cn-shenzhen'], 'securitygroup');
    expect(groups.find((r) => r.key === 'DoNotDelete')).toMatchObject({
      value: '',
      resourceCount: 1,
      counts: { instance: 1, securityGroup: 1 },
    });
  });

  it('a region with no resources is an empty list', async () => {
    const res = await t.gw.query(CATALOG, { regionIds: ['eu-west-1'] });
    expectNoErrors(res);
    expect(res.data.tagCatalog).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });
});

describe('tagCatalog, several regions merged', () => {
  it('merges three regions ordered by key, value, then region', async () => {
    const regions = ['cn-shanghai', 'cn-hangzhou', 'ap-southeast-1'];
    const expected = expectedMergedCatalog(t.inv, regions, 'instance');
    const got = await whole(regions, 'instance');
    expect(got).toEqual(expected);
    // the region tie-break is exercised: some pair is in more than one region
    expect(got.some((r, i) => i > 0 && got[i - 1]!.key === r.key && got[i - 1]!.value === r.value)).toBe(true);
  });

  it('merges the same pair from several regions into separate rows, each with its own counts', async () => {
    const res = await t.gw.query(CATALOG, {
      regionIds: ['cn-beijing', 'cn-hangzhou'],
      filters: [{ key: 'env', value: 'prod' }],
    });
    expectNoErrors(res);
    const rows = res.data.tagCatalog.edges.map((e: any) => e.node);
    expect(rows).toEqual(
      expectedMergedCatalog(t.inv, ['cn-beijing', 'cn-hangzhou'], 'instance', [{ key: 'env', value: 'prod' }]),
    );
    expect(rows.map((r: any) => r.regionId)).toEqual(['cn-beijing', 'cn-hangzhou']);
  });

  it('a repeated region counts once', async () => {
    const res = await t.gw.query(CATALOG, { regionIds: ['cn-shenzhen', 'cn-shenzhen'], first: 1 });
    expectNoErrors(res);
    expect(res.data.tagCatalog.totalCount).toBe(expectedCatalog(t.inv, 'cn-shenzhen', 'instance').length);
  });
});

describe('tagCatalog filters', () => {
  const cases: Array<[string, string[], EcsType, Filter[]]> = [
    ['a key-only filter matches every value of the key', ['cn-hangzhou'], 'instance', [{ key: 'env' }]],
    ['a key and value', ['cn-hangzhou'], 'instance', [{ key: 'team', value: 'payments' }]],
    [
      'two filters ANDed (value + key-only)',
      ['cn-beijing'],
      'instance',
      [{ key: 'env', value: 'prod' }, { key: 'app' }],
    ],
    [
      'five filters ANDed',
      ['cn-hangzhou'],
      'instance',
      [
        { key: 'env', value: 'prod' },
        { key: 'team' },
        { key: 'app' },
        { key: 'cost-center' },
        { key: 'created-by', value: 'terraform' },
      ],
    ],
    [
      'filters over a merged list',
      ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      'disk',
      [{ key: 'backup-policy' }, { key: 'env', value: 'dev' }],
    ],
    ['a filter no resource matches', ['cn-hangzhou'], 'instance', [{ key: 'env', value: 'no-such-env' }]],
    ['a rare tag', ['cn-beijing'], 'disk', [{ key: 'legacy', value: 'true' }]],
    ['an empty value is a key-only filter', ['cn-hangzhou'], 'instance', [{ key: 'compliance', value: '' }]],
  ];
  it.each(cases)('%s', async (_name, regions, type, filters) => {
    const expected =
      regions.length === 1
        ? expectedCatalog(t.inv, regions[0]!, type, filters)
        : expectedMergedCatalog(t.inv, regions, type, filters);
    const got = await whole(regions, type, filters);
    expect(got).toEqual(expected);
    // only filter keys are listed
    for (const row of got) expect(filters.map((f) => f.key)).toContain(row.key);
  });

  it('the five-filter case really narrows (fewer resources than the one-filter case)', () => {
    const one = expectedCatalog(t.inv, 'cn-hangzhou', 'instance', [{ key: 'env', value: 'prod' }]);
    const five = expectedCatalog(t.inv, 'cn-hangzhou', 'instance', cases[3]![3]);
    expect(five.length).toBeGreaterThan(0);
    expect(five.find((r) => r.key === 'env')!.resourceCount).toBeLessThan(one[0]!.resourceCount);
  });

  it('the same filters in another order give the same list', async () => {
    const a = await t.gw.query(CATALOG, {
      regionIds: ['cn-hangzhou'],
      filters: [{ key: 'env', value: 'prod' }, { key: 'team' }],
      first: 100,
    });
    const b = await t.gw.query(CATALOG, {
      regionIds: ['cn-hangzhou'],
      filters: [{ key: 'team' }, { key: 'env', value: 'prod' }],
      first: 100,
    });
    expectNoErrors(a);
    expectNoErrors(b);
    const nodes = (r: any) => r.data.tagCatalog.edges.map((e: any) => e.node);
    expect(nodes(a)).toEqual(nodes(b));
    expect(nodes(a).length).toBeGreaterThan(5);
  });
});
