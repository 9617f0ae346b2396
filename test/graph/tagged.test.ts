/**
 * `taggedResources` against the demo inventory: AND of entries, OR of values and `without`, over every kind and
 * mixed regions, each compared with the answer computed from `/__simulator/inventory`; nodes are the objects
 * `node(id:)` returns, tags included; input that cannot be answered exactly is BAD_USER_INPUT with no call.
 */
import { describe, expect, it } from 'vitest';
import { useGateway, type GraphQLResponse } from '../support/gateway.js';
import { expectBadInput, expectNoErrors, sortedTags, type GqlKind, type Page } from './helpers.js';
import { ALL_KINDS, TAGGED, expectedTagged, expectSameList, type Match, type Row } from './tagged-oracle.js';

const s = useGateway({ env: { RESPONSE_CACHE_TTL_S: '0' } });

interface Args {
  regionIds: string[];
  kinds?: GqlKind[];
  tags?: Match[];
  without?: Match[];
}

/** Every row, walking forward with pages of 100. */
async function listAll(args: Args): Promise<{ rows: Row[]; totalCount: number }> {
  const rows: Row[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let i = 0; i < 100; i++) {
    const res: GraphQLResponse<any> = await s.gw.query(TAGGED, { ...args, first: 100, after });
    expectNoErrors(res);
    const page: Page<Row> = res.data.taggedResources;
    totalCount = page.totalCount;
    rows.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { rows, totalCount };
}

async function expectListed(args: Args): Promise<Row[]> {
  const expected = expectedTagged(s.inv, args);
  const { rows, totalCount } = await listAll(args);
  expectSameList(rows, expected);
  expect(totalCount).toBe(expected.length);
  return expected;
}

const REGIONS = ['cn-shanghai', 'cn-hangzhou'];

describe('tag matching over every kind, two regions', () => {
  for (const kind of ALL_KINDS) {
    it(`${kind}: OR of values, AND of entries, without`, async () => {
      const args = {
        regionIds: REGIONS,
        kinds: [kind],
        tags: [{ key: 'env', values: ['prod', 'staging'] }, { key: 'team' }],
        without: [
          { key: 'team', values: ['infra', 'data'] },
          { key: 'app', values: ['monitoring'] },
        ],
      };
      const expected = await expectListed(args);
      expect(expected.length).toBeGreaterThan(0);
    });

    it(`${kind}: one exact value (the listing is the answer)`, async () => {
      expect(
        (await expectListed({ regionIds: REGIONS, kinds: [kind], tags: [{ key: 'env', values: ['prod'] }] })).length,
      ).toBeGreaterThan(0);
    });
  }

  it('several entries with one value each, and a key-only entry', async () => {
    await expectListed({
      regionIds: ['cn-hangzhou'],
      kinds: ['ECS_DISK', 'ECS_SNAPSHOT'],
      tags: [{ key: 'env', values: ['dev'] }, { key: 'team', values: ['platform'] }, { key: 'app' }],
    });
  });

  it('two entries with several values each (one drives, the other is checked on full tag sets)', async () => {
    await expectListed({
      regionIds: REGIONS,
      kinds: ['ECS_INSTANCE'],
      tags: [
        { key: 'env', values: ['prod', 'dev'] },
        { key: 'team', values: ['web', 'ml', 'search'] },
      ],
    });
  });

  it('an empty value matches exactly the empty value', async () => {
    const expected = await expectListed({ regionIds: ['cn-shenzhen'], tags: [{ key: 'DoNotDelete', values: [''] }] });
    expect(expected.length).toBeGreaterThan(0);
  });

  it('all six kinds (the default), mixed regions, in kind then region order', async () => {
    const args = {
      regionIds: ['cn-beijing', 'ap-southeast-1', 'cn-shenzhen'],
      tags: [{ key: 'env', values: ['staging'] }],
    };
    const { rows } = await listAll(args);
    const expected = expectedTagged(s.inv, args);
    expectSameList(rows, expected);
    expect(new Set(rows.map((r) => r.kind)).size).toBe(6);
  });

  it('ACK clusters: `without` alone lists the clusters of the region that carry none of it', async () => {
    const expected = await expectListed({
      regionIds: REGIONS,
      kinds: ['ACK_CLUSTER'],
      without: [{ key: 'env', values: ['prod'] }],
    });
    expect(expected.length).toBeGreaterThan(0);
    await expectListed({ regionIds: REGIONS, kinds: ['ACK_CLUSTER'] });
  });
});

describe('nodes are the objects node(id:) returns', () => {
  it('with their tags, by kind', async () => {
    const query = `{ taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_DISK, ACK_CLUSTER], tags: [{ key: "env", values: ["test", "staging"] }], last: 4) {
      edges { node { __typename id kind regionId resourceId tags { edges { node { key value } } } } } } }`;
    const res = await s.gw.query(query);
    expectNoErrors(res);
    const byId = new Map(s.inv.resources.map((r) => [r.resourceId, r]));
    for (const { node } of res.data.taggedResources.edges) {
      expect(node.tags.edges.map((e: { node: unknown }) => e.node)).toEqual(sortedTags(byId.get(node.resourceId)!));
      const again = await s.gw.query(`query($id: ID!) { node(id: $id) { id ... on Resource { kind resourceId } } }`, {
        id: node.id,
      });
      expect(again.data.node).toEqual({ id: node.id, kind: node.kind, resourceId: node.resourceId });
    }
    expect(res.data.taggedResources.edges.map((e: { node: { __typename: string } }) => e.node.__typename)).toContain(
      'AckCluster',
    );
  });
});

describe('refused before any call (BAD_USER_INPUT)', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['ECS kinds without tags', { regionIds: ['cn-hangzhou'] }, /ECS resources can only be listed by tag/],
    [
      'ECS kinds with `without` alone',
      { regionIds: ['cn-hangzhou'], kinds: ['ECS_DISK', 'ACK_CLUSTER'], without: [{ key: 'env' }] },
      /by tag or by ID only/,
    ],
    ['no region', { regionIds: [], tags: [{ key: 'env' }] }, /at least one region/],
    [
      '11 regions',
      { regionIds: Array.from({ length: 11 }, (_, i) => `cn-region${i}`), tags: [{ key: 'env' }] },
      /At most 10 regions/,
    ],
    ['a malformed region', { regionIds: ['Hangzhou!'], tags: [{ key: 'env' }] }, /not a region ID/],
    ['no kind', { regionIds: ['cn-hangzhou'], kinds: [], tags: [{ key: 'env' }] }, /at least one kind/],
    ['a reserved key', { regionIds: ['cn-hangzhou'], tags: [{ key: 'aliyun:x' }] }, /must not start with/],
    [
      'a too long value',
      { regionIds: ['cn-hangzhou'], tags: [{ key: 'env', values: ['x'.repeat(129)] }] },
      /0 to 128 characters/,
    ],
    [
      'a URL in `without`',
      { regionIds: ['cn-hangzhou'], tags: [{ key: 'env' }], without: [{ key: 'http://x' }] },
      /http/,
    ],
    ['an empty values list', { regionIds: ['cn-hangzhou'], tags: [{ key: 'env', values: [] }] }, /at least one value/],
    [
      'a key twice',
      { regionIds: ['cn-hangzhou'], tags: [{ key: 'env' }, { key: 'env', values: ['prod'] }] },
      /given twice/,
    ],
    [
      '21 entries',
      { regionIds: ['cn-hangzhou'], tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}` })) },
      /At most 20 entries/,
    ],
    [
      '21 values',
      { regionIds: ['cn-hangzhou'], tags: [{ key: 'env', values: Array.from({ length: 21 }, (_, i) => `v${i}`) }] },
      /At most 20 values/,
    ],
    ['first over the maximum', { regionIds: ['cn-hangzhou'], tags: [{ key: 'env' }], first: 101 }, /at most 100/],
  ];
  for (const [name, vars, message] of cases) {
    it(name, async () => {
      s.gw.sim.clearCalls();
      const res = await s.gw.query(TAGGED, vars);
      expectBadInput(s.gw, res, 'taggedResources');
      expect(res.errors![0]!.message).toMatch(message);
    });
  }

  it('names the offending argument', async () => {
    const res = await s.gw.query(TAGGED, {
      regionIds: ['cn-hangzhou'],
      tags: [{ key: 'env' }, { key: 'team', values: ['ok', 'aliyun-x'] }],
    });
    expect(res.errors![0]!.extensions!.argument).toBe('tags[1].values[1]');
  });
});
