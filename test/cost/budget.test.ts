/**
 * MAX_UPSTREAM_CALLS: an operation whose calls certain to be made already pass the budget is refused before any call
 * (UPSTREAM_BUDGET_EXCEEDED with the estimate and the budget); one whose first pages, read ahead, show it over the
 * budget is refused then (those calls made and reported); one that reaches the budget while running stops calling
 * and answers what it has, with that error where data is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { exampleOperations, measured } from './helpers.js';

describe('upstream call budget', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // One (resource, tag) row per ECS ListTagResources page: tags cost far more pages than the model's 20 a page.
    gw = await startTestGateway({
      simulator: { pageSizeEcs: 1 },
      env: { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: '5' },
    });
  });
  afterAll(() => gw?.close());

  it('refuses an operation before any call when the pages it must read pass the budget', async () => {
    // Read whole: the first pages of 10 ECS listings and 2 cluster listings are certain, 12 calls at least.
    const query = `{ taggedResources(regionIds: ["cn-hangzhou", "cn-beijing"], tags: [{ key: "env" }]) { totalCount } }`;
    const { res, upstream, logged } = await measured(gw, query);
    expect(logged).toBe(0);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    const e = res.errors![0]!;
    expect(e.extensions).toMatchObject({ code: 'UPSTREAM_BUDGET_EXCEEDED', budget: 5 });
    expect(e.extensions!.estimatedCalls).toBeGreaterThan(5);
    expect(upstream).toMatchObject({ calls: 0, estimatedCalls: e.extensions!.estimatedCalls });
  });

  it('refuses it after its read-ahead when the first page shows it over the budget: only that call made', async () => {
    // One row a page: the first page of the first segment (read ahead) holds one resource and goes on.
    const [, query] = exampleOperations().find(([name]) => name === 'taggedResources.graphql')!;
    const { res, upstream, logged } = await measured(gw, query);
    expect(res.data).toBeUndefined();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
    expect(res.errors![0]!.extensions!.estimatedCalls).toBeGreaterThan(5);
    expect([logged, upstream.calls]).toEqual([1, 1]);
  });

  it('stops calling at the budget and returns partial data with the error', async () => {
    const instances = gw.sim
      .inventory()
      .resources.filter((r) => r.type === 'instance' && r.regionId === 'cn-hangzhou' && r.tags.length >= 3)
      .slice(0, 3);
    const refs = instances.map((r) => ({ kind: 'ECS_INSTANCE', regionId: r.regionId, resourceId: r.resourceId }));
    const q = `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { resourceId tags { totalCount } } }`;
    const { res, upstream, logged } = await measured(gw, q, { refs });
    expect(upstream.estimatedCalls).toBeLessThanOrEqual(5);
    expect(logged).toBe(5);
    expect(upstream.calls).toBe(5);
    expect(res.data.resources.map((r: { resourceId: string }) => r.resourceId)).toEqual(refs.map((r) => r.resourceId));
    expect(res.data.resources.every((r: { tags: unknown }) => r.tags === null)).toBe(true);
    expect(res.errors!.length).toBeGreaterThan(0);
    for (const e of res.errors!) expect(e.extensions).toMatchObject({ code: 'UPSTREAM_BUDGET_EXCEEDED' });
  });

  it('counts the budget per request: the next request has its own', async () => {
    const q = `{ tagCatalog(regionIds: ["cn-hangzhou"], first: 1) { edges { node { key } } } }`;
    const { res, upstream } = await measured(gw, q);
    expect(res.errors).toBeUndefined();
    expect(upstream.calls).toBe(1);
  });

  it('answers BAD_USER_INPUT, not UPSTREAM_BUDGET_EXCEEDED, for input refused before any call (issue 19, item 3)', async () => {
    // ECS kinds with `without` alone: refused by the resolver; whole-list pricing alone is far over a budget of 5.
    const q = `{ taggedResources(regionIds: ["cn-hangzhou", "cn-beijing"], without: [{ key: "env" }], last: 100) { totalCount } }`;
    const { res, logged } = await measured(gw, q);
    expect(logged).toBe(0);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.path).toEqual(['taggedResources']);
  });

  it('answers the input error first when a valid sibling is over the budget', async () => {
    const q = `{
      bad: taggedResources(regionIds: ["cn-hangzhou"], without: [{ key: "env" }]) { totalCount }
      big: taggedResources(regionIds: ["cn-hangzhou", "cn-beijing"], tags: [{ key: "env" }], last: 100) { totalCount }
    }`;
    const { res, logged } = await measured(gw, q);
    expect(logged).toBe(0);
    expect(res.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['BAD_USER_INPUT', ['bad']]]);
  });

  it('prices a field left out by @skip / @include at nothing', async () => {
    const q = `query($no: Boolean = false) {
      taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE], tags: [{ key: "env" }], first: 1) {
        edges { node { id } }
        totalCount @include(if: $no)
        again: totalCount @skip(if: true)
      }
    }`;
    const { res, upstream } = await measured(gw, q);
    expect(res.errors).toBeUndefined();
    expect(upstream.estimatedCalls).toBeLessThanOrEqual(5);
  });
});
