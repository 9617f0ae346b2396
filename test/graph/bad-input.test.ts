/**
 * Invalid arguments fail before any upstream call: each case is an error with `extensions.code` BAD_USER_INPUT,
 * HTTP 200, null for its field, and an empty call log. Type errors are GraphQL validation errors (HTTP 400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { expectBadInput, forgeGlobalId } from './helpers.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' } });
});
afterAll(() => gw?.close());

const ECS_ID = 'i-bp1234567890abcdefgh';
const DISK_ID = 'd-bp1234567890abcdefgh';
const CLUSTER_ID = `c${'0123456789abcdef'.repeat(2)}`;
const LONG = 'k'.repeat(129);
const REGIONS_11 = [
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-shenzhen',
  'cn-heyuan',
];
const filters = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `key-${i}` }));
const clusterIds = (n: number) => Array.from({ length: n }, (_, i) => `c${i.toString(16).padStart(32, '0')}`);
const ref = (kind: string, regionId: string, resourceId: string) => ({ kind, regionId, resourceId });

const SELECTION: Record<string, string> = {
  tagCatalog: '{ totalCount }',
  tagKeys: '{ totalCount }',
  tagValues: '{ totalCount }',
  ackClusters: '{ totalCount }',
  node: '{ id }',
  nodes: '{ id }',
  resources: '{ id }',
};
const VARS: Record<string, string> = {
  regionIds: '[String!]!',
  regionId: 'String!',
  filters: '[TagFilterInput!]',
  clusterIds: '[String!]!',
  refs: '[ResourceRefInput!]!',
  ids: '[ID!]!',
  id: 'ID!',
  key: 'String!',
  first: 'Int',
  last: 'Int',
  after: 'String',
  before: 'String',
};

interface Case {
  name: string;
  field: string;
  args: Record<string, unknown>;
  /** the argument the error names, when it names one */
  argument?: RegExp;
}

/** Builds `query($a: …) { field(a: $a) { … } }` from the case's arguments. */
function build(c: Case): { query: string; variables: Record<string, unknown> } {
  const names = Object.keys(c.args);
  const defs = names.length ? `(${names.map((n) => `$${n}: ${VARS[n]}`).join(', ')})` : '';
  const args = names.length ? `(${names.map((n) => `${n}: $${n}`).join(', ')})` : '';
  return { query: `query${defs} { ${c.field}${args} ${SELECTION[c.field]} }`, variables: c.args };
}

const hz = { regionIds: ['cn-hangzhou'] };
const ack = { regionId: 'cn-beijing', clusterIds: [CLUSTER_ID] };

