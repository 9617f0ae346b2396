/**
 * Tenant isolation (issue 12): CALLER_CREDENTIALS=true, two simulator tenants with their own inventories, both
 * cache layers on (in memory, and on Redis), an operator bypass token configured. Tenant B probes what tenant A
 * left behind: A's cursors (refused, no upstream call), A's global IDs (resolved against B's own data), A's
 * ETags (never a 304), the bypass token (B's own data, fresh), repeats of A's queries (never A's cached answer),
 * A's AccessKeyId with another secret. Over every answer B gets: zero cross-tenant bytes, i.e. no resource ID,
 * tag or name that exists only in A's inventory, in a value, in a decoded global ID or in a decoded cursor —
 * except what B itself sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  startSimulator,
  type InventoryFile,
  type Simulator,
  type SimulatorKey,
} from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { deleteKeys, e2ePrefix, SHARED_REDIS_URL, startCachedGateway, TENANT_B } from '../e2e-cache/helpers.js';
import type { GraphQLBody } from './support.js';

const A = DEMO_KEY;
const B = TENANT_B;
const BYPASS = 'operator-bypass-token-0123456789';
const prefix = e2ePrefix('hardening-isolation');

let sim: Simulator;
/** No cache: what the upstream answers each tenant. */
let direct: TestGateway;
const gateways: Record<'memory' | 'redis', TestGateway | undefined> = { memory: undefined, redis: undefined };
/** Values that exist only in A's inventory. */
let aOnly: Set<string>;
const figures = {
  probes: 0,
  aOnlyTokensInAAnswers: 0,
  aOnlyIdsProbed: 0,
  leaks: 0,
  refusedCursors: 0,
  foreignIds: 0,
  etagProbes: 0,
  not304: 0,
  bypassProbes: 0,
  repeats: 0,
};
const leaks: string[] = [];

const credentials = (k: SimulatorKey) => ({
  'x-alibaba-cloud-access-key-id': k.accessKeyId,
  'x-alibaba-cloud-access-key-secret': k.accessKeySecret,
});

function valuesOf(inv: InventoryFile): Set<string> {
  const out = new Set<string>();
  for (const r of inv.resources) {
    out.add(r.resourceId);
    if (r.name) out.add(r.name);
    for (const t of r.tags) out.add(t.key).add(t.value);
  }
  return out;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [A, B] });
  const env = {
    NODE_ENV: 'production',
    CALLER_CREDENTIALS: 'true',
    CACHE_BYPASS_TOKEN: BYPASS,
    UPSTREAM_MAX_ATTEMPTS: '1',
  };
  direct = await startTestGateway({ sim, env: { ...env, CACHE_ENABLED: 'false' } });
  gateways.memory = await startTestGateway({ sim, env });
  gateways.redis = await startCachedGateway({ sim, prefix, env });
  const inB = valuesOf(sim.inventory(B.accessKeyId));
  aOnly = new Set([...valuesOf(sim.inventory(A.accessKeyId))].filter((v) => !inB.has(v)));
});

afterAll(async () => {
  console.log(`isolation ${JSON.stringify(figures)}`);
  await gateways.memory?.close();
  await gateways.redis?.close();
  await direct?.close();
  await sim?.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

interface Answer {
  status: number;
  etag: string | null;
  text: string;
  body: GraphQLBody & { extensions?: { responseCache?: { hit?: boolean } } };
}

async function ask(
  url: string,
  who: SimulatorKey,
  q: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...credentials(who),
      ...headers,
    },
    body: JSON.stringify(q),
  });
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    text,
    body: text ? (JSON.parse(text) as Answer['body']) : {},
  };
}

/** Every string in a value, with global IDs and cursor payloads decoded into their parts. */
function tokensOf(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    out.add(value);
    const decoded = value.startsWith('v1.') ? (value.split('.')[1] ?? '') : value;
    if (/^[A-Za-z0-9_-]{4,}={0,2}$/.test(decoded)) {
      for (const part of Buffer.from(decoded, 'base64url')
        .toString('utf8')
        .split(/[^A-Za-z0-9._@:+-]+|[:/]/))
        if (part) out.add(part);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) tokensOf(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) tokensOf(v, out);
  }
  return out;
}

