/**
 * `resourceInventory` against the simulator: every resource of the kinds and regions, tagged or not, kept by
 * `where`, in the documented order, paged both ways with nothing missing or repeated; a listing costs its pages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile } from '../../src/simulator/index.js';
import { useGateway } from '../support/gateway.js';
import { expectBadInput, expectNoErrors, walk } from '../graph/helpers.js';
import { groups, inScope, inventoryDump, KINDS, TYPE, userTagsOf, type Kind, type Res } from './oracle.js';

const s = useGateway({ env: { CACHE_ENABLED: 'false', RESPONSE_CACHE_TTL_S: '0' } });
let inv: InventoryFile;
beforeAll(async () => {
  inv = await inventoryDump(s.gw.sim.url);
});

const Q = `query Q($regionIds: [String!]!, $kinds: [ResourceKind!], $where: ResourceWhereInput, $first: Int, $after: String, $last: Int, $before: String) {
  resourceInventory(regionIds: $regionIds, kinds: $kinds, where: $where, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { kind regionId resourceId name createdAt status tags(first: 20) { edges { node { key value } } } } }
  }
}`;

interface Node {
  kind: Kind;
  regionId: string;
  resourceId: string;
  name: string | null;
  createdAt: string | null;
  status: string | null;
  tags: { edges: Array<{ node: { key: string; value: string } }> };
}

async function listAll(vars: Record<string, unknown>): Promise<{ nodes: Node[]; totalCount: number }> {
  const nodes = await walk<Node>(
    (paging) => s.gw.query(Q, { ...vars, ...paging }),
    (d) => d.resourceInventory,
    'forward',
    100,
    await total(vars),
  );
  return { nodes, totalCount: nodes.length };
}

async function total(vars: Record<string, unknown>): Promise<number> {
  const res = await s.gw.query(Q, { ...vars, first: 0 });
  expectNoErrors(res);
  return res.data.resourceInventory.totalCount;
}

/** The nodes grouped as the documented order has them: kinds, then regions as given. */
function grouped(nodes: Node[], regionIds: string[], kinds: readonly Kind[] = KINDS): string[][] {
  const order = kinds.flatMap((k) => regionIds.map((g) => `${k}/${g}`));
  const seen = nodes.map((n) => order.indexOf(`${n.kind}/${n.regionId}`));
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  return order.map((o) =>
    nodes
      .filter((n) => `${n.kind}/${n.regionId}` === o)
      .map((n) => n.resourceId)
      .sort(),
  );
}

