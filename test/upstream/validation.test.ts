/**
 * Invalid input is refused before any call: each case of the table gives an UpstreamError `InvalidInput`
 * naming the right field, and the simulator's call log stays empty. Boundary values that are valid do reach
 * the simulator and are accepted there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  makeCredential,
  UpstreamError,
  type DescribeTagsRequest,
  type ListTagResourcesRequest,
} from '../../src/upstream/index.js';
import { upstreamError } from './helpers.js';

let sim: Simulator;
let api: ReturnType<typeof createUpstream>;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  api = createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20 });
});
afterAll(() => sim.close());

const C1 = `c${'0123456789abcdef'.repeat(2)}`;
const C2 = `c${'fedcba9876543210'.repeat(2)}`;
const ecs = (over: Partial<DescribeTagsRequest>): DescribeTagsRequest => ({
  regionId: 'cn-hangzhou',
  resourceType: 'instance',
  ...over,
});
const cs = (over: Partial<ListTagResourcesRequest>): ListTagResourcesRequest => ({
  regionId: 'cn-hangzhou',
  resourceIds: [C1],
  ...over,
});
const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `key-${i}` }));
const hex32 = (i: number) => i.toString(16).padStart(32, '0');

type Case =
  | { name: string; op: 'DescribeTags'; req: DescribeTagsRequest; field: string }
  | { name: string; op: 'ListTagResources'; req: ListTagResourcesRequest; field: string };

const d = (name: string, req: DescribeTagsRequest, field: string): Case => ({ name, op: 'DescribeTags', req, field });
const l = (name: string, req: ListTagResourcesRequest, field: string): Case => ({
  name,
  op: 'ListTagResources',
  req,
  field,
});

const CASES: Case[] = [
  // DescribeTags: region
  d('empty region', ecs({ regionId: '' }), 'regionId'),
  d('upper-case region', ecs({ regionId: 'CN-HANGZHOU' }), 'regionId'),
  d('underscore region', ecs({ regionId: 'cn_hangzhou' }), 'regionId'),
  d('region without a dash', ecs({ regionId: 'hangzhou' }), 'regionId'),
  d('region with a trailing space', ecs({ regionId: 'cn-hangzhou ' }), 'regionId'),
  d('region with a path', ecs({ regionId: 'cn-hangzhou/../admin' }), 'regionId'),
  d('region that is a URL', ecs({ regionId: 'http://evil.example' }), 'regionId'),
  // DescribeTags: resource type
  d('capitalised resource type', ecs({ resourceType: 'Instance' as never }), 'resourceType'),
  d('unknown resource type', ecs({ resourceType: 'vpc' as never }), 'resourceType'),
  d('empty resource type', ecs({ resourceType: '' as never }), 'resourceType'),
  d('CS type on ECS', ecs({ resourceType: 'CLUSTER' as never }), 'resourceType'),
  // DescribeTags: ID forms per type
  d('disk ID for an instance', ecs({ resourceType: 'instance', resourceId: 'd-bp1abcdefgh12345678' }), 'resourceId'),
  d('instance ID for a disk', ecs({ resourceType: 'disk', resourceId: 'i-bp1abcdefgh12345678' }), 'resourceId'),
  d(
    'security group ID for a snapshot',
    ecs({ resourceType: 'snapshot', resourceId: 'sg-bp1abcdefgh1234567' }),
    'resourceId',
  ),
  d(
    'snapshot ID for a security group',
    ecs({ resourceType: 'securitygroup', resourceId: 's-bp1abcdefgh12345678' }),
    'resourceId',
  ),
  d('cluster ID for an image', ecs({ resourceType: 'image', resourceId: C1.replace(/^c/, 'c-') }), 'resourceId'),
  d('image prefix with no body', ecs({ resourceType: 'image', resourceId: 'm-' }), 'resourceId'),
  d('image prefix with a bad body', ecs({ resourceType: 'image', resourceId: 'm-BAD_BODY' }), 'resourceId'),
  d('instance ID body too short', ecs({ resourceId: 'i-abc12' }), 'resourceId'),
  d('instance ID body too long', ecs({ resourceId: `i-${'a'.repeat(33)}` }), 'resourceId'),
  d('upper-case instance ID', ecs({ resourceId: 'i-BP1ABCDEFGH12345678' }), 'resourceId'),
  d('empty resource ID', ecs({ resourceId: '' }), 'resourceId'),
  d('instance ID with a space', ecs({ resourceId: 'i-bp1abcd efgh1234' }), 'resourceId'),
  // DescribeTags: tag filters
  d('6 ECS filters', ecs({ tags: keys(6) }), 'tags'),
  d('empty key', ecs({ tags: [{ key: '' }] }), 'tags[0].key'),
  d('key of 129 characters', ecs({ tags: [{ key: 'k'.repeat(129) }] }), 'tags[0].key'),
  d('value of 129 characters', ecs({ tags: [{ key: 'env', value: 'v'.repeat(129) }] }), 'tags[0].value'),
  d('key of 129 non-BMP characters', ecs({ tags: [{ key: '😀'.repeat(129) }] }), 'tags[0].key'),
  d('key starting with aliyun', ecs({ tags: [{ key: 'aliyun-owner' }] }), 'tags[0].key'),
  d('key starting with acs:', ecs({ tags: [{ key: 'acs:rm:rgId' }] }), 'tags[0].key'),
  d(
    'value starting with aliyun (second filter)',
    ecs({ tags: [{ key: 'env' }, { key: 'team', value: 'aliyun' }] }),
    'tags[1].value',
  ),
  d('value starting with acs:', ecs({ tags: [{ key: 'env', value: 'acs:prod' }] }), 'tags[0].value'),
  d('http:// in a key', ecs({ tags: [{ key: 'see http://x.example' }] }), 'tags[0].key'),
  d('https:// in a value', ecs({ tags: [{ key: 'doc', value: 'https://x.example/a' }] }), 'tags[0].value'),
  d(
    'duplicate keys',
    ecs({ tags: [{ key: 'env', value: 'prod' }, { key: 'team' }, { key: 'env', value: 'dev' }] }),
    'tags[2].key',
  ),
  // DescribeTags: paging
  d('pageSize 0', ecs({ pageSize: 0 }), 'pageSize'),
  d('pageSize 101', ecs({ pageSize: 101 }), 'pageSize'),
  d('pageSize 1.5', ecs({ pageSize: 1.5 }), 'pageSize'),
  d('pageSize NaN', ecs({ pageSize: Number.NaN }), 'pageSize'),
  d('pageNumber 0', ecs({ pageNumber: 0 }), 'pageNumber'),
  d('pageNumber -1', ecs({ pageNumber: -1 }), 'pageNumber'),
  d('pageNumber Infinity', ecs({ pageNumber: Number.POSITIVE_INFINITY }), 'pageNumber'),
  d('pageNumber 2.5', ecs({ pageNumber: 2.5 }), 'pageNumber'),
  // ListTagResources: region and IDs
  l('empty region', cs({ regionId: '' }), 'regionId'),
  l('region with a query string', cs({ regionId: 'cn-hangzhou?x=1' }), 'regionId'),
  l('no resource IDs', cs({ resourceIds: [] }), 'resourceIds'),
  l('51 resource IDs', cs({ resourceIds: Array.from({ length: 51 }, (_, i) => `c${hex32(i)}`) }), 'resourceIds'),
  l('cluster ID of 31 hex digits', cs({ resourceIds: [`c${'a'.repeat(31)}`] }), 'resourceIds[0]'),
  l('cluster ID of 33 hex digits', cs({ resourceIds: [`c${'a'.repeat(33)}`] }), 'resourceIds[0]'),
  l('upper-case cluster ID', cs({ resourceIds: [C1.toUpperCase()] }), 'resourceIds[0]'),
  l('cluster ID with a non-hex digit', cs({ resourceIds: [`c${'g'.repeat(32)}`] }), 'resourceIds[0]'),
  l('cluster ID without the c', cs({ resourceIds: [C1.slice(1)] }), 'resourceIds[0]'),
  l('empty cluster ID', cs({ resourceIds: [''] }), 'resourceIds[0]'),
  l('an instance ID among cluster IDs', cs({ resourceIds: [C1, 'i-bp1abcdefgh12345678'] }), 'resourceIds[1]'),
  l('a bad ID after duplicates names its own index', cs({ resourceIds: [C1, C1, C2, 'c-nope'] }), 'resourceIds[3]'),
  // ListTagResources: tags
  l('21 CS tags', cs({ tags: keys(21) }), 'tags'),
  l('empty key', cs({ tags: [{ key: '' }] }), 'tags[0].key'),
  l('key of 129 characters', cs({ tags: [{ key: 'k'.repeat(129) }] }), 'tags[0].key'),
  l('value of 129 characters', cs({ tags: [{ key: 'env', value: 'v'.repeat(129) }] }), 'tags[0].value'),
  l('key starting with aliyun', cs({ tags: [{ key: 'aliyun' }] }), 'tags[0].key'),
  l('value starting with acs:', cs({ tags: [{ key: 'env', value: 'acs:x' }] }), 'tags[0].value'),
  l('http:// in a value', cs({ tags: [{ key: 'env', value: 'http://x' }] }), 'tags[0].value'),
  l('duplicate keys', cs({ tags: [{ key: 'env' }, { key: 'env', value: 'prod' }] }), 'tags[1].key'),
  // ListTagResources: next token
  l('next token with a space', cs({ nextToken: 'abc def' }), 'nextToken'),
  l('next token with a newline', cs({ nextToken: 'abc\ndef' }), 'nextToken'),
  l('next token with non-ASCII', cs({ nextToken: 'tökén' }), 'nextToken'),
  l('next token of 1025 characters', cs({ nextToken: 'a'.repeat(1025) }), 'nextToken'),
];

describe('invalid input is refused before any call', () => {
  it('the table is large enough and covers both operations', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(CASES.filter((c) => c.op === 'DescribeTags').length).toBeGreaterThanOrEqual(30);
    expect(CASES.filter((c) => c.op === 'ListTagResources').length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('$op: $name → InvalidInput on $field', async (c) => {
    sim.clearCalls();
    const err = await upstreamError(
      c.op === 'DescribeTags' ? api.describeTags(cred, c.req) : api.listTagResources(cred, c.req),
    );
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe('InvalidInput');
    expect(err.isInvalidInput).toBe(true);
    expect(err.field).toBe(c.field);
    expect(err.operation).toBe(c.op);
    expect(err.retryable).toBe(false);
    expect(err.status).toBeUndefined();
    expect(err.message.length).toBeGreaterThan(0);
    expect(err.message.length).toBeLessThan(200);
    expect(sim.calls()).toHaveLength(0);
  });

  it('the whole table, once more in a row, leaves the call log empty', async () => {
    sim.clearCalls();
    const errors = await Promise.all(
      CASES.map((c) =>
        (c.op === 'DescribeTags' ? api.describeTags(cred, c.req) : api.listTagResources(cred, c.req)).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    expect(errors.every((e) => e instanceof UpstreamError && e.code === 'InvalidInput')).toBe(true);
    expect(sim.calls()).toHaveLength(0);
  });

  it('the resource ID cap is the configured one', async () => {
    const small = createUpstream({ endpointOverride: sim.url, csMaxResourceIds: 3 });
    sim.clearCalls();
    const ids = [1, 2, 3, 4].map((i) => `c${hex32(i)}`);
    const err = await upstreamError(small.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: ids }));
    expect(err).toMatchObject({ code: 'InvalidInput', field: 'resourceIds' });
    expect(sim.calls()).toHaveLength(0);
    await small.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: ids.slice(0, 3) });
    expect(sim.calls()).toHaveLength(1);
  });

  it('echoes a long bad value clipped, not whole', async () => {
    const err = await upstreamError(api.describeTags(cred, ecs({ regionId: `x${'y'.repeat(5000)}` })));
    expect(err.message.length).toBeLessThan(200);
  });
});

describe('valid boundary values reach the simulator and are accepted', () => {
  const VALID: Array<{ name: string; run: () => Promise<unknown> }> = [
    { name: 'key of 128 characters', run: () => api.describeTags(cred, ecs({ tags: [{ key: 'k'.repeat(128) }] })) },
    {
      name: 'key of 128 non-BMP characters',
      run: () => api.describeTags(cred, ecs({ tags: [{ key: '😀'.repeat(128) }] })),
    },
    {
      name: 'value of 128 characters',
      run: () => api.describeTags(cred, ecs({ tags: [{ key: 'env', value: 'v'.repeat(128) }] })),
    },
    { name: 'empty value', run: () => api.describeTags(cred, ecs({ tags: [{ key: 'DoNotDelete', value: '' }] })) },
    {
      name: 'key containing aliyun, not starting with it',
      run: () => api.describeTags(cred, ecs({ tags: [{ key: 'ack.aliyun.com' }] })),
    },
    { name: 'five filters', run: () => api.describeTags(cred, ecs({ tags: keys(5) })) },
    { name: 'pageSize 1', run: () => api.describeTags(cred, ecs({ pageSize: 1 })) },
    { name: 'pageSize 100', run: () => api.describeTags(cred, ecs({ pageSize: 100 })) },
    { name: 'pageNumber 1000000', run: () => api.describeTags(cred, ecs({ pageNumber: 1_000_000 })) },
    {
      name: 'a 20-character instance ID',
      run: () => api.describeTags(cred, ecs({ resourceId: 'i-bp1abcdefgh12345678' })),
    },
    {
      name: 'a public image name',
      run: () =>
        api.describeTags(cred, ecs({ resourceType: 'image', resourceId: 'centos_7_9_x64_20G_alibase_20230718.vhd' })),
    },
    { name: 'a three-part region', run: () => api.describeTags(cred, ecs({ regionId: 'ap-southeast-1' })) },
    {
      name: '50 cluster IDs',
      run: () => api.listTagResources(cred, cs({ resourceIds: Array.from({ length: 50 }, (_, i) => `c${hex32(i)}`) })),
    },
    { name: '20 tags', run: () => api.listTagResources(cred, cs({ tags: keys(20) })) },
    { name: 'an empty next token (first page)', run: () => api.listTagResources(cred, cs({ nextToken: '' })) },
  ];

  it.each(VALID)('$name', async ({ run }) => {
    sim.clearCalls();
    await run();
    const log = sim.calls();
    expect(log).toHaveLength(1);
    expect(log[0]!.status).toBe(200);
  });
});
