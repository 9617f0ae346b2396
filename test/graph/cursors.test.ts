/**
 * Cursors are opaque, versioned and tamper-evident: a cursor from another field, other arguments, another
 * tenant or another secret, or one edited by hand, is BAD_USER_INPUT with no upstream call. Page sizes:
 * default 20, at most 100, never negative.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, type InventoryFile } from '../../src/simulator/index.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';
import { expectBadInput, expectedCatalog, expectNoErrors, KIND_OF_TYPE } from './helpers.js';

const OTHER_KEY = { accessKeyId: 'other-tenant-key-id', accessKeySecret: 'other-tenant-key-secret' };
const asOther = {
  'x-alibaba-cloud-access-key-id': OTHER_KEY.accessKeyId,
  'x-alibaba-cloud-access-key-secret': OTHER_KEY.accessKeySecret,
};
const asDemo = {
  'x-alibaba-cloud-access-key-id': DEMO_KEY.accessKeyId,
  'x-alibaba-cloud-access-key-secret': DEMO_KEY.accessKeySecret,
};

let gw: TestGateway;
let inv: InventoryFile;

beforeAll(async () => {
  gw = await startTestGateway({
    simulator: { keys: [DEMO_KEY, OTHER_KEY] },
    env: { CACHE_ENABLED: 'false', CALLER_CREDENTIALS: 'true' },
  });
  inv = gw.sim.inventory();
});
afterAll(() => gw?.close());

const CATALOG = `query($regionIds: [String!]!, $kind: EcsResourceKind, $filters: [TagFilterInput!], $first: Int, $after: String, $last: Int, $before: String) {
  tagCatalog(regionIds: $regionIds, kind: $kind, filters: $filters, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { key value } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const KEYS = `query($regionIds: [String!]!, $after: String, $before: String) {
  tagKeys(regionIds: $regionIds, after: $after, before: $before, first: 5) { edges { cursor node { key } } }
}`;
const VALUES = `query($regionIds: [String!]!, $key: String!, $after: String) {
  tagValues(regionIds: $regionIds, key: $key, after: $after, first: 5) { edges { cursor node { value } } }
}`;
const CLUSTERS = `query($regionId: String!, $ids: [String!]!, $filters: [TagFilterInput!], $after: String) {
  ackClusters(regionId: $regionId, clusterIds: $ids, filters: $filters, after: $after, first: 2) { edges { cursor node { resourceId } } }
}`;
const TAGS = `query($refs: [ResourceRefInput!]!, $keys: [String!], $after: String, $before: String) {
  resources(refs: $refs) { resourceId tags(keys: $keys, after: $after, before: $before, first: 2) { edges { cursor node { key } } } }
}`;

/** Runs a query that must fail on its cursor, with no upstream call. */
async function refused(query: string, vars: Record<string, unknown>, field: string, headers?: Record<string, string>) {
  gw.sim.clearCalls();
  const res = await gw.query(query, vars, headers);
  expectBadInput(gw, res, field);
  expect(res.errors![0]!.message).toMatch(/cursor/);
  return res;
}

/** The nested variant: the resource resolves (no call for an ECS resource), its tags field fails. */
async function refusedTags(vars: Record<string, unknown>) {
  gw.sim.clearCalls();
  const res = await gw.query(TAGS, vars);
  expect(res.status).toBe(200);
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0]?.path).toEqual(['resources', 0, 'tags']);
  expect(res.data.resources[0].tags).toBeNull();
  expect(gw.sim.calls()).toHaveLength(0);
}

let hzCursor: string; // item 2 of the cn-hangzhou instance catalog
let hzPage: GraphQLResponse<any>;

beforeAll(async () => {
  hzPage = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], first: 5 });
  expectNoErrors(hzPage);
  hzCursor = hzPage.data.tagCatalog.edges[2].cursor;
});

describe('cursor form', () => {
  it('is versioned and opaque: no offset, region or Pothos offset marker in clear', () => {
    for (const e of hzPage.data.tagCatalog.edges) {
      expect(e.cursor).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(e.cursor).not.toContain('cn-hangzhou');
      expect(Buffer.from(e.cursor, 'base64').toString()).not.toContain('OffsetConnection');
    }
  });

  it('the same position in two lists gets two different cursors', async () => {
    const other = await gw.query(CATALOG, { regionIds: ['cn-beijing'], first: 5 });
    expectNoErrors(other);
    expect(other.data.tagCatalog.edges[2].cursor).not.toBe(hzCursor);
  });

  it('a cursor works again for the same list, in later requests and in either argument', async () => {
    const expected = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    const after = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], first: 2, after: hzCursor });
    expectNoErrors(after);
    expect(after.data.tagCatalog.edges.map((e: any) => e.node)).toEqual(
      expected.slice(3, 5).map(({ key, value }) => ({ key, value })),
    );
    const before = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], last: 2, before: hzCursor });
    expectNoErrors(before);
    expect(before.data.tagCatalog.edges.map((e: any) => e.node)).toEqual(
      expected.slice(0, 2).map(({ key, value }) => ({ key, value })),
    );
  });

  it('the same keys sent as caller credentials are the same tenant: the cursor still works', async () => {
    const res = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], first: 1, after: hzCursor }, asDemo);
    expectNoErrors(res);
    expect(res.data.tagCatalog.edges).toHaveLength(1);
  });
});

