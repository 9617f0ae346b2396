/**
 * One string order, one length rule. Both tag APIs answer in UTF-8 byte order; every list the gateway sorts
 * itself (merged catalog, key and value facets, a resource's tags) must agree with the simulator's order,
 * including for characters above U+FFFF, where UTF-16 code-unit order (JS `<`) is the reverse: '𝒜' (U+1D49C,
 * F0 9D 92 9C) sorts after 'ｚ' (U+FF5A, EF BD 9A). Key lengths count characters, in filters and in tags(keys:).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { byteCompare, expectNoErrors } from './helpers.js';

const ASTRAL = '𝒜';
const FULLWIDTH = 'ｚ';
const CLUSTER = `c${'e'.repeat(32)}`;
const INSTANCE = 'i-bp00000000000000u1';

function inventory(): InventoryFile {
  const tags = (pairs: Array<[string, string]>) => pairs.map(([key, value]) => ({ key, value }));
  return {
    regions: ['cn-hangzhou', 'cn-beijing'],
    resources: [
      {
        service: 'ecs',
        type: 'instance',
        regionId: 'cn-hangzhou',
        resourceId: INSTANCE,
        tags: tags([
          [ASTRAL, 'v'],
          [FULLWIDTH, 'v'],
          ['a', FULLWIDTH],
        ]),
      },
      {
        service: 'ecs',
        type: 'instance',
        regionId: 'cn-hangzhou',
        resourceId: 'i-bp00000000000000u2',
        tags: tags([
          ['a', ASTRAL],
          ['z', 'v'],
        ]),
      },
      {
        service: 'ecs',
        type: 'instance',
        regionId: 'cn-beijing',
        resourceId: 'i-2z00000000000000u3',
        tags: tags([
          [ASTRAL, 'v'],
          [FULLWIDTH, 'w'],
          ['a', ASTRAL],
        ]),
      },
      {
        service: 'cs',
        type: 'cluster',
        regionId: 'cn-hangzhou',
        resourceId: CLUSTER,
        tags: tags([
          ['ack.aliyun.com', CLUSTER],
          [ASTRAL, '1'],
          [FULLWIDTH, '1'],
        ]),
      },
    ],
  };
}

type Row = { key: string; value: string; regionId: string };
const pairs = (rows: Row[]) => rows.map((r) => `${r.key}=${r.value}`);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ simulator: { inventory: inventory() }, env: { CACHE_ENABLED: 'false' } });
});
afterAll(() => gw?.close());

async function catalog(regionIds: string[]): Promise<Row[]> {
  const res = await gw.query(
    `query($r: [String!]!) { tagCatalog(regionIds: $r) { edges { node { key value regionId } } } }`,
    { r: regionIds },
  );
  expectNoErrors(res);
  return res.data.tagCatalog.edges.map((e: { node: Row }) => e.node);
}

describe('the gateway sorts as the simulator does (UTF-8 byte order)', () => {
  it('one region is the simulator’s own order, and it is byte order', async () => {
    const rows = await catalog(['cn-hangzhou']);
    expect(pairs(rows)).toEqual(['a=ｚ', 'a=𝒜', 'z=v', 'ｚ=v', '𝒜=v']);
  });

  it('several regions merged by the gateway keep the simulator’s order within each region', async () => {
    const [hangzhou, beijing, merged] = await Promise.all([
      catalog(['cn-hangzhou']),
      catalog(['cn-beijing']),
      catalog(['cn-beijing', 'cn-hangzhou']),
    ]);
    expect(merged.filter((r) => r.regionId === 'cn-hangzhou')).toEqual(hangzhou);
    expect(merged.filter((r) => r.regionId === 'cn-beijing')).toEqual(beijing);
    expect(merged.map((r) => `${r.key}=${r.value}@${r.regionId}`)).toEqual([
      'a=ｚ@cn-hangzhou',
      'a=𝒜@cn-beijing',
      'a=𝒜@cn-hangzhou',
      'z=v@cn-hangzhou',
      'ｚ=v@cn-hangzhou',
      'ｚ=w@cn-beijing',
      '𝒜=v@cn-beijing',
      '𝒜=v@cn-hangzhou',
    ]);
  });

  it('key and value facets follow the same order', async () => {
    const res = await gw.query(`{
      keys: tagKeys(regionIds: ["cn-hangzhou", "cn-beijing"]) { edges { node { key } } }
      values: tagValues(regionIds: ["cn-hangzhou", "cn-beijing"], key: "a") { edges { node { value } } }
    }`);
    expectNoErrors(res);
    const keys = res.data.keys.edges.map((e: { node: { key: string } }) => e.node.key);
    expect(keys).toEqual(['a', 'z', FULLWIDTH, ASTRAL]);
    expect(keys).toEqual([...new Set(pairs(await catalog(['cn-hangzhou'])).map((p) => p.split('=')[0]))]);
    expect(res.data.values.edges.map((e: { node: { value: string } }) => e.node.value)).toEqual([FULLWIDTH, ASTRAL]);
  });

  it('a resource’s tags (ECS and ACK) are in the same order as the simulator lists them', async () => {
    const res = await gw.query(`{
      resources(refs: [{ kind: ECS_INSTANCE, regionId: "cn-hangzhou", resourceId: "${INSTANCE}" },
                       { kind: ACK_CLUSTER, regionId: "cn-hangzhou", resourceId: "${CLUSTER}" }]) {
        tags { edges { node { key } } }
      }
    }`);
    expectNoErrors(res);
    const [ecs, ack] = res.data.resources.map((r: { tags: { edges: Array<{ node: { key: string } }> } }) =>
      r.tags.edges.map((e) => e.node.key),
    );
    expect(ecs).toEqual(['a', FULLWIDTH, ASTRAL]);
    expect(ack).toEqual(['ack.aliyun.com', FULLWIDTH, ASTRAL]);
    for (const list of [ecs, ack]) expect(list).toEqual([...list].sort(byteCompare));
  });
});

describe('one length rule: characters, in filters and in tags(keys:)', () => {
  const longest = ASTRAL.repeat(128); // 128 characters, 256 UTF-16 units
  const tooLong = ASTRAL.repeat(129);
  /** The same key as a catalog filter and in a resource's tags(keys:). */
  const BOTH = `query($k: String!) {
    tagCatalog(regionIds: ["cn-hangzhou"], filters: [{ key: $k }]) { totalCount }
    resources(refs: [{ kind: ECS_INSTANCE, regionId: "cn-hangzhou", resourceId: "${INSTANCE}" }]) { tags(keys: [$k]) { totalCount } }
  }`;

  it('a 128-character key of astral characters is valid in both', async () => {
    const res = await gw.query(BOTH, { k: longest });
    expectNoErrors(res);
    expect(res.data).toEqual({ tagCatalog: { totalCount: 0 }, resources: [{ tags: { totalCount: 0 } }] });
  });

  it('a 129-character key is refused in both', async () => {
    const res = await gw.query(BOTH, { k: tooLong });
    expect(res.data).toEqual({ tagCatalog: null, resources: [{ tags: null }] });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual(
      expect.arrayContaining([
        [['tagCatalog'], 'BAD_USER_INPUT'],
        [['resources', 0, 'tags'], 'BAD_USER_INPUT'],
      ]),
    );
  });
});