/** B's probe: counts it and records any A-only token in the answer that B did not send itself. */
async function probeAsB(
  url: string,
  q: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const a = await ask(url, B, q, headers);
  figures.probes++;
  const sent = tokensOf([q.variables ?? {}, [...q.query.matchAll(/"([^"]*)"/g)].map((m) => m[1])]);
  const got = tokensOf(a.text ? (JSON.parse(a.text) as unknown) : null);
  for (const t of got) {
    if (aOnly.has(t) && !sent.has(t)) {
      figures.leaks++;
      leaks.push(`${t} in ${a.text.slice(0, 300)}`);
    }
  }
  return a;
}

const REGIONS = ['cn-hangzhou', 'cn-beijing', 'cn-shanghai'];
const TAGS = 'tags(first: 50) { totalCount edges { node { key value } } }';
/** Paged queries with their `after` variable. */
const PAGED = [
  ...REGIONS.map(
    (r) =>
      `query($after: String) { tagKeys(regionIds: ["${r}"], first: 5, after: $after) { edges { node { key } } pageInfo { endCursor } } }`,
  ),
  `query($after: String) { tagCatalog(regionIds: ${JSON.stringify(REGIONS)}, first: 5, after: $after) { edges { node { key value regionId } } pageInfo { endCursor } } }`,
  ...REGIONS.map(
    (r) =>
      `query($after: String) { ackClusters(regionId: "${r}", first: 5, after: $after) { edges { node { id name resourceId ${TAGS} } } pageInfo { endCursor } } }`,
  ),
  `query($after: String) { taggedResources(regionIds: ${JSON.stringify(REGIONS)}, kinds: [ACK_CLUSTER], first: 5, after: $after) { edges { node { id resourceId ${TAGS} } } pageInfo { endCursor } } }`,
  `query($after: String) { tagValues(regionIds: ["cn-hangzhou"], key: "owner", first: 5, after: $after) { edges { node { value } } pageInfo { endCursor } } }`,
];

const endCursorOf = (a: Answer): string | undefined => /"endCursor":"([^"]+)"/.exec(a.text)?.[1];
const idsOf = (a: Answer): string[] => [...a.text.matchAll(/"id":"([^"]+)"/g)].map((m) => m[1]!);

