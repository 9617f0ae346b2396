import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import { byteOrder, failure, rawRpc, resetSimulator, rpcClient } from './helpers.js';

const OTHER = { accessKeyId: 'ecs-ltr-other', accessKeySecret: 'ecs-ltr-other-secret' };
const PAGE = 7;
type Filter = { key: string; value?: string };
type Row = { ResourceId: string; ResourceType: string; TagKey: string; TagValue: string };

let sim: Simulator;
let inv: InventoryFile;
beforeAll(async () => {
  sim = await startSimulator({ keys: [DEMO_KEY, OTHER], pageSizeEcs: PAGE });
  inv = sim.inventory();
});
afterEach(() => resetSimulator(sim));
afterAll(() => sim.close());

const ofType = (region: string, type: string) => inv.resources.filter((r) => r.regionId === region && r.type === type);

/**
 * The documented semantics restated from the inventory: resources of the type in the region, among `ids`
 * when given, carrying every filter; one row per tag, only the filter keys' tags when listing by tag.
 */
function expected(region: string, type: string, filters: Filter[], ids?: string[]): Row[] {
  const carries = (tags: Array<{ key: string; value: string }>, f: Filter) =>
    tags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value));
  return ofType(region, type)
    .filter((r) => (ids === undefined || ids.includes(r.resourceId)) && filters.every((f) => carries(r.tags, f)))
    .sort((a, b) => byteOrder(a.resourceId, b.resourceId))
    .flatMap((r) =>
      r.tags
        .filter((t) => filters.length === 0 || filters.some((f) => f.key === t.key))
        .sort((a, b) => byteOrder(a.key, b.key))
        .map((t) => ({ ResourceId: r.resourceId, ResourceType: type, TagKey: t.key, TagValue: t.value })),
    );
}

function tagParams(filters: Filter[]): Record<string, string> {
  const p: Record<string, string> = {};
  filters.forEach((f, i) => {
    p[`Tag.${i + 1}.Key`] = f.key;
    if (f.value !== undefined) p[`Tag.${i + 1}.Value`] = f.value;
  });
  return p;
}

/** Pages through with pop-core's RPCClient to the last page (empty NextToken). */
async function allPages(params: Record<string, string>, method: 'GET' | 'POST' = 'GET') {
  const client = rpcClient(sim);
  const rows: Row[] = [];
  let token = '';
  let pages = 0;
  do {
    const res: any = await client.request(
      'ListTagResources',
      { ...params, ...(token ? { NextToken: token } : {}) },
      { method },
    );
    pages++;
    expect(Object.keys(res).sort()).toEqual(['NextToken', 'RequestId', 'TagResources']);
    const page: Row[] = res.TagResources.TagResource;
    expect(page.length).toBeLessThanOrEqual(PAGE);
    if (res.NextToken) expect(page).toHaveLength(PAGE);
    rows.push(...page);
    token = res.NextToken;
  } while (token);
  return { rows, pages };
}

