/**
 * The edges from tags to resources: `TagCatalogEntry.resources` and `TagValueFacet.resources` list the resources
 * behind each count. On the same inventory, every count equals its list's totalCount, the lists hold what the
 * inventory says, and a list pages like `taggedResources`.
 */
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { expectNoErrors, KIND_OF_TYPE, type EcsType } from './helpers.js';
import { expectedTagged, expectSameList, type Row } from './tagged-oracle.js';

const s = useGateway({ env: { RESPONSE_CACHE_TTL_S: '0' } });

interface Counted {
  key: string;
  value: string;
  regionId?: string;
  resourceCount: number;
  resources: { totalCount: number; edges: Array<{ node: Row }> };
}

const CATALOG = `query($regionIds: [String!]!, $kind: EcsResourceKind, $filters: [TagFilterInput!], $first: Int) {
  tagCatalog(regionIds: $regionIds, kind: $kind, filters: $filters, first: $first) {
    edges { node { key value regionId resourceCount resources(first: 100) { totalCount edges { node { kind regionId resourceId } } } } }
  }
}`;
const VALUES = `query($regionIds: [String!]!, $key: String!, $kind: EcsResourceKind) {
  tagValues(regionIds: $regionIds, key: $key, kind: $kind, first: 100) {
    edges { node { key value resourceCount resources(first: 5) { totalCount } } }
  }
}`;

function expectCountsAgree(nodes: Counted[]): void {
  expect(nodes.length).toBeGreaterThan(0);
  for (const n of nodes)
    expect(n.resources.totalCount, `${n.key}=${n.value} ${n.regionId ?? ''}`).toBe(n.resourceCount);
}

describe('catalog entries', () => {
  it('every entry of a region: count = resources.totalCount = the inventory (empty values included)', async () => {
    const res = await s.gw.query(CATALOG, { regionIds: ['cn-shenzhen'], kind: 'ECS_SECURITY_GROUP', first: 100 });
    expectNoErrors(res);
    const nodes: Counted[] = res.data.tagCatalog.edges.map((e: { node: Counted }) => e.node);
    expectCountsAgree(nodes);
    expect(nodes.some((n) => n.value === '')).toBe(true);
    for (const n of nodes) {
      const expected = expectedTagged(s.inv, {
        regionIds: ['cn-shenzhen'],
        kinds: ['ECS_SECURITY_GROUP'],
        tags: [{ key: n.key, values: [n.value] }],
      });
      expect(n.resourceCount, `${n.key}=${n.value}`).toBe(expected.length);
      expectSameList(
        n.resources.edges.map((e) => e.node),
        expected,
      );
    }
  });

  it('a filtered catalog over two regions: the counts and lists are under the filters', async () => {
    const filters = [{ key: 'env', value: 'prod' }, { key: 'team' }];
    const res = await s.gw.query(CATALOG, {
      regionIds: ['cn-hangzhou', 'cn-beijing'],
      kind: 'ECS_INSTANCE',
      filters,
      first: 40,
    });
    expectNoErrors(res);
    const nodes: Counted[] = res.data.tagCatalog.edges.map((e: { node: Counted }) => e.node);
    expectCountsAgree(nodes);
    // every count against the inventory: the resources of its region carrying the filters and its own tag
    for (const n of nodes) {
      const expected = expectedTagged(s.inv, {
        regionIds: [n.regionId!],
        kinds: ['ECS_INSTANCE'],
        tags: [{ key: 'env', values: ['prod'] }, { key: 'team' }, { key: n.key, values: [n.value] }],
      });
      expect(n.resourceCount, `${n.key}=${n.value} ${n.regionId!}`).toBe(expected.length);
    }
    const team = nodes.find((n) => n.key === 'team')!;
    const expected = expectedTagged(s.inv, {
      regionIds: [team.regionId!],
      kinds: ['ECS_INSTANCE'],
      tags: [
        { key: 'env', values: ['prod'] },
        { key: 'team', values: [team.value] },
      ],
    });
    expectSameList(
      team.resources.edges.map((e) => e.node),
      expected,
    );
  });
});

describe('value facets', () => {
  for (const type of ['disk', 'snapshot'] as EcsType[]) {
    it(`the values of env on ${type}s in three regions: count = resources.totalCount`, async () => {
      const res = await s.gw.query(VALUES, {
        regionIds: ['cn-hangzhou', 'cn-beijing', 'ap-southeast-1'],
        key: 'env',
        kind: KIND_OF_TYPE[type],
      });
      expectNoErrors(res);
      const nodes: Counted[] = res.data.tagValues.edges.map((e: { node: Counted }) => e.node);
      expectCountsAgree(nodes);
      // and against the inventory: the resources of that kind in the three regions carrying env=value
      for (const n of nodes) {
        const expected = expectedTagged(s.inv, {
          regionIds: ['cn-hangzhou', 'cn-beijing', 'ap-southeast-1'],
          kinds: [KIND_OF_TYPE[type]],
          tags: [{ key: 'env', values: [n.value] }],
        });
        expect(n.resourceCount, `env=${n.value}`).toBe(expected.length);
      }
    });
  }
});