describe.each(['memory', 'redis'] as const)('tenant B against what tenant A left in the %s caches', (store) => {
  const gw = () => gateways[store]!;
  let aIds: string[] = [];

  it("repeats of A's queries answer B with B's own data, never A's cached answer", async () => {
    // `figures` is shared by both stores and only grows: the guard below is on this store's increase
    const tokensBefore = figures.aOnlyTokensInAAnswers;
    for (const query of PAGED) {
      const q = { query, variables: {} };
      const a = await ask(gw().url, A, q);
      expect(a.body.errors).toBeUndefined();
      aIds.push(...idsOf(a));
      // the detector has teeth: A's own answers are full of what B must never see
      for (const t of tokensOf(JSON.parse(a.text) as unknown)) if (aOnly.has(t)) figures.aOnlyTokensInAAnswers++;
      const expected = (await ask(direct.url, B, q)).body.data;
      for (let i = 0; i < 2; i++) {
        const b = await probeAsB(gw().url, q);
        figures.repeats++;
        expect(b.body.data).toEqual(expected);
        if (i === 0) expect(b.body.extensions?.responseCache?.hit).not.toBe(true);
      }
    }
    // A's ECS resources too, by native reference
    const refs = sim
      .inventory(A.accessKeyId)
      .resources.filter((r, i) => r.type === 'instance' && i % 5 === 0)
      .slice(0, 40);
    const a = await ask(gw().url, A, {
      query: 'query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id } }',
      variables: { refs: refs.map((r) => ({ kind: 'ECS_INSTANCE', regionId: r.regionId, resourceId: r.resourceId })) },
    });
    aIds.push(...idsOf(a));
    aIds = [...new Set(aIds)];
    expect(aIds.length).toBeGreaterThan(20);
    expect(figures.aOnlyTokensInAAnswers - tokensBefore).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });

  it("A's cursors are refused for B, before any upstream call", async () => {
    for (const query of PAGED) {
      const cursor = endCursorOf(await ask(gw().url, A, { query, variables: {} }));
      expect(cursor, query).toBeDefined();
      const before = sim.calls({ accessKeyId: B.accessKeyId }).length;
      const b = await probeAsB(gw().url, { query, variables: { after: cursor } });
      expect(b.body.errors?.[0]?.extensions?.code, b.text).toBe('BAD_USER_INPUT');
      expect(sim.calls({ accessKeyId: B.accessKeyId }).length).toBe(before);
      figures.refusedCursors++;
    }
    expect(leaks).toEqual([]);
  });

  it("A's global IDs resolve against B's own data only", async () => {
    const aResources = new Set(sim.inventory(A.accessKeyId).resources.map((r) => r.resourceId));
    const bResources = new Set(sim.inventory(B.accessKeyId).resources.map((r) => r.resourceId));
    const probedBefore = figures.aOnlyIdsProbed;
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Resource { resourceId ${TAGS} } ... on AckCluster { name state } } }`;
    for (const id of aIds.slice(0, 40)) {
      const b = await probeAsB(gw().url, { query: NODE, variables: { id } });
      figures.foreignIds++;
      const resourceId = Buffer.from(id, 'base64url').toString().split('/')[1]!;
      if (aResources.has(resourceId) && !bResources.has(resourceId)) {
        figures.aOnlyIdsProbed++;
        // B has no such resource: a cluster does not exist for B, an ECS resource has none of A's tags
        const node = b.body.data?.['node'] as { tags?: { totalCount: number } } | null;
        if (node) expect(node.tags?.totalCount ?? 0, b.text).toBe(0);
        else expect(b.body.errors?.[0]?.extensions?.code, b.text).toBe('NOT_FOUND');
      }
    }
    expect(figures.aOnlyIdsProbed - probedBefore).toBeGreaterThan(10);
    const many = await probeAsB(gw().url, {
      query: `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Resource { ${TAGS} } } }`,
      variables: { ids: aIds.slice(0, 60) },
    });
    expect(many.status).toBeLessThan(500);
    expect(leaks).toEqual([]);
  });

  it("A's ETags never get B a 304", async () => {
    for (const query of PAGED) {
      const q = { query, variables: {} };
      const a = await ask(gw().url, A, q);
      expect(a.etag, query).toBeTruthy();
      const b = await probeAsB(gw().url, q, { 'if-none-match': a.etag! });
      figures.etagProbes++;
      expect(b.status).toBe(200);
      expect(b.etag).not.toBe(a.etag);
      figures.not304++;
      const all = await probeAsB(gw().url, q, { 'if-none-match': `${a.etag!}, W/${a.etag!}, "x"` });
      expect(all.status).toBe(200);
      // the mechanism works for B's own tag
      const own = await ask(gw().url, B, q, { 'if-none-match': b.etag! });
      expect(own.status).toBe(304);
    }
    expect(leaks).toEqual([]);
  });

  it('the bypass token gets B its own fresh data, and leaves nothing of it to A or of A to B', async () => {
    for (const query of PAGED) {
      const q = { query, variables: {} };
      const expectedB = (await ask(direct.url, B, q)).body.data;
      const expectedA = (await ask(direct.url, A, q)).body.data;
      const bypassed = await probeAsB(gw().url, q, { 'x-cache-bypass': BYPASS });
      expect(bypassed.body.data).toEqual(expectedB);
      const a = await ask(gw().url, A, q, { 'x-cache-bypass': BYPASS });
      expect(a.body.data).toEqual(expectedA);
      const wrongToken = await probeAsB(gw().url, q, { 'x-cache-bypass': `${BYPASS}-not` });
      expect(wrongToken.body.data).toEqual(expectedB);
      expect((await probeAsB(gw().url, q)).body.data).toEqual(expectedB);
      figures.bypassProbes += 3;
    }
    expect(leaks).toEqual([]);
  });

  it("A's AccessKeyId with another secret gets none of A's cached answers", async () => {
    const impostor = { accessKeyId: A.accessKeyId, accessKeySecret: B.accessKeySecret };
    for (const query of PAGED) {
      const res = await ask(gw().url, impostor, { query, variables: {} });
      figures.probes++;
      expect(res.body.extensions?.responseCache?.hit).not.toBe(true);
      expect(res.body.errors?.[0]?.extensions?.code, res.text).toBe('UPSTREAM_UNAUTHORIZED');
      for (const t of tokensOf(JSON.parse(res.text) as unknown)) if (aOnly.has(t)) leaks.push(`impostor: ${t}`);
    }
    expect(leaks).toEqual([]);
  });
});