describe('ECS ListTagResources semantics', () => {
  it('lists by tag: pages to the end, every matching (resource, tag) row once, only the filter key rows', async () => {
    const filters = [{ key: 'env', value: 'prod' }];
    const { rows, pages } = await allPages({
      RegionId: 'cn-hangzhou',
      ResourceType: 'instance',
      ...tagParams(filters),
    });
    const want = expected('cn-hangzhou', 'instance', filters);
    expect(want.length).toBeGreaterThan(50);
    expect(rows).toEqual(want);
    expect(new Set(rows.map((r) => r.ResourceId)).size).toBe(rows.length);
    expect(pages).toBe(Math.ceil(want.length / PAGE));
    expect(rows.every((r) => r.TagKey === 'env' && r.TagValue === 'prod')).toBe(true);
  });

  it('ANDs Tag.N; a key without value matches any value of the key (POST, as the v1 SDK sends it)', async () => {
    const filters = [{ key: 'env', value: 'staging' }, { key: 'team' }];
    const { rows } = await allPages({ RegionId: 'cn-beijing', ResourceType: 'disk', ...tagParams(filters) }, 'POST');
    const want = expected('cn-beijing', 'disk', filters);
    expect(rows).toEqual(want);
    expect(new Set(rows.map((r) => r.TagKey))).toEqual(new Set(['env', 'team']));
    const matched = new Set(rows.map((r) => r.ResourceId));
    for (const r of ofType('cn-beijing', 'disk')) {
      const yes = r.tags.some((t) => t.key === 'env' && t.value === 'staging') && r.tags.some((t) => t.key === 'team');
      expect(matched.has(r.resourceId)).toBe(yes);
    }
  });

  it('a key-only filter finds the empty value; keys are case-sensitive', async () => {
    const { rows } = await allPages({
      RegionId: 'cn-shenzhen',
      ResourceType: 'securitygroup',
      'Tag.1.Key': 'DoNotDelete',
    });
    expect(rows).toEqual([
      { ResourceId: expect.stringMatching(/^sg-/), ResourceType: 'securitygroup', TagKey: 'DoNotDelete', TagValue: '' },
    ]);
    const upper = await allPages({
      RegionId: 'cn-hangzhou',
      ResourceType: 'image',
      'Tag.1.Key': 'Env',
      'Tag.1.Value': 'Prod',
    });
    expect(upper.rows).toEqual(expected('cn-hangzhou', 'image', [{ key: 'Env', value: 'Prod' }]));
    expect(upper.rows).toHaveLength(1);
  });

  it('lists by ID: every tag of each resource; unknown, foreign and duplicate IDs count once or not at all', async () => {
    const mine = ofType('cn-shanghai', 'instance')
      .slice(0, 12)
      .map((r) => r.resourceId);
    const disk = ofType('cn-shanghai', 'disk')[0]!.resourceId;
    const elsewhere = ofType('cn-hangzhou', 'instance')[0]!.resourceId;
    const otherTenant = sim
      .inventory(OTHER.accessKeyId)
      .resources.find((r) => r.regionId === 'cn-shanghai' && r.type === 'instance')!.resourceId;
    const ids = [...mine].reverse().concat([mine[0]!, disk, elsewhere, otherTenant, 'i-doesnotexist']);
    const params: Record<string, string> = { RegionId: 'cn-shanghai', ResourceType: 'instance' };
    ids.forEach((id, i) => (params[`ResourceId.${i + 1}`] = id));
    const { rows } = await allPages(params);
    expect(rows).toEqual(expected('cn-shanghai', 'instance', [], mine));
    const tagCount = ofType('cn-shanghai', 'instance')
      .filter((r) => mine.includes(r.resourceId))
      .reduce((n, r) => n + r.tags.length, 0);
    expect(rows).toHaveLength(tagCount);
  });

  it('IDs and tags together: the resources meeting both, only the filter key rows', async () => {
    const ids = ofType('cn-hangzhou', 'snapshot')
      .slice(0, 40)
      .map((r) => r.resourceId);
    const params: Record<string, string> = {
      RegionId: 'cn-hangzhou',
      ResourceType: 'snapshot',
      'Tag.1.Key': 'retention',
    };
    ids.forEach((id, i) => (params[`ResourceId.${i + 1}`] = id));
    const { rows } = await allPages(params);
    expect(rows).toEqual(expected('cn-hangzhou', 'snapshot', [{ key: 'retention' }], ids));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('accepts exactly 50 IDs and 20 tags; an unpopulated region answers nothing', async () => {
    const params: Record<string, string> = { RegionId: 'cn-hangzhou', ResourceType: 'instance' };
    for (let i = 1; i <= 50; i++) params[`ResourceId.${i}`] = `i-x${i}`;
    for (let i = 1; i <= 20; i++) params[`Tag.${i}.Key`] = `k${i}`;
    const res = await rawRpc(sim, { Action: 'ListTagResources', ...params });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ RequestId: expect.any(String), NextToken: '', TagResources: { TagResource: [] } });
    const empty = await allPages({ RegionId: 'eu-west-1', ResourceType: 'instance', 'Tag.1.Key': 'env' });
    expect(empty).toEqual({ rows: [], pages: 1 });
  });

  it('answers XML with Format=XML', async () => {
    const res = await rawRpc(sim, {
      Action: 'ListTagResources',
      Format: 'XML',
      RegionId: 'cn-beijing',
      ResourceType: 'instance',
      'Tag.1.Key': 'legacy',
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/xml/);
    const row = expected('cn-beijing', 'instance', [{ key: 'legacy' }])[0]!;
    expect(res.text).toContain(
      `<ListTagResourcesResponse><RequestId>${res.text.match(/<RequestId>([^<]+)</)![1]}</RequestId><NextToken></NextToken><TagResources><TagResource><ResourceId>${row.ResourceId}</ResourceId><ResourceType>instance</ResourceType><TagKey>legacy</TagKey><TagValue>true</TagValue></TagResource></TagResources></ListTagResourcesResponse>`,
    );
  });

  it('refuses a NextToken of another query, another tenant, or tampered with', async () => {
    const q = { Action: 'ListTagResources', RegionId: 'cn-hangzhou', ResourceType: 'disk', 'Tag.1.Key': 'env' };
    const first = await rawRpc(sim, q);
    const token: string = first.json.NextToken;
    expect(token).not.toBe('');
    const second = await rawRpc(sim, { ...q, NextToken: token });
    expect(second.json.TagResources.TagResource[0]).toEqual(expected('cn-hangzhou', 'disk', [{ key: 'env' }])[PAGE]);
    for (const [params, key] of [
      [{ ...q, 'Tag.1.Key': 'team', NextToken: token }, DEMO_KEY],
      [{ ...q, ResourceType: 'image', NextToken: token }, DEMO_KEY],
      [{ ...q, NextToken: token }, OTHER],
      [{ ...q, NextToken: `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}` }, DEMO_KEY],
      [{ ...q, NextToken: 'garbage' }, DEMO_KEY],
    ] as const) {
      const res = await rawRpc(sim, params, { key });
      expect([res.status, res.json.Code]).toEqual([400, 'InvalidParameter']);
    }
  });
});

describe('ECS ListTagResources errors (ECS body, code and HTTP status)', () => {
  const ok = { Action: 'ListTagResources', RegionId: 'cn-hangzhou', ResourceType: 'instance', 'Tag.1.Key': 'env' };
  const { RegionId: _r, ...noRegion } = ok;
  const { ResourceType: _t, ...noType } = ok;
  const { 'Tag.1.Key': _k, ...neither } = ok;
  const ids = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`ResourceId.${i + 1}`, `i-${i}`]));
  const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Tag.${i + 1}.Key`, `k${i}`]));
  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['missing RegionId', noRegion, 400, 'MissingParameter'],
    ['unknown RegionId', { ...ok, RegionId: 'mars-1' }, 404, 'InvalidRegionId.NotFound'],
    ['missing ResourceType', noType, 400, 'MissingParameter'],
    ['upper-case ResourceType', { ...ok, ResourceType: 'Instance' }, 404, 'InvalidResourceType.NotFound'],
    ['unknown ResourceType', { ...ok, ResourceType: 'cluster' }, 404, 'InvalidResourceType.NotFound'],
    ['neither ResourceId.N nor Tag.N', neither, 400, 'MissingParameter'],
    ['only empty values', { ...neither, 'ResourceId.1': '', 'Tag.1.Key': '' }, 400, 'MissingParameter'],
    ['a value without its key', { ...neither, 'Tag.1.Value': 'prod' }, 400, 'InvalidParameter.TagValue'],
    [
      'a value with an empty key',
      { ...neither, 'Tag.1.Key': '', 'Tag.1.Value': 'prod' },
      400,
      'InvalidParameter.TagValue',
    ],
    ['51 resource IDs', { ...ok, ...ids(51) }, 400, 'NumberExceed.ResourceIds'],
    ['ResourceId.51 alone', { ...neither, 'ResourceId.51': 'i-1' }, 400, 'NumberExceed.ResourceIds'],
    ['21 tags', { ...neither, ...tags(21) }, 400, 'NumberExceed.Tags'],
    ['ResourceId.0', { ...ok, 'ResourceId.0': 'i-1' }, 400, 'InvalidParameter'],
    ['Tag.x.Key', { ...neither, 'Tag.x.Key': 'env' }, 400, 'InvalidParameter'],
    ['a duplicate key', { ...ok, 'Tag.2.Key': 'env', 'Tag.2.Value': 'prod' }, 400, 'Duplicate.TagKey'],
    ['a reserved aliyun key', { ...neither, 'Tag.1.Key': 'aliyun-x' }, 400, 'InvalidTagKey.Malformed'],
    ['a 129-character key', { ...neither, 'Tag.1.Key': 'k'.repeat(129) }, 400, 'InvalidTagKey.Malformed'],
    ['a URL in a value', { ...ok, 'Tag.1.Value': 'see https://x' }, 400, 'InvalidTagValue.Malformed'],
  ];
  it.each(cases)('%s → %i %s', async (_name, params, status, code) => {
    const res = await rawRpc(sim, params);
    expect(res.status).toBe(status);
    expect(res.json).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      HostId: 'ecs.aliyuncs.com',
      Code: code,
      Message: expect.any(String),
      Recommend: expect.stringContaining(code),
    });
  });

  it('verifies the signature like every RPC call', async () => {
    const bad = await rawRpc(sim, ok, { secret: 'wrong' });
    expect([bad.status, bad.json.Code]).toEqual([400, 'SignatureDoesNotMatch']);
    const err = await failure(
      rpcClient(sim, { ...DEMO_KEY, accessKeySecret: 'wrong' }).request('ListTagResources', {
        RegionId: 'cn-hangzhou',
        ResourceType: 'instance',
        'Tag.1.Key': 'env',
      }),
    );
    expect(err.code).toBe('SignatureDoesNotMatch');
    const unknown = await rawRpc(sim, ok, { key: { accessKeyId: 'nobody', accessKeySecret: 'x' } });
    expect([unknown.status, unknown.json.Code]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
  });
});

describe('ECS ListTagResources: faults and the call log', () => {
  const params = { RegionId: 'cn-hangzhou', ResourceType: 'image', 'Tag.1.Key': 'os' };

  it('is throttled per key and fault-injected like the seed operations', async () => {
    sim.setFaults({ qpsPerKey: 1 });
    const client = rpcClient(sim);
    await client.request('ListTagResources', params);
    const throttled = await failure(client.request('ListTagResources', params));
    expect(throttled.code).toBe('Throttling.User');
    sim.setFaults({ qpsPerKey: 0, errorRate: 1 });
    const down = await failure(client.request('ListTagResources', params));
    expect(down.code).toBe('ServiceUnavailable');
    expect(down.entry.response.statusCode).toBe(503);
  });

  it('records every call as EcsListTagResources, without secrets', async () => {
    await rpcClient(sim).request('ListTagResources', params);
    await rawRpc(sim, { Action: 'ListTagResources', RegionId: 'cn-beijing' });
    const calls = sim.calls({ operation: 'EcsListTagResources' });
    expect(calls.map((c) => [c.regionId, c.status, c.code])).toEqual([
      ['cn-hangzhou', 200, null],
      ['cn-beijing', 400, 'MissingParameter'],
    ]);
    expect(calls[0]!.params).toMatchObject({ Action: 'ListTagResources', ...params });
    expect(calls[0]!.params).not.toHaveProperty('Signature');
    expect(calls[0]!.accessKeyId).toBe(DEMO_KEY.accessKeyId);
    expect(sim.calls({ operation: 'ListTagResources' })).toEqual([]);
  });
});
