/**
 * `tagHygiene` against the simulator (memory upstream cache on, as by default): every figure and finding equal to
 * what the inventory dump says; the report reads each listing's pages once, its nested lists come from the cache.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile } from '../../src/simulator/index.js';
import { useGateway } from '../support/gateway.js';
import { expectBadInput, expectNoErrors, walk } from '../graph/helpers.js';
import { inScope, inventoryDump, keyVariantsOf, KINDS, userTagsOf, valueVariantsOf, type Kind } from './oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'tag-policy-'));
const POLICY = join(dir, 'policy.json');
writeFileSync(
  POLICY,
  JSON.stringify({ requiredKeys: ['env'], allowedValues: { env: ['prod', 'staging', 'dev', 'test'] } }),
);

const s = useGateway({ env: { RESPONSE_CACHE_TTL_S: '0', TAG_POLICY_FILE: POLICY, PAGE_SIZE_MAX: '1000' } });
let inv: InventoryFile;
beforeAll(async () => {
  inv = await inventoryDump(s.gw.sim.url);
});

const CONN = 'totalCount edges { node { resourceId } }';
const REPORT = `query R($regionIds: [String!]!, $kinds: [ResourceKind!], $requiredKeys: [String!]) {
  tagHygiene(regionIds: $regionIds, kinds: $kinds, requiredKeys: $requiredKeys) {
    resourceCount
    untagged(first: 1000) { ${CONN} }
    nearQuota(first: 1000) { ${CONN} }
    missingKeys { key resources(first: 1000) { ${CONN} } }
    keyVariants { key spellings { text resourceCount resources(first: 1000) { ${CONN} } } }
    valueVariants { key spellings { text resourceCount } }
    disallowedValues { key value resources(first: 1000) { ${CONN} } }
  }
}`;

const ids = (conn: any) => (conn.edges as any[]).map((e) => e.node.resourceId).sort();
const idsOf = (rs: InventoryFile['resources']) => rs.map((r) => r.resourceId).sort();
const pagesOf = (regionIds: string[], kinds: readonly Kind[]) =>
  kinds.reduce(
    (sum, k) =>
      sum +
      regionIds.reduce(
        (n, g) => n + Math.max(1, Math.ceil(inScope(inv, [g], [k]).length / (k === 'ECS_SECURITY_GROUP' ? 50 : 100))),
        0,
      ),
    0,
  );

describe('tagHygiene', () => {
  it('reports exactly what the inventory holds, reading each listing page once', async () => {
    const regionIds = ['ap-southeast-1', 'cn-shenzhen'];
    const scope = inScope(inv, regionIds);
    s.gw.sim.clearCalls();
    const res = await s.gw.query(REPORT, { regionIds, requiredKeys: ['env', 'team'] });
    expectNoErrors(res);
    const r = res.data.tagHygiene;
    // calls: the listing's pages, once, though every nested list re-reads them
    expect(s.gw.sim.calls()).toHaveLength(pagesOf(regionIds, KINDS));
    expect(res.extensions!.upstream.calls).toBe(pagesOf(regionIds, KINDS));
    expect(res.extensions!.upstream.estimatedCalls).toBeGreaterThanOrEqual(pagesOf(regionIds, KINDS));

    expect(r.resourceCount).toBe(scope.length);
    const untagged = scope.filter((x) => userTagsOf(x).length === 0);
    expect(r.untagged.totalCount).toBe(untagged.length);
    expect(ids(r.untagged)).toEqual(idsOf(untagged));
    const near = scope.filter((x) => userTagsOf(x).length >= 18);
    expect(near.length).toBeGreaterThanOrEqual(6);
    expect(ids(r.nearQuota)).toEqual(idsOf(near));
    expect(r.missingKeys.map((m: any) => m.key)).toEqual(['env', 'team']);
    for (const m of r.missingKeys) {
      const lacking = scope.filter((x) => !x.tags.some((t) => t.key === m.key));
      expect([m.resources.totalCount, ids(m.resources)]).toEqual([lacking.length, idsOf(lacking)]);
    }
    const kv = keyVariantsOf(scope);
    expect(kv.length).toBeGreaterThanOrEqual(1);
    expect(r.keyVariants.map((v: any) => v.spellings.map((x: any) => [x.text, x.resourceCount]))).toEqual(kv);
    for (const v of r.keyVariants) {
      expect(v.key).toBeNull();
      for (const sp of v.spellings) {
        const carrying = scope.filter((x) => userTagsOf(x).some((t) => t.key === sp.text));
        expect(ids(sp.resources)).toEqual(idsOf(carrying));
      }
    }
    expect(r.valueVariants.map((v: any) => [v.key, v.spellings.map((x: any) => [x.text, x.resourceCount])])).toEqual(
      valueVariantsOf(scope),
    );
    expect(r.valueVariants.some((v: any) => v.key === 'env')).toBe(true);
    // the policy allows env = prod/staging/dev/test: every other env value is reported
    const bad = [...new Set(scope.flatMap((x) => x.tags.filter((t) => t.key === 'env').map((t) => t.value)))]
      .filter((v) => !['prod', 'staging', 'dev', 'test'].includes(v))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(r.disallowedValues.map((d: any) => [d.key, d.value])).toEqual(bad.map((v) => ['env', v]));
    for (const d of r.disallowedValues) {
      const carrying = scope.filter((x) => x.tags.some((t) => t.key === d.key && t.value === d.value));
      expect(ids(d.resources)).toEqual(idsOf(carrying));
    }
  });

  it('finding lists page both ways with nothing missing or repeated', async () => {
    const vars = { regionIds: ['cn-beijing'], requiredKeys: ['team'] };
    const lacking = inScope(inv, vars.regionIds).filter((x) => !x.tags.some((t) => t.key === 'team'));
    const Q = `query Q($regionIds: [String!]!, $requiredKeys: [String!], $first: Int, $after: String, $last: Int, $before: String) {
      tagHygiene(regionIds: $regionIds, requiredKeys: $requiredKeys) { missingKeys { resources(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { resourceId } } } } } }`;
    const pick = (d: any) => d.tagHygiene.missingKeys[0].resources;
    const run = (p: Record<string, unknown>) => s.gw.query(Q, { ...vars, ...p });
    const fwd = await walk<any>(run, pick, 'forward', 53, lacking.length);
    const back = await walk<any>(run, pick, 'backward', 47, lacking.length);
    expect(fwd.map((n) => n.resourceId)).toEqual(back.map((n) => n.resourceId));
    expect(fwd.map((n) => n.resourceId).sort()).toEqual(idsOf(lacking));
  });

  it('Resource.compliance answers from the policy, from the listing’s tags', async () => {
    const res = await s.gw.query(`{ resourceInventory(regionIds: ["cn-hangzhou"], kinds: [ECS_IMAGE], first: 500) {
      edges { node { resourceId compliance { compliant missingKeys disallowedValues { key value } } } } } }`);
    expectNoErrors(res);
    for (const { node } of res.data.resourceInventory.edges) {
      const r = inv.resources.find((x) => x.resourceId === node.resourceId)!;
      const env = r.tags.find((t) => t.key === 'env');
      const missing = env ? [] : ['env'];
      const disallowed = env && !['prod', 'staging', 'dev', 'test'].includes(env.value) ? [env] : [];
      expect(node.compliance).toEqual({
        compliant: missing.length === 0 && disallowed.length === 0,
        missingKeys: missing,
        disallowedValues: disallowed,
      });
    }
  });

  it('refuses bad input before any call', async () => {
    s.gw.sim.clearCalls();
    expectBadInput(s.gw, await s.gw.query(REPORT, { regionIds: [] }), 'tagHygiene');
    expectBadInput(
      s.gw,
      await s.gw.query(REPORT, { regionIds: ['cn-hangzhou'], requiredKeys: ['aliyun-x'] }),
      'tagHygiene',
    );
    expectBadInput(s.gw, await s.gw.query(REPORT, { regionIds: ['cn-hangzhou'], kinds: [] }), 'tagHygiene');
  });
});