const CASES: Case[] = [
  // tagCatalog
  { name: 'no region', field: 'tagCatalog', args: { regionIds: [] }, argument: /regionIds/ },
  { name: 'a region in capitals', field: 'tagCatalog', args: { regionIds: ['Hangzhou'] }, argument: /regionId/ },
  {
    name: 'a region with an underscore',
    field: 'tagCatalog',
    args: { regionIds: ['cn_hangzhou'] },
    argument: /regionId/,
  },
  {
    name: 'a good region beside a malformed one',
    field: 'tagCatalog',
    args: { regionIds: ['cn-hangzhou', 'cn hangzhou'] },
    argument: /regionId/,
  },
  { name: 'an empty region', field: 'tagCatalog', args: { regionIds: [''] }, argument: /regionId/ },
  { name: 'eleven regions', field: 'tagCatalog', args: { regionIds: REGIONS_11 }, argument: /regionIds/ },
  { name: 'six filters', field: 'tagCatalog', args: { ...hz, filters: filters(6) }, argument: /tags/ },
  {
    name: 'a reserved key prefix aliyun',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: 'aliyun:owner' }] },
    argument: /key/,
  },
  {
    name: 'a reserved key prefix acs:',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: 'acs:team' }] },
    argument: /key/,
  },
  {
    name: 'a reserved key prefix in capitals',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: 'ALIYUN-x' }] },
    argument: /key/,
  },
  {
    name: 'a reserved value prefix',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: 'env', value: 'acs:prod' }] },
    argument: /value/,
  },
  {
    name: 'a duplicate filter key',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: 'env' }, { key: 'env', value: 'prod' }] },
    argument: /key/,
  },
  { name: 'an empty filter key', field: 'tagCatalog', args: { ...hz, filters: [{ key: '' }] }, argument: /key/ },
  {
    name: 'a filter key of 129 characters',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: LONG }] },
    argument: /key/,
  },
  {
    name: 'a filter value of 129 characters',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: 'env', value: LONG }] },
    argument: /value/,
  },
  {
    name: 'a filter value with a URL',
    field: 'tagCatalog',
    args: { ...hz, filters: [{ key: 'env', value: 'see https://x' }] },
    argument: /value/,
  },
  { name: 'first above 100', field: 'tagCatalog', args: { ...hz, first: 101 }, argument: /^first$/ },
  { name: 'negative last', field: 'tagCatalog', args: { ...hz, last: -1 }, argument: /^last$/ },
  { name: 'a garbage after cursor', field: 'tagCatalog', args: { ...hz, after: 'garbage' }, argument: /^after$/ },
  // tagKeys
  { name: 'tagKeys without a region', field: 'tagKeys', args: { regionIds: [] }, argument: /regionIds/ },
  {
    name: 'tagKeys with a malformed region',
    field: 'tagKeys',
    args: { regionIds: ['cn-hangzhou', '1-bad'] },
    argument: /regionId/,
  },
  {
    name: 'tagKeys with a garbage before cursor',
    field: 'tagKeys',
    args: { ...hz, before: 'v1.abc.def' },
    argument: /^before$/,
  },
  { name: 'tagKeys first above 100', field: 'tagKeys', args: { ...hz, first: 1000 }, argument: /^first$/ },
  // tagValues
  { name: 'tagValues of an empty key', field: 'tagValues', args: { ...hz, key: '' }, argument: /key/ },
  { name: 'tagValues of a reserved key', field: 'tagValues', args: { ...hz, key: 'aliyun-x' }, argument: /key/ },
  { name: 'tagValues of an acs: key', field: 'tagValues', args: { ...hz, key: 'acs:x' }, argument: /key/ },
  { name: 'tagValues of a key of 129 characters', field: 'tagValues', args: { ...hz, key: LONG }, argument: /key/ },
  {
    name: 'tagValues over eleven regions',
    field: 'tagValues',
    args: { regionIds: REGIONS_11, key: 'env' },
    argument: /regionIds/,
  },
  // ackClusters
  {
    name: 'ackClusters in a region in capitals',
    field: 'ackClusters',
    args: { ...ack, regionId: 'CN-BEIJING' },
    argument: /regionId/,
  },
  {
    name: 'ackClusters in an empty region',
    field: 'ackClusters',
    args: { ...ack, regionId: '' },
    argument: /regionId/,
  },
  {
    name: 'ackClusters without cluster IDs',
    field: 'ackClusters',
    args: { ...ack, clusterIds: [] },
    argument: /clusterIds/,
  },
  {
    name: 'a short cluster ID',
    field: 'ackClusters',
    args: { ...ack, clusterIds: ['c123'] },
    argument: /clusterIds\[0\]/,
  },
  {
    name: 'a cluster ID in capitals',
    field: 'ackClusters',
    args: { ...ack, clusterIds: [CLUSTER_ID, CLUSTER_ID.toUpperCase()] },
    argument: /clusterIds\[1\]/,
  },
  {
    name: 'an ECS ID as a cluster ID',
    field: 'ackClusters',
    args: { ...ack, clusterIds: [ECS_ID] },
    argument: /clusterIds/,
  },
  {
    name: '501 cluster IDs',
    field: 'ackClusters',
    args: { ...ack, clusterIds: clusterIds(501) },
    argument: /clusterIds/,
  },
  { name: '21 cluster filters', field: 'ackClusters', args: { ...ack, filters: filters(21) }, argument: /tags/ },
  {
    name: 'a duplicate cluster filter key',
    field: 'ackClusters',
    args: { ...ack, filters: [{ key: 'team' }, { key: 'team' }] },
    argument: /key/,
  },
  {
    name: 'a reserved cluster filter key',
    field: 'ackClusters',
    args: { ...ack, filters: [{ key: 'acs:cluster' }] },
    argument: /key/,
  },
  { name: 'ackClusters first above 100', field: 'ackClusters', args: { ...ack, first: 1000 }, argument: /^first$/ },
  { name: 'ackClusters negative first', field: 'ackClusters', args: { ...ack, first: -3 }, argument: /^first$/ },
  {
    name: 'ackClusters with a forged after cursor',
    field: 'ackClusters',
    args: { ...ack, after: 'v1.AAAA.BBBBBBBBBBBBBBBBBBBBBB' },
    argument: /^after$/,
  },
  // node
  { name: 'a global ID that is not base64', field: 'node', args: { id: '!!!' }, argument: /^id$/ },
  { name: 'an empty global ID', field: 'node', args: { id: '' }, argument: /^id$/ },
  {
    name: 'a global ID of an unknown type',
    field: 'node',
    args: { id: forgeGlobalId(`Foo:cn-hangzhou/${ECS_ID}`) },
    argument: /^id$/,
  },
  {
    name: 'a global ID of the Node interface',
    field: 'node',
    args: { id: forgeGlobalId(`Node:cn-hangzhou/${ECS_ID}`) },
    argument: /^id$/,
  },
  {
    name: 'a global ID without a type',
    field: 'node',
    args: { id: forgeGlobalId(`cn-hangzhou/${ECS_ID}`) },
    argument: /^id$/,
  },
  {
    name: 'a global ID without a region',
    field: 'node',
    args: { id: forgeGlobalId(`EcsInstance:${ECS_ID}`) },
    argument: /^id$/,
  },
  {
    name: 'a global ID with an empty native ID',
    field: 'node',
    args: { id: forgeGlobalId('EcsInstance:cn-hangzhou/') },
    argument: /^id$/,
  },
  {
    name: 'a global ID with a malformed region',
    field: 'node',
    args: { id: forgeGlobalId(`EcsInstance:Hangzhou/${ECS_ID}`) },
    argument: /^id$/,
  },
  {
    name: 'a global ID whose native ID is of another kind',
    field: 'node',
    args: { id: forgeGlobalId(`EcsInstance:cn-hangzhou/${DISK_ID}`) },
    argument: /^id$/,
  },
  {
    name: 'a cluster global ID with a malformed cluster ID',
    field: 'node',
    args: { id: forgeGlobalId('AckCluster:cn-hangzhou/cXYZ') },
    argument: /^id$/,
  },
  {
    name: 'a snapshot global ID with a short body',
    field: 'node',
    args: { id: forgeGlobalId('EcsSnapshot:cn-hangzhou/s-abc') },
    argument: /^id$/,
  },
  // nodes and resources (non-null lists: the whole response data is null)
  {
    name: '501 global IDs',
    field: 'nodes',
    args: { ids: Array.from({ length: 501 }, () => forgeGlobalId(`EcsInstance:cn-hangzhou/${ECS_ID}`)) },
    argument: /^ids$/,
  },
  {
    name: '501 references',
    field: 'resources',
    args: { refs: Array.from({ length: 501 }, () => ref('ECS_INSTANCE', 'cn-hangzhou', ECS_ID)) },
    argument: /^refs$/,
  },
  {
    name: 'a reference of the wrong kind',
    field: 'resources',
    args: { refs: [ref('ECS_INSTANCE', 'cn-hangzhou', ECS_ID), ref('ECS_INSTANCE', 'cn-hangzhou', DISK_ID)] },
    argument: /refs\[1\]/,
  },
  {
    name: 'a reference in a malformed region',
    field: 'resources',
    args: { refs: [ref('ECS_DISK', 'cn/hangzhou', DISK_ID)] },
    argument: /refs\[0\]/,
  },
  {
    name: 'a cluster reference with an ECS ID',
    field: 'resources',
    args: { refs: [ref('ACK_CLUSTER', 'cn-beijing', ECS_ID)] },
    argument: /refs\[0\]/,
  },
  {
    name: 'an image reference with a malformed custom ID',
    field: 'resources',
    args: { refs: [ref('ECS_IMAGE', 'cn-beijing', 'm-!')] },
    argument: /refs\[0\]/,
  },
  {
    name: 'a security group reference with a short body',
    field: 'resources',
    args: { refs: [ref('ECS_SECURITY_GROUP', 'cn-beijing', 'sg-abc')] },
    argument: /refs\[0\]/,
  },
];

