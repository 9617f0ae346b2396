/**
 * Throttling storm (issue 12): with 30 % of upstream calls answered `Throttling.User` (the simulator's
 * throttleRate) and one attempt per call, every query of a mixed workload still answers 200 with data (whole or
 * partial) and only typed errors (THROTTLED, UPSTREAM_*); nothing of it is cached in either layer (the upstream
 * cache and the response cache, both on, in memory): with throttling off, a second pass over the same queries is
 * served whole, equal to what a gateway without any cache answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile } from '../../src/simulator/index.js';
import { KIND_OF_TYPE, TYPENAME_OF_TYPE } from '../graph/helpers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { send } from './fuzz-http.js';
import { Tally, type GraphQLBody } from './support.js';

const THROTTLE_RATE = 0.3;
const CONCURRENCY = 4;
/** The storm passes over the workload (a repeat meets whatever the first pass left in the caches). */
const ROUNDS = 3;
const TYPED = /^(THROTTLED|UPSTREAM_[A-Z_]+)$/;

let gw: TestGateway;
/** Same simulator, no cache at all: the correct answers. */
let direct: TestGateway;
const tally = new Tally();
const figures = {
  queries: 0,
  stormRequests: 0,
  upstreamCalls: 0,
  throttledCalls: 0,
  partial: 0,
  whole: 0,
  secondPassHits: 0,
  secondPassCalls: 0,
  seconds: 0,
};

beforeAll(async () => {
  gw = await startTestGateway({ env: { NODE_ENV: 'production', UPSTREAM_MAX_ATTEMPTS: '1' } });
  direct = await startTestGateway({
    sim: gw.sim,
    env: { NODE_ENV: 'production', CACHE_ENABLED: 'false', UPSTREAM_MAX_ATTEMPTS: '1' },
  });
});

afterAll(async () => {
  console.log(`storm ${JSON.stringify(figures)} ${tally.summary()}`);
  await direct?.close();
  await gw?.close();
});

const TAGS = 'tags(first: 20) { totalCount edges { node { key value } } }';

/** A mixed workload: every root field, several regions, clusters with their DescribeClustersV1 fields. */
function workload(inv: InventoryFile): Array<{ query: string; variables?: Record<string, unknown> }> {
  const regions = inv.regions;
  const refs = (offset: number) =>
    inv.resources
      .filter((_, i) => i % 23 === offset % 23)
      .slice(0, 60)
      .map((r) => ({ kind: KIND_OF_TYPE[r.type], regionId: r.regionId, resourceId: r.resourceId }));
  const ids = inv.resources
    .filter((_, i) => i % 41 === 0)
    .slice(0, 30)
    .map((r) => Buffer.from(`${TYPENAME_OF_TYPE[r.type]}:${r.regionId}/${r.resourceId}`).toString('base64url'));
  const out: Array<{ query: string; variables?: Record<string, unknown> }> = [];
  for (const [i, region] of regions.entries()) {
    out.push({
      query: `{ tagKeys(regionIds: ["${region}"], first: 30) { totalCount edges { node { key valueCount resourceCount } } } }`,
    });
    out.push({
      query: `{ tagValues(regionIds: ["${region}"], key: "env") { totalCount edges { node { value resourceCount } } } }`,
    });
    out.push({
      query: `{ ackClusters(regionId: "${region}", first: 30) { totalCount edges { node { id name state clusterType ${TAGS} } } } }`,
    });
    out.push({
      query: `query R($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id kind ... on AckCluster { name state } ${TAGS} } }`,
      variables: { refs: refs(i) },
    });
    out.push({
      query: `{ taggedResources(regionIds: ["${region}"], kinds: [ACK_CLUSTER, ECS_INSTANCE], tags: [{ key: "env", values: ["prod"] }], first: 25) { totalCount edges { node { id ${TAGS} } } } }`,
    });
  }
  out.push({
    query: `{ tagCatalog(regionIds: ${JSON.stringify(regions)}, first: 50) { totalCount edges { node { key value regionId resourceCount } } } }`,
  });
  out.push({
    query: `{ tagCatalog(regionIds: ${JSON.stringify(regions)}, kind: ECS_DISK, first: 50) { totalCount edges { node { key value regionId } } } }`,
  });
  out.push({
    query: `query N($ids: [ID!]!) { nodes(ids: $ids) { id ... on Resource { ${TAGS} } ... on AckCluster { name } } }`,
    variables: { ids },
  });
  return out;
}

