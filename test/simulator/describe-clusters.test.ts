import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  startSimulator,
  type InventoryFile,
  type InventoryResource,
  type Simulator,
} from '../../src/simulator/index.js';
import { byteOrder, failure, rawRoa, resetSimulator, roaClient } from './helpers.js';

const OTHER = { accessKeyId: 'clusters-other', accessKeySecret: 'clusters-other-secret' };
const PATH = '/api/v1/clusters';
const STATES = [
  'initial',
  'failed',
  'running',
  'updating',
  'upgrading',
  'removing',
  'draining',
  'scaling',
  'inactive',
  'unavailable',
  'deleting',
  'deleted',
  'delete_failed',
  'waiting',
  'disconnected',
];

let sim: Simulator;
let inv: InventoryFile;
beforeAll(async () => {
  sim = await startSimulator({ keys: [DEMO_KEY, OTHER] });
  inv = sim.inventory();
});
afterEach(() => resetSimulator(sim));
afterAll(() => sim.close());

const clusters = (i = inv) => i.resources.filter((r) => r.type === 'cluster');

/** What DescribeClustersV1 answers for one inventory cluster, restated from /__simulator/inventory's fields. */
function item(c: InventoryResource) {
  return {
    cluster_id: c.resourceId,
    name: c.name,
    region_id: c.regionId,
    cluster_type: c.cluster!.clusterType,
    cluster_spec: c.cluster!.clusterSpec,
    profile: c.cluster!.profile,
    state: c.cluster!.state,
    created: c.cluster!.created,
    tags: [...c.tags].sort((a, b) => byteOrder(a.key, b.key)),
  };
}

/** The documented filters, then the chosen order: newest first, then cluster_id. */
function expected(filter: (c: InventoryResource) => boolean = () => true) {
  return clusters()
    .filter(filter)
    .sort(
      (a, b) =>
        Date.parse(b.cluster!.created!) - Date.parse(a.cluster!.created!) || byteOrder(a.resourceId, b.resourceId),
    )
    .map(item);
}

async function allPages(query: Record<string, string>, pageSize: number) {
  const client = roaClient(sim);
  const items: any[] = [];
  for (let page = 1; ; page++) {
    const res = await client.request('GET', PATH, { ...query, page_size: String(pageSize), page_number: String(page) });
    expect(Object.keys(res).sort()).toEqual(['clusters', 'page_info']);
    expect(res.page_info).toMatchObject({ page_number: page, page_size: pageSize });
    items.push(...res.clusters);
    if (items.length >= res.page_info.total_count || res.clusters.length === 0) {
      expect(items).toHaveLength(res.page_info.total_count);
      return items;
    }
    expect(res.clusters).toHaveLength(pageSize);
  }
}

describe('generated clusters carry the DescribeClustersV1 fields', () => {
  it('every cluster has a documented type, profile, state, a spec and an ISO 8601 creation time', () => {
    for (const c of clusters()) {
      expect(['Kubernetes', 'ManagedKubernetes', 'ExternalKubernetes']).toContain(c.cluster!.clusterType);
      expect(['Default', 'Edge', 'Serverless', 'Lingjun']).toContain(c.cluster!.profile);
      expect(STATES).toContain(c.cluster!.state);
      expect(c.cluster!.clusterSpec).toMatch(/^ack\./);
      expect(c.cluster!.created).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    }
    const states = new Set(clusters().map((c) => c.cluster!.state));
    expect(states.size).toBeGreaterThanOrEqual(8);
    expect(new Set(clusters().map((c) => c.cluster!.clusterType)).size).toBe(3);
    expect(clusters().filter((c) => c.cluster!.state === 'running').length / clusters().length).toBeGreaterThan(0.5);
  });

  it('/__simulator/inventory exposes them', async () => {
    const res = await fetch(`${sim.url}/__simulator/inventory`);
    const body = (await res.json()) as InventoryFile;
    const c = body.resources.find((r) => r.type === 'cluster')!;
    expect(c.cluster).toEqual(clusters()[0]!.cluster);
    expect(c.name).toBe(clusters()[0]!.name);
  });
});