describe('bad input fails before any call', () => {
  it('the table is large enough', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.field))).toEqual(new Set(Object.keys(SELECTION)));
  });

  it.each(CASES)('$field: $name', async (c) => {
    const { query, variables } = build(c);
    gw.sim.clearCalls();
    const res = await gw.query(query, variables);
    expectBadInput(gw, res, c.field);
    if (c.argument) expect(res.errors![0]!.extensions!.argument, JSON.stringify(res.errors)).toMatch(c.argument);
    expect(res.errors![0]!.message.length).toBeGreaterThan(10);
  });

  it('a bad field beside a good one fails alone (the good one still answers, the bad one made no call)', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(
      `{ bad: tagCatalog(regionIds: ["Hangzhou"]) { totalCount } good: tagKeys(regionIds: ["cn-shenzhen"]) { totalCount } }`,
    );
    expect(res.data.bad).toBeNull();
    expect(res.data.good.totalCount).toBeGreaterThan(0);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(gw.sim.calls().every((c) => c.regionId === 'cn-shenzhen')).toBe(true);
  });
});

describe('bad input to nested and plural fields', () => {
  const TAGS = `query($refs: [ResourceRefInput!]!, $keys: [String!], $first: Int, $after: String) {
    resources(refs: $refs) { resourceId tags(keys: $keys, first: $first, after: $after) { totalCount } } }`;
  const refs = [ref('ECS_INSTANCE', 'cn-hangzhou', ECS_ID)];

  it.each<[string, Record<string, unknown>]>([
    ['21 keys', { keys: Array.from({ length: 21 }, (_, i) => `k${i}`) }],
    ['an empty key', { keys: ['env', ''] }],
    ['a key of 129 characters', { keys: [LONG] }],
    ['first above 100', { first: 101 }],
    ['a garbage cursor', { after: 'nope' }],
  ])('Resource.tags with %s: the tags field is null, the resource is there, no call', async (_n, vars) => {
    gw.sim.clearCalls();
    const res = await gw.query(TAGS, { refs, ...vars });
    expect(res.status).toBe(200);
    expect(res.data.resources).toEqual([{ resourceId: ECS_ID, tags: null }]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.path).toEqual(['resources', 0, 'tags']);
    expect(gw.sim.calls()).toHaveLength(0);
  });

  const CLUSTER = 'c' + '0'.repeat(32);
  it.each<[string, string, Record<string, unknown>]>([
    [
      'resources',
      `query($first: Int, $keys: [String!]) { resources(refs: [{ kind: ACK_CLUSTER, regionId: "cn-beijing", resourceId: "${CLUSTER}" }]) { ... on AckCluster { tags(first: $first, keys: $keys) { totalCount } } } }`,
      { first: 101 },
    ],
    [
      'node',
      `query($keys: [String!]) { node(id: "${Buffer.from(`AckCluster:cn-beijing/${CLUSTER}`).toString('base64url')}") { ...T } } fragment T on AckCluster { tags(keys: $keys) { totalCount } }`,
      { keys: [''] },
    ],
    [
      'nodes',
      `query($after: String) { nodes(ids: ["${Buffer.from(`AckCluster:cn-beijing/${CLUSTER}`).toString('base64url')}"]) { ... on Resource { tags(after: $after) { totalCount } } } }`,
      { after: 'v1.forged.cursor' },
    ],
    [
      'ackClusters',
      `query($first: Int) { ackClusters(regionId: "cn-beijing", clusterIds: ["${CLUSTER}"]) { edges { node { tags(first: $first) { totalCount } } } } }`,
      { first: -1 },
    ],
  ])('%s: bad tags arguments under an ACK cluster fail before the cluster is looked up', async (field, query, vars) => {
    gw.sim.clearCalls();
    const res = await gw.query(query, vars);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.path).toEqual([field]);
    expect(gw.sim.calls()).toHaveLength(0);
  });

  it('nodes(ids:) with malformed IDs nulls those items only, each with its own error', async () => {
    const good = forgeGlobalId(`EcsInstance:cn-hangzhou/${ECS_ID}`);
    gw.sim.clearCalls();
    const res = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [
        '!!!',
        good,
        forgeGlobalId(`Foo:cn-hangzhou/${ECS_ID}`),
        forgeGlobalId(`EcsInstance:cn-hangzhou/${DISK_ID}`),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.data.nodes).toEqual([null, { id: good }, null, null]);
    expect(res.errors!.map((e) => e.path)).toEqual([
      ['nodes', 0],
      ['nodes', 2],
      ['nodes', 3],
    ]);
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(res.errors!.map((e) => e.extensions!.argument)).toEqual(['ids[0]', 'ids[2]', 'ids[3]']);
    expect(gw.sim.calls()).toHaveLength(0);
  });
});

