/**
 * The estimator on its own (no call): MAX_UPSTREAM_CALLS's default is above the largest example operation's
 * estimate, and estimates follow the documented model (README "Know the cost").
 */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateCalls, tagCalls } from '../../src/graph/cost/cost.js';
import { buildSchema } from '../../src/graph/schema.js';
import { COST_DEFAULTS } from '../../src/plugins/upstream-cost.js';
import { exampleOperations } from './helpers.js';

const schema = buildSchema({ federation: true, nodeFields: 'keep' });
const estimate = (query: string, variables?: Record<string, unknown>) =>
  estimateCalls(schema, parse(query), undefined, variables, { defaultPageSize: 20 });

describe('estimator', () => {
  it('sizes the default budget above the largest example operation', () => {
    const estimates = Object.fromEntries(exampleOperations().map(([name, q]) => [name, estimate(q)]));
    console.log('estimates', estimates);
    const largest = Math.max(...Object.values(estimates));
    expect(largest).toBeGreaterThan(0);
    expect(COST_DEFAULTS.maxUpstreamCalls).toBeGreaterThanOrEqual(largest);
  });

  it('prices resource tags per (region, kind): ceil(n / 50) calls, each up to ceil(ids × 20 / 50) pages', () => {
    expect(tagCalls(1)).toBe(1);
    expect(tagCalls(50)).toBe(20);
    expect(tagCalls(51)).toBe(21);
    const refs = (n: number, regionId: string) =>
      Array.from({ length: n }, (_, i) => ({
        kind: 'ECS_INSTANCE',
        regionId,
        resourceId: `i-${String(i).padStart(20, 'a')}`,
      }));
    const q = `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { tags { totalCount } } }`;
    expect(estimate(q, { refs: refs(3, 'cn-hangzhou') })).toBe(tagCalls(3));
    expect(estimate(q, { refs: [...refs(3, 'cn-hangzhou'), ...refs(2, 'cn-beijing')] })).toBe(
      tagCalls(3) + tagCalls(2),
    );
    // ECS references without `tags` cost nothing (nothing to look up).
    expect(
      estimate(`query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id } }`, {
        refs: refs(3, 'cn-hangzhou'),
      }),
    ).toBe(0);
  });

  it('grows with regions, page sizes and nested lists', () => {
    const one = estimate(`{ tagCatalog(regionIds: ["cn-hangzhou"], first: 10) { edges { node { key } } } }`);
    const two = estimate(
      `{ tagCatalog(regionIds: ["cn-hangzhou", "cn-beijing"], first: 10) { edges { node { key } } } }`,
    );
    expect(one).toBe(1);
    expect(two).toBeGreaterThan(one);
    const nested = estimate(
      `{ tagCatalog(regionIds: ["cn-hangzhou"], first: 10) { edges { node { key resources(first: 5) { edges { node { id } } } } } } }`,
    );
    expect(nested).toBeGreaterThan(one + 10);
    const small = estimate(
      `{ taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE], tags: [{ key: "env" }], first: 5) { edges { node { id } } } }`,
    );
    const whole = estimate(
      `{ taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE], tags: [{ key: "env" }], last: 5) { edges { node { id } } } }`,
    );
    expect(whole).toBeGreaterThan(small);
  });

  it('is 0 for an operation that makes no call, or will not run', () => {
    expect(estimate(`{ __typename }`)).toBe(0);
    expect(estimate(`query($n: Int!) { tagCatalog(regionIds: ["x"], first: $n) { totalCount } }`, {})).toBe(0);
  });
});