describe('resourceInventory', () => {
  it('counts every kind in several regions exactly', async () => {
    for (const kind of KINDS) {
      const regionIds = ['cn-beijing', 'cn-shenzhen', 'ap-southeast-1'];
      expect(await total({ regionIds, kinds: [kind] })).toBe(inScope(inv, regionIds, [kind]).length);
    }
  });

  it('untagged: resources without a user tag, system tags not counting, with the listing’s fields', async () => {
    const regionIds = ['cn-hangzhou', 'cn-shanghai'];
    const expected = inScope(inv, regionIds).filter((r) => userTagsOf(r).length === 0);
    expect(expected.some((r) => r.tags.length > 0)).toBe(true); // system-tagged ones are in
    const { nodes } = await listAll({ regionIds, where: { untagged: true } });
    expect(grouped(nodes, regionIds)).toEqual(groups(expected, regionIds));
    for (const n of nodes) {
      const r = inv.resources.find((x) => x.resourceId === n.resourceId)!;
      expect(n.name).toBe(r.name);
      expect(n.tags.edges.map((e) => e.node)).toEqual(
        [...r.tags].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))),
      );
      if (r.type === 'cluster') expect([n.createdAt, n.status]).toEqual([r.cluster!.created, r.cluster!.state]);
      else expect([n.createdAt, n.status]).toEqual([r.ecs!.created, r.ecs!.status ?? null]);
    }
  });

  it('missingKeys, tags and without, ANDed, over every kind', async () => {
    const regionIds = ['ap-southeast-1'];
    const has = (r: Res, k: string) => r.tags.some((t) => t.key === k);
    const missing = inScope(inv, regionIds).filter((r) => !has(r, 'env') || !has(r, 'team'));
    const a = await listAll({ regionIds, where: { missingKeys: ['env', 'team'] } });
    expect(grouped(a.nodes, regionIds)).toEqual(groups(missing, regionIds));
    const both = inScope(inv, regionIds).filter(
      (r) => r.tags.some((t) => t.key === 'env' && t.value === 'prod') && !has(r, 'owner') && !has(r, 'team'),
    );
    const b = await listAll({
      regionIds,
      where: { tags: [{ key: 'env', values: ['prod'] }], without: [{ key: 'owner' }], missingKeys: ['team'] },
    });
    expect(grouped(b.nodes, regionIds)).toEqual(groups(both, regionIds));
  });

  it('pages both ways with nothing missing or repeated, in one order', async () => {
    // kinds in ResourceKind order, whatever order they are given in
    const kinds: Kind[] = ['ECS_IMAGE', 'ECS_SECURITY_GROUP', 'ACK_CLUSTER'];
    const vars = { regionIds: ['cn-shenzhen', 'cn-beijing'], kinds: [...kinds].reverse() };
    const n = await total(vars);
    const pick = (d: any) => d.resourceInventory;
    const fwd = await walk<Node>((p) => s.gw.query(Q, { ...vars, ...p }), pick, 'forward', 37, n);
    const back = await walk<Node>((p) => s.gw.query(Q, { ...vars, ...p }), pick, 'backward', 41, n);
    const ids = fwd.map((x) => x.resourceId);
    expect(new Set(ids).size).toBe(n);
    expect(back.map((x) => x.resourceId)).toEqual(ids);
    expect(grouped(fwd, vars.regionIds, kinds)).toEqual(
      groups(inScope(inv, vars.regionIds, kinds), vars.regionIds, kinds),
    );
  });

  it('a listing costs its pages: totalCount reads each page once; a first page reads only what it needs', async () => {
    const regionIds = ['cn-beijing'];
    const pages = (k: Kind) => {
      const n = inScope(inv, regionIds, [k]).length;
      return Math.max(1, Math.ceil(n / (k === 'ECS_SECURITY_GROUP' ? 50 : 100)));
    };
    s.gw.sim.clearCalls();
    const res = await s.gw.query(Q, { regionIds, first: 0 });
    expectNoErrors(res);
    const byOp = (op: string) => s.gw.sim.calls({ operation: op as never }).length;
    const OPS: Record<Kind, string> = {
      ECS_INSTANCE: 'DescribeInstances',
      ECS_DISK: 'DescribeDisks',
      ECS_IMAGE: 'DescribeImages',
      ECS_SECURITY_GROUP: 'DescribeSecurityGroups',
      ECS_SNAPSHOT: 'DescribeSnapshots',
      ACK_CLUSTER: 'DescribeClustersV1',
    };
    for (const k of KINDS) expect(byOp(OPS[k])).toBe(pages(k));
    expect(s.gw.sim.calls()).toHaveLength(KINDS.reduce((sum, k) => sum + pages(k), 0));
    expect(res.extensions!.upstream.calls).toBe(s.gw.sim.calls().length);
    expect(res.extensions!.upstream.estimatedCalls).toBeGreaterThanOrEqual(s.gw.sim.calls().length);
    s.gw.sim.clearCalls();
    const head = await s.gw.query(
      `{ resourceInventory(regionIds: ["cn-beijing"], kinds: [ECS_DISK], first: 5) { edges { node { resourceId } } } }`,
    );
    expectNoErrors(head);
    expect(s.gw.sim.calls()).toHaveLength(1);
    expect(TYPE.ECS_DISK).toBe('disk');
  });

  it('refuses bad input before any call', async () => {
    s.gw.sim.clearCalls();
    expectBadInput(s.gw, await s.gw.query(Q, { regionIds: [] }), 'resourceInventory');
    expectBadInput(
      s.gw,
      await s.gw.query(Q, { regionIds: ['cn-hangzhou'], where: { missingKeys: [] } }),
      'resourceInventory',
    );
    expectBadInput(
      s.gw,
      await s.gw.query(Q, { regionIds: ['cn-hangzhou'], where: { missingKeys: ['acs:x'] } }),
      'resourceInventory',
    );
    expect(s.gw.sim.calls()).toHaveLength(0);
  });
});