describe('a cursor from another query is refused, with no upstream call', () => {
  it('from another field (tagKeys → tagCatalog, tagCatalog → tagKeys, tagCatalog → tagValues)', async () => {
    const keys = await gw.query(KEYS, { regionIds: ['cn-hangzhou'] });
    expectNoErrors(keys);
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], after: keys.data.tagKeys.edges[1].cursor }, 'tagCatalog');
    await refused(KEYS, { regionIds: ['cn-hangzhou'], after: hzCursor }, 'tagKeys');
    await refused(KEYS, { regionIds: ['cn-hangzhou'], before: hzCursor }, 'tagKeys');
    await refused(VALUES, { regionIds: ['cn-hangzhou'], key: 'env', after: hzCursor }, 'tagValues');
  });

  it('from another region set, kind or filter set', async () => {
    await refused(CATALOG, { regionIds: ['cn-beijing'], after: hzCursor }, 'tagCatalog');
    await refused(CATALOG, { regionIds: ['cn-hangzhou', 'cn-beijing'], after: hzCursor }, 'tagCatalog');
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], kind: 'ECS_DISK', after: hzCursor }, 'tagCatalog');
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], filters: [{ key: 'env' }], after: hzCursor }, 'tagCatalog');
    const filtered = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], filters: [{ key: 'env' }], first: 3 });
    expectNoErrors(filtered);
    const c = filtered.data.tagCatalog.edges[1].cursor;
    await refused(
      CATALOG,
      { regionIds: ['cn-hangzhou'], filters: [{ key: 'env', value: 'prod' }], after: c },
      'tagCatalog',
    );
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], filters: [{ key: 'team' }], after: c }, 'tagCatalog');
  });

  it('tagValues of another key', async () => {
    const env = await gw.query(VALUES, { regionIds: ['cn-hangzhou'], key: 'env' });
    expectNoErrors(env);
    await refused(
      VALUES,
      { regionIds: ['cn-hangzhou'], key: 'team', after: env.data.tagValues.edges[0].cursor },
      'tagValues',
    );
  });

  it('ackClusters with other cluster IDs, another region or other filters', async () => {
    const ids = inv.resources
      .filter((r) => r.type === 'cluster' && r.regionId === 'cn-hangzhou')
      .map((r) => r.resourceId);
    const page = await gw.query(CLUSTERS, { regionId: 'cn-hangzhou', ids });
    expectNoErrors(page);
    const c = page.data.ackClusters.edges[0].cursor;
    await refused(CLUSTERS, { regionId: 'cn-hangzhou', ids: ids.slice(1), after: c }, 'ackClusters');
    await refused(CLUSTERS, { regionId: 'cn-beijing', ids, after: c }, 'ackClusters');
    await refused(CLUSTERS, { regionId: 'cn-hangzhou', ids, filters: [{ key: 'env' }], after: c }, 'ackClusters');
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], after: c }, 'tagCatalog');
  });

  it('Resource.tags of another resource, or with other keys', async () => {
    const [a, b] = inv.resources.filter((r) => r.type === 'instance' && r.tags.length >= 4);
    const ref = (r: typeof a) => ({ kind: KIND_OF_TYPE.instance, regionId: r!.regionId, resourceId: r!.resourceId });
    const page = await gw.query(TAGS, { refs: [ref(a)] });
    expectNoErrors(page);
    const c = page.data.resources[0].tags.edges[0].cursor;
    const ok = await gw.query(TAGS, { refs: [ref(a)], after: c });
    expectNoErrors(ok);
    await refusedTags({ refs: [ref(b)], after: c });
    await refusedTags({ refs: [ref(a)], keys: ['env', 'team'], after: c });
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], before: c }, 'tagCatalog');
  });

  it('from another tenant (caller credentials), either way', async () => {
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], first: 2, after: hzCursor }, 'tagCatalog', asOther);
    gw.sim.clearCalls();
    const theirs = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], first: 3 }, asOther);
    expectNoErrors(theirs);
    // the other tenant's own inventory, signed with its own key
    const mine = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    const expected = expectedCatalog(gw.sim.inventory(OTHER_KEY.accessKeyId), 'cn-hangzhou', 'instance');
    expect(theirs.data.tagCatalog.edges.map((e: any) => e.node)).toEqual(
      expected.slice(0, 3).map(({ key, value }) => ({ key, value })),
    );
    expect(expected.slice(0, 3)).not.toEqual(mine.slice(0, 3));
    expect(gw.sim.calls().map((c) => c.accessKeyId)).toEqual([OTHER_KEY.accessKeyId]);
    const c = theirs.data.tagCatalog.edges[1].cursor;
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], first: 2, after: c }, 'tagCatalog');
    const again = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], first: 2, after: c }, asOther);
    expectNoErrors(again);
  });

  it('from a gateway with another cursor secret', async () => {
    const other = await startTestGateway({
      sim: gw.sim,
      env: { CACHE_ENABLED: 'false', CURSOR_SECRET: 'another-cursor-secret-0123456789' },
    });
    try {
      gw.sim.clearCalls();
      const res = await other.query(CATALOG, { regionIds: ['cn-hangzhou'], after: hzCursor });
      expectBadInput(gw, res, 'tagCatalog');
    } finally {
      await other.close();
    }
  });
});