describe('type errors are GraphQL validation errors (HTTP 400), with no call', () => {
  it.each<[string, string, Record<string, unknown>?]>([
    ['a string for an Int', '{ tagCatalog(regionIds: ["cn-hangzhou"], first: "x") { totalCount } }'],
    [
      'a float for an Int (variable)',
      'query($f: Int) { tagCatalog(regionIds: ["cn-hangzhou"], first: $f) { totalCount } }',
      { f: 1.5 },
    ],
    ['an unknown enum value', '{ tagCatalog(regionIds: ["cn-hangzhou"], kind: NOT_A_KIND) { totalCount } }'],
    [
      'a cluster kind for the ECS catalog',
      '{ tagCatalog(regionIds: ["cn-hangzhou"], kind: ACK_CLUSTER) { totalCount } }',
    ],
    ['a missing required argument', '{ tagCatalog { totalCount } }'],
    [
      'a null for a required list (variable)',
      'query($r: [String!]!) { tagKeys(regionIds: $r) { totalCount } }',
      { r: null },
    ],
    [
      'a reference without a kind',
      '{ resources(refs: [{ regionId: "cn-hangzhou", resourceId: "i-bp1234567890abcdefgh" }]) { id } }',
    ],
    ['an unknown argument', '{ tagKeys(regionIds: ["cn-hangzhou"], limit: 5) { totalCount } }'],
    [
      'a filter without a key',
      '{ tagCatalog(regionIds: ["cn-hangzhou"], filters: [{ value: "prod" }]) { totalCount } }',
    ],
  ])('%s', async (_n, query, variables) => {
    gw.sim.clearCalls();
    const res = await gw.query(query, variables);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors!.length).toBeGreaterThanOrEqual(1);
    expect(gw.sim.calls()).toHaveLength(0);
  });
});
