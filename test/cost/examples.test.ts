/**
 * Issue 19, item 1, per example operation (examples/operations/, reads only): each on a gateway of its own (caches
 * off, so every call reaches the simulator's log; the default budget), run twice: cold (nothing learned: only what
 * the run reads ahead, graph/cost/read-ahead.ts) and warm (its own first run taught the list sizes,
 * loaders/list-sizes.ts). Both runs: calls ≤ estimate, calls = the log, estimate ≤ 3 × calls and within the budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST_DEFAULTS } from '../../src/plugins/upstream-cost.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway } from '../support/gateway.js';
import { exampleOperations, measured } from './helpers.js';

const DEFAULT_BUDGET = { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: String(COST_DEFAULTS.maxUpstreamCalls) };

const reads = exampleOperations().filter(([, q]) => !/^\s*mutation\b/m.test(q));

describe('example operations: estimate against the call log, cold and warm', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(() => sim?.close());

  it.each(reads)('%s: cold and warm, calls ≤ estimate ≤ 3 × calls, within the default budget', async (name, query) => {
    const gw = await startTestGateway({ sim, env: DEFAULT_BUDGET });
    try {
      for (const pass of ['cold', 'warm'] as const) {
        const { res, upstream, logged } = await measured(gw, query);
        expect(res.errors, `${name} ${pass}`).toBeUndefined();
        expect(upstream.calls, `${name} ${pass}`).toBe(logged);
        expect(upstream.calls, `${name} ${pass}`).toBeLessThanOrEqual(upstream.estimatedCalls);
        expect(upstream.estimatedCalls, `${name} ${pass}`).toBeLessThanOrEqual(3 * Math.max(1, upstream.calls));
        expect(upstream.estimatedCalls, `${name} ${pass}`).toBeLessThanOrEqual(COST_DEFAULTS.maxUpstreamCalls);
        console.log(`${pass} ${name}: estimate ${upstream.estimatedCalls}, calls ${upstream.calls}`);
      }
    } finally {
      await gw.close();
    }
  });

  it('ackClusters.graphql warm, once its region was listed (ackClustersInRegion): estimate ≤ 3 × calls', async () => {
    const gw = await startTestGateway({ sim, env: DEFAULT_BUDGET });
    try {
      const ops = Object.fromEntries(reads);
      await measured(gw, ops['ackClustersInRegion.graphql']!);
      const { upstream, logged } = await measured(gw, ops['ackClusters.graphql']!);
      expect(upstream.calls).toBe(logged);
      expect(upstream.calls).toBeLessThanOrEqual(upstream.estimatedCalls);
      expect(upstream.estimatedCalls).toBeLessThanOrEqual(3 * Math.max(1, upstream.calls));
    } finally {
      await gw.close();
    }
  });

  it('tagHygiene: bad input is refused before its listings are read ahead (0 calls)', async () => {
    const gw = await startTestGateway({ sim, env: DEFAULT_BUDGET });
    try {
      const query = `query($r: [String!]!, $k: [String!]) { tagHygiene(regionIds: $r, requiredKeys: $k) { resourceCount } }`;
      for (const variables of [
        { r: ['cn-hangzhou'], k: ['acs:reserved'] },
        { r: ['nowhere!'] },
        { r: Array.from({ length: 11 }, (_, i) => `cn-region-${i}`) },
      ]) {
        const { res, logged } = await measured(gw, query, variables);
        expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
        expect(logged, JSON.stringify(variables)).toBe(0);
      }
    } finally {
      await gw.close();
    }
  });

  it('tagHygiene over the budget: refused before any read-ahead when its first pages (or its pages last seen) pass it', async () => {
    const query = `query($r: [String!]!) { tagHygiene(regionIds: $r) { resourceCount } }`;
    // ap-southeast-1, all kinds: 6 listings, 8 pages (docs/inventory.md).
    const small = await startTestGateway({ sim, env: { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: '5' } });
    try {
      const { res, upstream, logged } = await measured(small, query, { r: ['ap-southeast-1'] });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
      expect([logged, upstream.calls]).toEqual([0, 0]);
    } finally {
      await small.close();
    }
    const seven = await startTestGateway({ sim, env: { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: '7' } });
    try {
      // Cold, its 6 first pages fit: they are read, and show 8 pages: refused then, those 6 calls reported.
      const cold = await measured(seven, query, { r: ['ap-southeast-1'] });
      expect(cold.res.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
      expect([cold.logged, cold.upstream.calls, cold.upstream.estimatedCalls]).toEqual([6, 6, 8]);
      // Its pages now known (8 > 7): refused before any call.
      const known = await measured(seven, query, { r: ['ap-southeast-1'] });
      expect(known.res.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
      expect([known.logged, known.upstream.calls]).toEqual([0, 0]);
    } finally {
      await seven.close();
    }
  });
});
