/**
 * Issue 19's done-criterion: 500 random operations (random-queries.ts, seeded), caches off, one at a time against
 * the simulator's call log: none makes more calls than estimated, every `extensions.upstream.calls` equals what the
 * log shows for it (counted after the work has settled), and the ratios are printed. Then every example operation
 * (examples/operations/) and every query docs/querying.md shows, cold and with what the first run taught the
 * estimate, under the default budget: each is admitted, makes at most its estimate, and its estimate is at most 3
 * times its calls (docs/querying.md "Know the cost" states the measures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST_DEFAULTS } from '../../src/plugins/upstream-cost.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { exampleOperations } from './helpers.js';
import { prng, QueryMaker } from './random-queries.js';

const N = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Estimate ÷ calls at most, for every example operation and docs query, cold and known. */
const RATIO_CAP = 3;
const DEFAULT_BUDGET = { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: String(COST_DEFAULTS.maxUpstreamCalls) };

interface Upstream {
  estimatedCalls: number;
  calls: number;
}

async function run(gw: TestGateway, query: string): Promise<{ upstream: Upstream; logged: number; errors: boolean }> {
  const before = gw.sim.calls().length;
  const res = await gw.query(query);
  // Anything still running for it would call meanwhile (issue 19, item 4).
  await sleep(5);
  return {
    upstream: res.extensions?.upstream as Upstream,
    logged: gw.sim.calls().length - before,
    errors: !!res.errors,
  };
}

describe('estimates against the call log', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: '100000' } });
  });
  afterAll(() => gw?.close());

  it(`${N} random operations: none over its estimate, calls always the log`, async () => {
    const maker = new QueryMaker(prng(19), gw.sim.inventory().resources);
    const over: string[] = [];
    const mismatched: string[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < N; i++) {
      const q = maker.operation();
      const { upstream, logged } = await run(gw, q);
      if (upstream.calls > upstream.estimatedCalls) over.push(`${upstream.calls} > ${upstream.estimatedCalls}: ${q}`);
      if (upstream.calls !== logged) mismatched.push(`${upstream.calls} ≠ ${logged}: ${q}`);
      ratios.push(upstream.estimatedCalls / Math.max(1, upstream.calls));
    }
    ratios.sort((a, b) => a - b);
    const at = (p: number) => ratios[Math.floor(p * (ratios.length - 1))]!.toFixed(1);
    console.log(`estimate ÷ calls over ${N} operations: median ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)}`);
    expect(over).toEqual([]);
    expect(mismatched).toEqual([]);
  }, 300_000);

  it('example operations: the default budget admits each; ratios cold and known', async () => {
    const fresh = await startTestGateway({ sim: gw.sim, env: DEFAULT_BUDGET });
    try {
      for (const pass of [0, 1] as const) {
        // Reads only: a mutation changes the inventory the other operations read (its estimate: docs/writes.md).
        for (const [name, query] of exampleOperations().filter(([, q]) => !/^\s*mutation\b/m.test(q))) {
          const { upstream, logged, errors } = await run(fresh, query);
          expect(errors, name).toBe(false);
          expect(upstream.calls, name).toBe(logged);
          expect(upstream.estimatedCalls, name).toBeLessThanOrEqual(COST_DEFAULTS.maxUpstreamCalls);
          expect(upstream.calls, name).toBeLessThanOrEqual(upstream.estimatedCalls);
          const ratio = upstream.estimatedCalls / Math.max(1, upstream.calls);
          console.log(
            `${pass ? 'known' : 'cold '} ${name}: ${upstream.estimatedCalls} / ${upstream.calls} = ${ratio.toFixed(1)}`,
          );
          expect(ratio, name).toBeLessThanOrEqual(RATIO_CAP);
        }
      }
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('docs queries (issue 19, item 1): each cold on a gateway of its own, then known; the default budget admits each', async () => {
    const all5 = '["cn-hangzhou", "cn-beijing", "cn-shanghai", "cn-shenzhen", "ap-southeast-1"]';
    const DOCS: Record<string, string> = {
      'images behind each value of env': `{ tagValues(regionIds: ["cn-hangzhou"], key: "env", kind: ECS_IMAGE) { edges { node { value resourceCount resources(first: 2) { totalCount edges { node { resourceId } } } } } } }`,
      'env=prod in all 5 regions': `{ taggedResources(regionIds: ${all5}, tags: [{ key: "env", values: ["prod"] }]) { totalCount edges { node { id } } } }`,
      'resources { totalCount } under catalog entries': `{ tagCatalog(regionIds: ["cn-hangzhou"], first: 10) { edges { node { key resources { totalCount } } } } }`,
      'resources { totalCount } under value facets': `{ tagValues(regionIds: ["cn-hangzhou", "cn-beijing"], key: "env") { edges { node { value resources { totalCount } } } } }`,
      'totalCount @include(if: false)': `{ taggedResources(regionIds: ["cn-hangzhou"], tags: [{ key: "env" }], first: 5) { edges { node { id } } totalCount @include(if: false) } }`,
    };
    for (const [name, query] of Object.entries(DOCS)) {
      const fresh = await startTestGateway({ sim: gw.sim, env: DEFAULT_BUDGET });
      try {
        for (const pass of ['cold ', 'known'] as const) {
          const { upstream, logged, errors } = await run(fresh, query);
          console.log(`${pass} ${name}: ${upstream.estimatedCalls} / ${upstream.calls}`);
          expect(errors, `${pass} ${name}`).toBe(false);
          expect(upstream.calls, `${pass} ${name}`).toBe(logged);
          expect(upstream.calls, `${pass} ${name}`).toBeLessThanOrEqual(upstream.estimatedCalls);
          expect(upstream.estimatedCalls, `${pass} ${name}`).toBeLessThanOrEqual(
            RATIO_CAP * Math.max(1, upstream.calls),
          );
          expect(upstream.estimatedCalls, `${pass} ${name}`).toBeLessThanOrEqual(COST_DEFAULTS.maxUpstreamCalls);
        }
      } finally {
        await fresh.close();
      }
    }
  }, 120_000);
});