describe('a cursor edited by hand is refused, with no upstream call', () => {
  const edits: Array<[string, (c: string) => string]> = [
    ['one payload character changed', (c) => flip(c, 4)],
    ['one MAC character changed', (c) => flip(c, c.length - 2)],
    ['the MAC removed', (c) => c.split('.').slice(0, 2).join('.')],
    ['the MAC emptied', (c) => `${c.split('.').slice(0, 2).join('.')}.`],
    ['another version', (c) => `v2${c.slice(2)}`],
    ['no version', (c) => c.slice(3)],
    ['truncated', (c) => c.slice(0, c.length - 5)],
    ['a suffix appended', (c) => `${c}.x`],
    ['a character appended', (c) => `${c}A`],
    ['surrounding spaces', (c) => ` ${c} `],
    ['the offset re-encoded (payload forged, MAC kept)', (c) => forgeOffset(c, 50)],
    ['a cursor of the plugin default form', () => Buffer.from('OffsetConnection:3').toString('base64')],
    ['garbage', () => 'not a cursor'],
    ['a global ID', () => Buffer.from('EcsInstance:cn-hangzhou/i-bp1234567890').toString('base64url')],
  ];

  it.each(edits)('%s (after and before)', async (_name, edit) => {
    const bad = edit(hzCursor);
    expect(bad).not.toBe(hzCursor);
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], first: 2, after: bad }, 'tagCatalog');
    await refused(CATALOG, { regionIds: ['cn-hangzhou'], last: 2, before: bad }, 'tagCatalog');
  });
});

describe('page sizes', () => {
  it('the default page is 20', async () => {
    const res = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'] });
    expectNoErrors(res);
    expect(res.data.tagCatalog.edges).toHaveLength(20);
    expect(res.data.tagCatalog.pageInfo.hasNextPage).toBe(true);
  });

  it('first: 100 and last: 100 are allowed', async () => {
    const expected = expectedCatalog(inv, 'cn-hangzhou', 'instance');
    const f = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], first: 100 });
    expectNoErrors(f);
    expect(f.data.tagCatalog.edges).toHaveLength(Math.min(100, expected.length));
    const l = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], last: 100 });
    expectNoErrors(l);
    expect(l.data.tagCatalog.edges).toHaveLength(Math.min(100, expected.length));
  });

  it.each([
    ['first', 101],
    ['first', 1_000_000],
    ['first', -1],
    ['last', 101],
    ['last', -20],
  ])('%s: %i is BAD_USER_INPUT with no call', async (arg, n) => {
    gw.sim.clearCalls();
    const res = await gw.query(CATALOG, { regionIds: ['cn-hangzhou'], [arg]: n });
    expectBadInput(gw, res, 'tagCatalog');
    expect(res.errors![0]!.extensions!.argument).toBe(arg);
  });
});

function flip(s: string, i: number): string {
  const ch = s[i] === 'A' ? 'B' : 'A';
  return s.slice(0, i) + ch + s.slice(i + 1);
}

/** Re-encodes the payload with another number after its last ':' (whatever the payload holds), keeping the MAC. */
function forgeOffset(cursor: string, offset: number): string {
  const [v, payload, mac] = cursor.split('.');
  const text = Buffer.from(payload!, 'base64url').toString();
  const forged = text.includes(':') ? text.replace(/:[^:]*$/, `:${offset}`) : `${text}:${offset}`;
  return `${v}.${Buffer.from(forged).toString('base64url')}.${mac}`;
}
