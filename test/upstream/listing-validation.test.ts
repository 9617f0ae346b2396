/**
 * ECS ListTagResources (`EcsListTagResources`) and CS DescribeClustersV1: invalid input is refused before any
 * call – each case gives an UpstreamError `InvalidInput` naming the field, and the simulator's call log stays
 * empty. The limits are the exported constants, so the table follows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  DESCRIBE_CLUSTERS_PAGE_SIZE_MAX,
  ECS_LIST_TAG_RESOURCES_MAX_IDS,
  ECS_LIST_TAG_RESOURCES_MAX_TAGS,
  makeCredential,
  type DescribeClustersRequest,
  type EcsTagResourcesRequest,
  type TagApi,
} from '../../src/upstream/index.js';
import { upstreamError } from './helpers.js';

let sim: Simulator;
let api: TagApi;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  api = createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20 });
});
afterAll(() => sim.close());

const instanceId = (i: number) => `i-${i.toString(36).padStart(20, '0')}`;
const ecs = (over: Partial<EcsTagResourcesRequest>): EcsTagResourcesRequest => ({
  regionId: 'cn-hangzhou',
  resourceType: 'instance',
  tags: [{ key: 'env' }],
  ...over,
});
const cs = (over: Partial<DescribeClustersRequest>): DescribeClustersRequest => ({ regionId: 'cn-hangzhou', ...over });
const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `key-${i}` }));
// Casts let the table hold what a caller without types (a GraphQL argument, JSON) could send.
const loose = <T>(v: unknown) => v as T;

type Case =
  | { name: string; op: 'EcsListTagResources'; req: EcsTagResourcesRequest; field: string }
  | { name: string; op: 'DescribeClustersV1'; req: DescribeClustersRequest; field: string };
const e = (name: string, req: EcsTagResourcesRequest, field: string): Case => ({
  name,
  op: 'EcsListTagResources',
  req,
  field,
});
const c = (name: string, req: DescribeClustersRequest, field: string): Case => ({
  name,
  op: 'DescribeClustersV1',
  req,
  field,
});

const cases: Case[] = [
  e('bad region', ecs({ regionId: 'Hangzhou' }), 'regionId'),
  e('empty region', ecs({ regionId: '' }), 'regionId'),
  e('unknown resource type', ecs({ resourceType: loose('vpc') }), 'resourceType'),
  e('resource type in the wrong case', ecs({ resourceType: loose('Instance') }), 'resourceType'),
  e('neither IDs nor tags', ecs({ tags: undefined }), 'resourceIds'),
  e('no IDs and an empty tag list', ecs({ tags: [] }), 'resourceIds'),
  e('an empty ID list', ecs({ resourceIds: [] }), 'resourceIds'),
  e(
    `${ECS_LIST_TAG_RESOURCES_MAX_IDS + 1} distinct IDs`,
    ecs({ resourceIds: Array.from({ length: ECS_LIST_TAG_RESOURCES_MAX_IDS + 1 }, (_, i) => instanceId(i)) }),
    'resourceIds',
  ),
  e('an ID of another type', ecs({ resourceIds: [instanceId(1), 'd-bp1abcdefghijklmnop'] }), 'resourceIds[1]'),
  e('a malformed ID', ecs({ resourceIds: ['i-'] }), 'resourceIds[0]'),
  e('a cluster ID as an instance', ecs({ resourceIds: [`c${'a'.repeat(32)}`] }), 'resourceIds[0]'),
  e(
    `${ECS_LIST_TAG_RESOURCES_MAX_TAGS + 1} tag filters`,
    ecs({ tags: keys(ECS_LIST_TAG_RESOURCES_MAX_TAGS + 1) }),
    'tags',
  ),
  e(
    'a duplicate tag key',
    ecs({
      tags: [
        { key: 'env', value: 'a' },
        { key: 'env', value: 'b' },
      ],
    }),
    'tags[1].key',
  ),
  e('an empty tag key', ecs({ tags: [{ key: '' }] }), 'tags[0].key'),
  e('a tag key of 129 characters', ecs({ tags: [{ key: 'k'.repeat(129) }] }), 'tags[0].key'),
  e('a tag key starting with aliyun', ecs({ tags: [{ key: 'aliyun-x' }] }), 'tags[0].key'),
  e('a tag key starting with acs:', ecs({ tags: [{ key: 'acs:x' }] }), 'tags[0].key'),
  e('a tag key with https://', ecs({ tags: [{ key: 'see https://x' }] }), 'tags[0].key'),
  e('a tag value of 129 characters', ecs({ tags: [{ key: 'env', value: 'v'.repeat(129) }] }), 'tags[0].value'),
  e('a tag value with http://', ecs({ tags: [{ key: 'env', value: 'http://x' }] }), 'tags[0].value'),
  e('a next token with a space', ecs({ nextToken: 'a b' }), 'nextToken'),
  e('a next token too long', ecs({ nextToken: 'a'.repeat(1_025) }), 'nextToken'),
  c('bad region', cs({ regionId: 'cn_hangzhou' }), 'regionId'),
  c('a malformed cluster ID', cs({ clusterId: 'c123' }), 'clusterId'),
  c('a cluster ID in upper case', cs({ clusterId: `c${'A'.repeat(32)}` }), 'clusterId'),
  c('an empty name', cs({ name: '' }), 'name'),
  c('a name of 64 characters', cs({ name: 'n'.repeat(64) }), 'name'),
  c('an unknown cluster type', cs({ clusterType: loose('Swarm') }), 'clusterType'),
  c('an unknown profile', cs({ profile: loose('Gpu') }), 'profile'),
  c('a malformed cluster spec', cs({ clusterSpec: 'ack pro' }), 'clusterSpec'),
  c('page size 0', cs({ pageSize: 0 }), 'pageSize'),
  c(
    `page size ${DESCRIBE_CLUSTERS_PAGE_SIZE_MAX + 1}`,
    cs({ pageSize: DESCRIBE_CLUSTERS_PAGE_SIZE_MAX + 1 }),
    'pageSize',
  ),
  c('a fractional page size', cs({ pageSize: 2.5 }), 'pageSize'),
  c('page number 0', cs({ pageNumber: 0 }), 'pageNumber'),
  c('a negative page number', cs({ pageNumber: -1 }), 'pageNumber'),
];

const run = (k: Case) =>
  k.op === 'EcsListTagResources' ? api.listEcsTagResources(cred, k.req) : api.describeClusters(cred, k.req);

describe('refused before any call', () => {
  it.each(cases)('$op: $name → InvalidInput on $field', async (k) => {
    sim.clearCalls();
    const err = await upstreamError(run(k));
    expect(err).toMatchObject({ code: 'InvalidInput', operation: k.op, field: k.field, retryable: false });
    expect(err.isInvalidInput).toBe(true);
    expect(err.message.length).toBeLessThan(200);
    expect(sim.calls()).toHaveLength(0);
  });
});

describe('valid boundaries are sent and accepted by the simulator', () => {
  const ok: Array<{ name: string; run: () => Promise<unknown> }> = [
    {
      name: `${ECS_LIST_TAG_RESOURCES_MAX_IDS} IDs, no tags`,
      run: () =>
        api.listEcsTagResources(
          cred,
          ecs({
            tags: undefined,
            resourceIds: Array.from({ length: ECS_LIST_TAG_RESOURCES_MAX_IDS }, (_, i) => instanceId(i)),
          }),
        ),
    },
    {
      name: `${ECS_LIST_TAG_RESOURCES_MAX_IDS + 30} IDs that are ${ECS_LIST_TAG_RESOURCES_MAX_IDS} distinct`,
      run: () =>
        api.listEcsTagResources(
          cred,
          ecs({
            resourceIds: Array.from({ length: ECS_LIST_TAG_RESOURCES_MAX_IDS + 30 }, (_, i) =>
              instanceId(i % ECS_LIST_TAG_RESOURCES_MAX_IDS),
            ),
          }),
        ),
    },
    {
      name: `${ECS_LIST_TAG_RESOURCES_MAX_TAGS} tag filters`,
      run: () => api.listEcsTagResources(cred, ecs({ tags: keys(ECS_LIST_TAG_RESOURCES_MAX_TAGS) })),
    },
    {
      name: 'IDs and an empty tag list',
      run: () => api.listEcsTagResources(cred, ecs({ tags: [], resourceIds: [instanceId(1)] })),
    },
    {
      name: 'a public image name',
      run: () =>
        api.listEcsTagResources(
          cred,
          ecs({ resourceType: 'image', resourceIds: ['ubuntu_22_04_x64_20G_alibase_20230613.vhd'] }),
        ),
    },
    {
      name: 'a key-only filter and an empty value',
      run: () => api.listEcsTagResources(cred, ecs({ tags: [{ key: 'env' }, { key: 'team', value: '' }] })),
    },
    { name: 'no filter at all (clusters)', run: () => api.describeClusters(cred, cs({})) },
    {
      name: 'a name of 63 characters and page size 100',
      run: () => api.describeClusters(cred, cs({ name: '名'.repeat(63), pageSize: DESCRIBE_CLUSTERS_PAGE_SIZE_MAX })),
    },
    {
      name: 'every filter',
      run: () =>
        api.describeClusters(
          cred,
          cs({
            clusterId: `c${'a'.repeat(32)}`,
            name: 'x',
            clusterType: 'ManagedKubernetes',
            clusterSpec: 'ack.pro.small',
            profile: 'Default',
            pageSize: 1,
            pageNumber: 3,
          }),
        ),
    },
  ];

  it.each(ok)('$name', async ({ run: go }) => {
    sim.clearCalls();
    await go();
    expect(sim.calls()).toHaveLength(1);
    expect(sim.calls()[0]!.status).toBe(200);
  });
});