describe('DescribeClustersV1 semantics', () => {
  it('lists every cluster of every region once when paged to the end (no region_id)', async () => {
    const items = await allPages({}, 7);
    expect(items).toEqual(expected());
    expect(new Set(items.map((c) => c.cluster_id)).size).toBe(clusters().length);
  });

  it('filters by region_id, and defaults to page 1 of 10', async () => {
    const res = await roaClient(sim).request('GET', PATH, { region_id: 'cn-shenzhen' });
    const want = expected((c) => c.regionId === 'cn-shenzhen');
    expect(res).toEqual({
      clusters: want.slice(0, 10),
      page_info: { page_number: 1, page_size: 10, total_count: want.length },
    });
    expect(await allPages({ region_id: 'cn-shenzhen' }, 100)).toEqual(want);
  });

  it('filters exactly by cluster_id, name, cluster_type, cluster_spec and profile, ANDed', async () => {
    const c = clusters().find((x) => x.regionId === 'cn-beijing')!;
    const one = await roaClient(sim).request('GET', PATH, { cluster_id: c.resourceId });
    expect(one.clusters).toEqual([item(c)]);
    const byName = await allPages({ name: c.name! }, 50);
    expect(byName).toEqual(expected((x) => x.name === c.name));
    expect(await allPages({ name: c.name!.slice(0, -1) }, 50)).toEqual(
      expected((x) => x.name === c.name!.slice(0, -1)),
    );
    for (const [param, field, value] of [
      ['cluster_type', 'clusterType', 'ManagedKubernetes'],
      ['cluster_type', 'clusterType', 'ExternalKubernetes'],
      ['cluster_spec', 'clusterSpec', 'ack.pro.small'],
      ['profile', 'profile', 'Serverless'],
    ] as const) {
      const want = expected((x) => x.cluster![field] === value);
      expect(want.length).toBeGreaterThan(0);
      expect(await allPages({ [param]: value }, 50)).toEqual(want);
    }
    const combined = await allPages(
      { region_id: 'cn-hangzhou', cluster_type: 'ManagedKubernetes', cluster_spec: 'ack.standard' },
      50,
    );
    expect(combined).toEqual(
      expected(
        (x) =>
          x.regionId === 'cn-hangzhou' &&
          x.cluster!.clusterType === 'ManagedKubernetes' &&
          x.cluster!.clusterSpec === 'ack.standard',
      ),
    );
  });

  it('a cluster that does not exist, of another region or of another tenant is an empty list; so is a page past the end', async () => {
    const mine = clusters().find((x) => x.regionId === 'cn-shanghai')!;
    const theirs = clusters(sim.inventory(OTHER.accessKeyId))[0]!;
    const queries: Array<Record<string, string>> = [
      { cluster_id: `c${'0'.repeat(32)}` },
      { cluster_id: mine.resourceId, region_id: 'cn-beijing' },
      { cluster_id: theirs.resourceId },
      { region_id: 'eu-west-1' },
    ];
    for (const query of queries) {
      const res = await roaClient(sim).request('GET', PATH, query);
      expect(res).toEqual({ clusters: [], page_info: { page_number: 1, page_size: 10, total_count: 0 } });
    }
    const past = await roaClient(sim).request('GET', PATH, { region_id: 'cn-shanghai', page_number: '99' });
    expect(past.clusters).toEqual([]);
    expect(past.page_info.total_count).toBe(expected((c) => c.regionId === 'cn-shanghai').length);
  });

  it('keeps the README demo cluster as it was', async () => {
    const res = await roaClient(sim).request('GET', PATH, { cluster_id: 'c96f5dfadb3ef9a3a0e0d3954f05c4047' });
    expect(res.clusters).toHaveLength(1);
    expect(res.clusters[0]).toMatchObject({ region_id: 'cn-beijing', name: 'platform-prod-k8s-02' });
    expect(res.clusters[0].tags).toContainEqual({ key: 'ack.aliyun.com', value: 'c96f5dfadb3ef9a3a0e0d3954f05c4047' });
  });
});

describe('DescribeClustersV1 errors (CS body, code and HTTP status)', () => {
  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['unknown region_id', { region_id: 'mars-1' }, 404, 'InvalidRegionId.NotFound'],
    ['lower-case cluster_type', { cluster_type: 'kubernetes' }, 400, 'InvalidParameter'],
    ['unknown profile', { profile: 'Tiny' }, 400, 'InvalidParameter'],
    ['a 64-character name', { name: 'n'.repeat(64) }, 400, 'InvalidParameter'],
    ['page_size 0', { page_size: '0' }, 400, 'InvalidParameter'],
    ['page_size 101', { page_size: '101' }, 400, 'InvalidParameter'],
    ['page_size not a number', { page_size: 'ten' }, 400, 'InvalidParameter'],
    ['page_number 0', { page_number: '0' }, 400, 'InvalidParameter'],
  ];
  it.each(cases)('%s → %i %s', async (_name, query, status, code) => {
    const res = await rawRoa(sim, query, { path: PATH });
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      code,
      message: expect.any(String),
      requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      status,
    });
  });

  it('only GET is an operation; other paths below it are unknown', async () => {
    for (const [method, path] of [
      ['POST', PATH],
      ['DELETE', PATH],
      ['GET', `${PATH}/c1`],
    ] as const) {
      const res = await rawRoa(sim, {}, { path, method });
      expect([res.status, res.json.code]).toEqual([404, 'InvalidAction.NotFound']);
    }
  });

  it('verifies the signature, version, date and nonce like ListTagResources', async () => {
    const bad = await rawRoa(sim, {}, { path: PATH, secret: 'wrong' });
    expect([bad.status, bad.json.code]).toEqual([400, 'SignatureDoesNotMatch']);
    const version = await rawRoa(sim, {}, { path: PATH, version: '2018-01-01' });
    expect([version.status, version.json.code]).toEqual([404, 'InvalidVersion']);
    const old = await rawRoa(sim, {}, { path: PATH, date: new Date(Date.now() - 3_600_000) });
    expect([old.status, old.json.code]).toEqual([400, 'InvalidTimeStamp.Expired']);
    const first = await rawRoa(sim, {}, { path: PATH, nonce: 'clusters-nonce-1' });
    expect(first.status).toBe(200);
    const again = await rawRoa(sim, {}, { path: PATH, nonce: 'clusters-nonce-1' });
    expect([again.status, again.json.code]).toEqual([400, 'SignatureNonceUsed']);
    const err = await failure(roaClient(sim, { ...DEMO_KEY, accessKeySecret: 'wrong' }).request('GET', PATH, {}));
    expect(err.statusCode).toBe(400);
    expect(err.result.code).toBe('SignatureDoesNotMatch');
  });

  it('answers with the request ID in the x-acs-request-id header only', async () => {
    const res = await rawRoa(sim, { region_id: 'cn-beijing' }, { path: PATH });
    expect(res.status).toBe(200);
    expect(res.json).not.toHaveProperty('requestId');
    expect(sim.calls({ operation: 'DescribeClustersV1' }).at(-1)!.requestId).toMatch(/^[0-9A-F-]{36}$/);
  });
});

