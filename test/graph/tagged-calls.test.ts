/**
 * The cost of `taggedResources`, counted in the simulator's call log (SIMULATOR_SIZE 6: over 1,000 disks in
 * cn-hangzhou carry env=prod). `first: 20` makes at most 3 upstream calls per (region, kind) it touches, cold, and
 * none warm (upstream cache on, response cache off; and with the response cache on). Forward paging reads each
 * upstream page once. Node tags are not selected: they cost calls of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogEntry } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { expectNoErrors } from './helpers.js';
import { expectedTagged } from './tagged-oracle.js';

const PAGE = `query($regionIds: [String!]!, $kinds: [ResourceKind!], $tags: [TagMatchInput!], $first: Int, $after: String) {
  taggedResources(regionIds: $regionIds, kinds: $kinds, tags: $tags, first: $first, after: $after) {
    edges { node { kind regionId resourceId } } pageInfo { hasNextPage endCursor }
  }
}`;

let noResponseCache: TestGateway;
let withResponseCache: TestGateway;

beforeAll(async () => {
  [noResponseCache, withResponseCache] = await Promise.all([
    startTestGateway({ simulator: { size: 6 }, env: { RESPONSE_CACHE_TTL_S: '0' } }),
    startTestGateway({ simulator: { size: 6 } }),
  ]);
}, 60_000);
afterAll(() => Promise.all([noResponseCache?.close(), withResponseCache?.close()]));

const BIG = { regionIds: ['cn-hangzhou'], kinds: ['ECS_DISK'], tags: [{ key: 'env', values: ['prod'] }] };

/** Calls per (region, resource type or CS operation). */
function perStream(calls: CallLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const key = `${c.regionId} ${c.operation === 'EcsListTagResources' ? String(c.params.ResourceType) : c.operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function page(gw: TestGateway, vars: Record<string, unknown>) {
  const res = await gw.query(PAGE, vars);
  expectNoErrors(res);
  return res.data.taggedResources as {
    edges: Array<{ node: { resourceId: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}

describe('first: 20 over a tag on more than 1,000 resources', () => {
  it('the inventory has them', () => {
    expect(expectedTagged(noResponseCache.sim.inventory(), BIG as never).length).toBeGreaterThanOrEqual(1000);
  });

  for (const [name, gw] of [
    ['response cache off', () => noResponseCache],
    ['response cache on', () => withResponseCache],
  ] as const) {
    it(`${name}: at most 3 calls cold, none warm`, async () => {
      gw().sim.clearCalls();
      const cold = await page(gw(), { ...BIG, first: 20 });
      expect(cold.edges).toHaveLength(20);
      expect(cold.pageInfo.hasNextPage).toBe(true);
      const calls = gw().sim.calls();
      expect([...perStream(calls).keys()]).toEqual(['cn-hangzhou disk']);
      expect(calls.length).toBeLessThanOrEqual(3);
      gw().sim.clearCalls();
      const warm = await page(gw(), { ...BIG, first: 20 });
      expect(warm).toEqual(cold);
      expect(gw().sim.calls()).toHaveLength(0);
    });
  }

  it('all six kinds over two regions: only the streams it touches, at most 3 calls each', async () => {
    const gw = noResponseCache;
    gw.sim.clearCalls();
    const res = await page(gw, {
      regionIds: ['cn-beijing', 'cn-hangzhou'],
      tags: [{ key: 'env', values: ['prod'] }],
      first: 20,
    });
    expect(res.edges).toHaveLength(20);
    const streams = perStream(gw.sim.calls());
    expect(streams.size).toBeGreaterThan(0);
    for (const [stream, n] of streams) expect(n, stream).toBeLessThanOrEqual(3);
    expect([...streams.keys()]).toEqual(['cn-beijing instance']);
  });

  it('paging forward reads each upstream page once (two rows a resource: 100 resources are 4 pages of 50 rows)', async () => {
    const gw = noResponseCache;
    const vars = {
      ...BIG,
      tags: [
        { key: 'env', values: ['prod'] },
        { key: 'team', values: ['web'] },
      ],
    };
    gw.sim.clearCalls();
    let after: string | undefined;
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await page(gw, { ...vars, first: 20, after });
      seen.push(...p.edges.map((e) => e.node.resourceId));
      after = p.pageInfo.endCursor;
    }
    const tokens = gw.sim.calls().map((c) => String(c.params.NextToken ?? ''));
    expect(new Set(tokens).size).toBe(tokens.length);
    // Two filters: each resource is two rows of the by-tag answer; one more page at most for hasNextPage.
    expect(tokens.length).toBeLessThanOrEqual(Math.ceil((seen.length * 2) / 50) + 1);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