async function post(
  url: string,
  q: { query: string; variables?: Record<string, unknown> },
): Promise<{
  status: number;
  text: string;
  body: GraphQLBody & { extensions?: { responseCache?: { hit?: boolean } } };
}> {
  const a = await send(url, {
    method: 'POST',
    verb: 'POST',
    contentType: 'application/json',
    headers: {},
    payload: JSON.stringify(q),
  });
  return { ...a, body: JSON.parse(a.text) as GraphQLBody };
}

async function inParallel<T>(items: T[], run: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await run(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe('throttling storm', () => {
  it(
    'every query answers with data and typed errors; a second pass without throttling is whole and correct',
    { timeout: 120_000 },
    async () => {
      const started = performance.now();
      const queries = workload(gw.sim.inventory());
      figures.queries = queries.length;
      const expected: GraphQLBody['data'][] = [];
      for (const q of queries) {
        const r = await post(direct.url, q);
        expect(r.body.errors, r.text.slice(0, 500)).toBeUndefined();
        expected.push(r.body.data);
      }

      gw.sim.clearCalls();
      gw.sim.setFaults({ throttleRate: THROTTLE_RATE });
      try {
        await inParallel(Array.from({ length: ROUNDS }, () => queries).flat(), async (q, i) => {
          const r = await post(gw.url, q);
          const { body } = tally.inspect(`storm #${i}`, r.status, r.text);
          expect(r.status, r.text.slice(0, 500)).toBe(200);
          expect(body?.data, r.text.slice(0, 500)).toBeTruthy();
          for (const e of body?.errors ?? []) expect(String(e.extensions?.code), JSON.stringify(e)).toMatch(TYPED);
          if (body?.errors?.length) figures.partial++;
          const hit = (body as { extensions?: { responseCache?: { hit?: boolean } } } | undefined)?.extensions
            ?.responseCache?.hit;
          if (hit && body?.errors?.length)
            tally.violation(`storm #${i}`, 'an answer with errors served from the response cache', r.text);
          figures.stormRequests++;
        });
      } finally {
        gw.sim.setFaults({ throttleRate: 0 });
      }
      const stormCalls = gw.sim.calls();
      figures.upstreamCalls = stormCalls.length;
      figures.throttledCalls = stormCalls.filter((c) => c.code === 'Throttling.User').length;
      // the storm was one: about 30 % throttled, and it showed in the answers
      expect(figures.throttledCalls / figures.upstreamCalls).toBeGreaterThan(0.15);
      expect(figures.throttledCalls / figures.upstreamCalls).toBeLessThan(0.45);
      expect(figures.partial).toBeGreaterThan(0);
      expect(tally.codes.get('THROTTLED') ?? 0).toBeGreaterThan(0);

      // Throttling off: nothing that failed was cached in either layer, so every answer is whole and correct; each
      // query once as sent (the response cache's entry, if any) and once renamed (a response-cache miss: the upstream
      // cache's entries).
      for (const [i, q] of queries.entries()) {
        const renamed = {
          ...q,
          query: q.query.startsWith('{')
            ? `query Second${i} ${q.query}`
            : q.query.replace(/^query \w+/, `query Second${i}`),
        };
        for (const sent of [q, renamed]) {
          const r = await post(gw.url, sent);
          tally.inspect(`second pass #${i}`, r.status, r.text);
          expect(r.body.errors, `query #${i}: ${r.text.slice(0, 500)}`).toBeUndefined();
          expect(r.body.data, `query #${i}`).toEqual(expected[i]);
          if (r.body.extensions?.responseCache?.hit) figures.secondPassHits++;
          figures.whole++;
        }
      }
      // the renamed pass was served by the upstream cache: the storm's successful pages, none of its failures
      figures.secondPassCalls = gw.sim.calls().length - figures.upstreamCalls;
      expect(figures.secondPassCalls).toBeLessThan(figures.upstreamCalls);
      figures.seconds = Math.round((performance.now() - started) / 100) / 10;
      expect(tally.violations).toEqual([]);
    },
  );
});