describe('DescribeClustersV1: faults and the call log', () => {
  it('is throttled per key and fault-injected like the seed operations', async () => {
    sim.setFaults({ qpsPerKey: 1 });
    const client = roaClient(sim);
    await client.request('GET', PATH, {});
    const throttled = await failure(client.request('GET', PATH, {}));
    expect([throttled.statusCode, throttled.result.code]).toEqual([400, 'Throttling.User']);
    sim.setFaults({ qpsPerKey: 0, errorRate: 1 });
    const down = await failure(client.request('GET', PATH, {}));
    expect([down.statusCode, down.result.code]).toEqual([503, 'ServiceUnavailable']);
  });

  it('records every call as DescribeClustersV1 with its query and region', async () => {
    await roaClient(sim).request('GET', PATH, { region_id: 'cn-hangzhou', page_size: '5' });
    await roaClient(sim).request('GET', PATH, {});
    await rawRoa(sim, { cluster_type: 'nope' }, { path: PATH });
    const calls = sim.calls({ operation: 'DescribeClustersV1' });
    expect(calls.map((c) => [c.regionId, c.status, c.code])).toEqual([
      ['cn-hangzhou', 200, null],
      [null, 200, null],
      [null, 400, 'InvalidParameter'],
    ]);
    expect(calls[0]!.params).toEqual({ region_id: 'cn-hangzhou', page_size: '5' });
    expect(calls[0]!.accessKeyId).toBe(DEMO_KEY.accessKeyId);
  });
});

describe('given inventories', () => {
  it('clusters without the fields answer the documented defaults; given fields are answered as given', async () => {
    const given: InventoryFile = {
      regions: ['cn-hangzhou'],
      resources: [
        { service: 'cs', type: 'cluster', regionId: 'cn-hangzhou', resourceId: 'cbare', tags: [] },
        {
          service: 'cs',
          type: 'cluster',
          regionId: 'cn-hangzhou',
          resourceId: 'cfull',
          name: 'full',
          tags: [{ key: 'env', value: 'dev' }],
          cluster: { state: 'failed', created: '2025-01-02T03:04:05+08:00' },
        },
      ],
    };
    const own = await startSimulator({ inventory: given });
    try {
      expect(own.inventory()).toEqual(given);
      const res = await roaClient(own).request('GET', PATH, {});
      expect(res.clusters).toEqual([
        {
          cluster_id: 'cfull',
          name: 'full',
          region_id: 'cn-hangzhou',
          cluster_type: 'ManagedKubernetes',
          cluster_spec: 'ack.pro.small',
          profile: 'Default',
          state: 'failed',
          created: '2025-01-02T03:04:05+08:00',
          tags: [{ key: 'env', value: 'dev' }],
        },
        {
          cluster_id: 'cbare',
          name: 'cbare',
          region_id: 'cn-hangzhou',
          cluster_type: 'ManagedKubernetes',
          cluster_spec: 'ack.pro.small',
          profile: 'Default',
          state: 'running',
          created: '2024-01-01T00:00:00+08:00',
          tags: [],
        },
      ]);
    } finally {
      await own.close();
    }
  });

  it('rejects bad cluster fields, and cluster fields on an ECS resource', async () => {
    const base = { service: 'cs', type: 'cluster', regionId: 'r', resourceId: 'c1', tags: [] };
    const bad = (extra: object) =>
      startSimulator({ inventory: { regions: [], resources: [{ ...base, ...extra }] } as unknown as InventoryFile });
    await expect(bad({ cluster: { state: 'sleeping' } })).rejects.toThrow(/state/);
    await expect(bad({ cluster: { created: 'yesterday' } })).rejects.toThrow(/ISO 8601/);
    await expect(bad({ service: 'ecs', type: 'instance', cluster: { state: 'running' } })).rejects.toThrow(
      /only clusters/,
    );
  });
});
