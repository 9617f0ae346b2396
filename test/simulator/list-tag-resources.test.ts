import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import { failure, rawRoa, roaClient } from './helpers.js';

const OTHER = { accessKeyId: 'other-tenant', accessKeySecret: 'other-secret' };
const PAGE = 7;

let sim: Simulator;
let inv: InventoryFile;
const clusters = (region: string, i = inv) => i.resources.filter((r) => r.type === 'cluster' && r.regionId === region);
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The documented semantics restated: items of matching clusters, by resource_id then tag key. */
function expected(region: string, ids: string[], tags: Array<{ key: string; value?: string }> = []) {
  return clusters(region)
    .filter((c) => ids.includes(c.resourceId))
    .filter((c) => tags.every((f) => c.tags.some((t) => t.key === f.key && (!f.value || t.value === f.value))))
    .sort((a, b) => byteOrder(a.resourceId, b.resourceId))
    .flatMap((c) =>
      [...c.tags]
        .sort((a, b) => byteOrder(a.key, b.key))
        .map((t) => ({ tag_key: t.key, tag_value: t.value, resource_id: c.resourceId, resource_type: 'CLUSTER' })),
    );
}

beforeAll(async () => {
  sim = await startSimulator({ keys: [DEMO_KEY, OTHER], pageSizeCs: PAGE });
  inv = sim.inventory();
});
afterAll(() => sim.close());

async function allPages(query: Record<string, string>) {
  const client = roaClient(sim);
  const items: any[] = [];
  let token = '';
  let pages = 0;
  do {
    const res = await client.request('GET', '/tags', { ...query, ...(token ? { next_token: token } : {}) });
    pages++;
    expect(res.tag_resources.tag_resource.length).toBeLessThanOrEqual(PAGE);
    items.push(...res.tag_resources.tag_resource);
    token = res.next_token;
    if (token) expect(res.tag_resources.tag_resource).toHaveLength(PAGE);
  } while (token);
  return { items, pages };
}

describe('ListTagResources semantics', () => {
  it('returns one item per tag of each cluster, by resource_id then key, paged with next_token to the end', async () => {
    const ids = clusters('cn-beijing')
      .map((c) => c.resourceId)
      .slice(0, 30)
      .reverse();
    const { items, pages } = await allPages({
      resource_ids: JSON.stringify(ids),
      resource_type: 'CLUSTER',
      region_id: 'cn-beijing',
    });
    const want = expected('cn-beijing', ids);
    expect(items).toEqual(want);
    expect(pages).toBe(Math.ceil(want.length / PAGE));
    // every cluster carries ack.aliyun.com = its own id
    for (const id of ids)
      expect(items).toContainEqual({
        tag_key: 'ack.aliyun.com',
        tag_value: id,
        resource_id: id,
        resource_type: 'CLUSTER',
      });
  });

  it('ANDs the tags filter; a missing or empty value matches any value', async () => {
    const ids = clusters('cn-hangzhou')
      .map((c) => c.resourceId)
      .slice(0, 50);
    const filters = [{ key: 'env', value: 'prod' }, { key: 'team' }];
    const { items } = await allPages({
      resource_ids: JSON.stringify(ids),
      resource_type: 'CLUSTER',
      region_id: 'cn-hangzhou',
      tags: JSON.stringify([
        { key: 'env', value: 'prod' },
        { key: 'team', value: '' },
      ]),
    });
    const want = expected('cn-hangzhou', ids, filters);
    expect(items).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    const matched = new Set(items.map((i) => i.resource_id));
    for (const c of clusters('cn-hangzhou').filter((c) => ids.includes(c.resourceId))) {
      const isProd = c.tags.some((t) => t.key === 'env' && t.value === 'prod') && c.tags.some((t) => t.key === 'team');
      expect(matched.has(c.resourceId)).toBe(isProd);
    }
  });

  it('ignores unknown IDs, IDs of another region and IDs of another tenant; duplicates count once', async () => {
    const mine = clusters('cn-shanghai')[0]!.resourceId;
    const elsewhere = clusters('cn-shenzhen')[0]!.resourceId;
    const otherTenant = clusters('cn-shanghai', sim.inventory(OTHER.accessKeyId))[0]!.resourceId;
    const res = await roaClient(sim).request('GET', '/tags', {
      resource_ids: JSON.stringify([`c${'0'.repeat(32)}`, elsewhere, otherTenant, mine, mine]),
      resource_type: 'CLUSTER',
      region_id: 'cn-shanghai',
    });
    expect(res.tag_resources.tag_resource.map((i: any) => i.resource_id)).toEqual(
      Array(Math.min(PAGE, expected('cn-shanghai', [mine]).length)).fill(mine),
    );
    const other = await roaClient(sim, OTHER).request('GET', '/tags', {
      resource_ids: JSON.stringify([mine]),
      resource_type: 'CLUSTER',
      region_id: 'cn-shanghai',
    });
    expect(other.tag_resources.tag_resource).toEqual([]);
    expect(other.next_token).toBe('');
  });

  it('the cluster with only ack.aliyun.com and the one with many tags', async () => {
    const ids = clusters('ap-southeast-1').map((c) => c.resourceId);
    const sizes = clusters('ap-southeast-1').map((c) => c.tags.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(14);
    const big = clusters('ap-southeast-1').find((c) => c.tags.length >= 14)!;
    const { items } = await allPages({
      resource_ids: JSON.stringify([big.resourceId]),
      resource_type: 'CLUSTER',
      region_id: 'ap-southeast-1',
    });
    expect(items).toHaveLength(big.tags.length);
    expect(ids.length).toBeGreaterThanOrEqual(20);
  });

  it('rejects a next_token issued for another query or tampered with', async () => {
    const ids = clusters('cn-beijing')
      .map((c) => c.resourceId)
      .slice(0, 10);
    const q = { resource_ids: JSON.stringify(ids), resource_type: 'CLUSTER', region_id: 'cn-beijing' };
    const first = await roaClient(sim).request('GET', '/tags', q);
    expect(first.next_token).not.toBe('');
    const otherQuery = await rawRoa(sim, {
      ...q,
      resource_ids: JSON.stringify(ids.slice(1)),
      next_token: first.next_token,
    });
    expect([otherQuery.status, otherQuery.json.code]).toEqual([400, 'InvalidParameter']);
    const tampered = first.next_token.slice(0, -2) + (first.next_token.endsWith('AA') ? 'BB' : 'AA');
    const bad = await rawRoa(sim, { ...q, next_token: tampered });
    expect([bad.status, bad.json.code]).toEqual([400, 'InvalidParameter']);
    const garbage = await rawRoa(sim, { ...q, next_token: '***' });
    expect([garbage.status, garbage.json.code]).toEqual([400, 'InvalidParameter']);
    const stolen = await rawRoa(sim, { ...q, next_token: first.next_token }, { key: OTHER });
    expect([stolen.status, stolen.json.code]).toEqual([400, 'InvalidParameter']);
  });
});

describe('ListTagResources errors (CS body, code and HTTP status)', () => {
  const ok = { resource_ids: '["c1"]', resource_type: 'CLUSTER', region_id: 'cn-beijing' };
  const { resource_ids: _ids, ...noIds } = ok;
  const { resource_type: _type, ...noType } = ok;
  const { region_id: _region, ...noRegion } = ok;
  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['missing resource_ids', noIds, 400, 'MissingParameter'],
    ['resource_ids not JSON', { ...ok, resource_ids: 'c1,c2' }, 400, 'InvalidParameter'],
    ['resource_ids not an array', { ...ok, resource_ids: '{"id":"c1"}' }, 400, 'InvalidParameter'],
    ['resource_ids empty', { ...ok, resource_ids: '[]' }, 400, 'InvalidParameter'],
    ['resource_ids with a number', { ...ok, resource_ids: '["c1",2]' }, 400, 'InvalidParameter'],
    [
      '51 resource_ids',
      { ...ok, resource_ids: JSON.stringify(Array.from({ length: 51 }, (_, i) => `c${i}`)) },
      400,
      'InvalidParameter',
    ],
    ['missing resource_type', noType, 400, 'MissingParameter'],
    ['resource_type cluster', { ...ok, resource_type: 'cluster' }, 400, 'InvalidParameter'],
    ['resource_type INSTANCE', { ...ok, resource_type: 'INSTANCE' }, 400, 'InvalidParameter'],
    ['missing region_id', noRegion, 400, 'MissingParameter'],
    ['unknown region_id', { ...ok, region_id: 'mars-1' }, 404, 'InvalidRegionId.NotFound'],
    ['tags malformed JSON', { ...ok, tags: '[{"key":' }, 400, 'InvalidParameter'],
    ['tags not an array', { ...ok, tags: '{"key":"env"}' }, 400, 'InvalidParameter'],
    ['tag without key', { ...ok, tags: '[{"value":"prod"}]' }, 400, 'InvalidParameter'],
    ['tag with numeric value', { ...ok, tags: '[{"key":"env","value":1}]' }, 400, 'InvalidParameter'],
    [
      '21 tags',
      { ...ok, tags: JSON.stringify(Array.from({ length: 21 }, (_, i) => ({ key: `k${i}` }))) },
      400,
      'InvalidParameter',
    ],
    ['garbled next_token', { ...ok, next_token: 'not-a-token' }, 400, 'InvalidParameter'],
    ['a reserved aliyun key', { ...ok, tags: '[{"key":"aliyun-x"}]' }, 400, 'InvalidTagKey.Malformed'],
    ['an acs: key', { ...ok, tags: '[{"key":"acs:x"}]' }, 400, 'InvalidTagKey.Malformed'],
    ['a URL in a value', { ...ok, tags: '[{"key":"env","value":"https://x"}]' }, 400, 'InvalidTagValue.Malformed'],
    ['an empty key', { ...ok, tags: '[{"key":""}]' }, 400, 'InvalidTagKey.Malformed'],
    ['a key of 129 chars', { ...ok, tags: JSON.stringify([{ key: 'k'.repeat(129) }]) }, 400, 'InvalidTagKey.Malformed'],
    [
      'a value of 129 chars',
      { ...ok, tags: JSON.stringify([{ key: 'env', value: 'v'.repeat(129) }]) },
      400,
      'InvalidTagValue.Malformed',
    ],
  ];
  it.each(cases)('%s → %i %s', async (_name, query, status, code) => {
    const res = await rawRoa(sim, query);
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      code,
      message: expect.any(String),
      requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      status,
    });
  });

  it('counts tag lengths in code points: 128 non-BMP characters are accepted', async () => {
    const res = await rawRoa(sim, {
      ...ok,
      tags: JSON.stringify([{ key: '😀'.repeat(128), value: '😀'.repeat(128) }]),
    });
    expect(res.status).toBe(200);
  });

  it('accepts exactly 50 resource_ids and 20 tags', async () => {
    const res = await rawRoa(sim, {
      ...ok,
      resource_ids: JSON.stringify(Array.from({ length: 50 }, (_, i) => `c${i}`)),
      tags: JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ key: `k${i}` }))),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ next_token: '', request_id: expect.any(String), tag_resources: { tag_resource: [] } });
  });

  it('pop-core throws with statusCode and the CS body in err.result (err.code stays empty)', async () => {
    const err = await failure(roaClient(sim).request('GET', '/tags', { ...ok, resource_type: 'cluster' }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('');
    expect(err.result.code).toBe('InvalidParameter');
  });
});
