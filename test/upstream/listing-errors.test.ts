/**
 * ECS ListTagResources (`EcsListTagResources`) and CS DescribeClustersV1 against a local HTTP server: the wire
 * mapping of readable answers, answers that are not readable, and the cloud's error codes with their classes
 * (retryable, throttled, not found, forbidden, rejected input) and the client-visible code the graph gives them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeFor, ErrorCode } from '../../src/graph/errors.js';
import { createUpstream, makeCredential, type TagApi } from '../../src/upstream/index.js';
import {
  cloudErrorBody,
  describeClustersBody,
  ecsTagResourcesBody,
  sendJson,
  startLocalServer,
  upstreamError,
  type LocalServer,
} from './helpers.js';

const ATTEMPTS = 3;
let local: LocalServer;
let api: TagApi;
const cred = makeCredential('local-key', 'local-secret');
const CLUSTER = `c${'a'.repeat(32)}`;

beforeAll(async () => {
  local = await startLocalServer();
  api = createUpstream({
    endpointOverride: local.url,
    backoffBaseMs: 2,
    backoffMaxMs: 10,
    maxAttempts: ATTEMPTS,
    timeoutMs: 2_000,
  });
});
afterAll(() => local.close());
beforeEach(() => {
  local.hits = 0;
});

const ops = [
  {
    op: 'EcsListTagResources',
    service: 'ecs',
    run: () =>
      api.listEcsTagResources(cred, { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'env' }] }),
    body: ecsTagResourcesBody,
  },
  {
    op: 'DescribeClustersV1',
    service: 'cs',
    run: () => api.describeClusters(cred, { regionId: 'cn-hangzhou' }),
    body: describeClustersBody,
  },
] as const;

describe('readable answers', () => {
  it('ECS: sent as a signed POST form to /, rows mapped, an empty NextToken is the last page', async () => {
    let seen: { method?: string; url?: string; type?: string } = {};
    local.handler = (req, res) => {
      seen = { method: req.method, url: req.url, type: req.headers['content-type'] };
      sendJson(res, 200, ecsTagResourcesBody());
    };
    const page = await api.listEcsTagResources(cred, {
      regionId: 'cn-hangzhou',
      resourceType: 'instance',
      resourceIds: ['i-bp1abcdefghijklmnopq'],
    });
    expect(seen).toEqual({ method: 'POST', url: '/', type: 'application/x-www-form-urlencoded' });
    expect(page).toEqual({
      tagResources: [{ resourceId: 'i-bp1abcdefghijklmnopq', resourceType: 'instance', key: 'env', value: 'prod' }],
      nextToken: null,
      requestId: 'LOCAL-REQ-3',
    });
  });

  it('ECS: a page without TagResources is empty; a NextToken is passed on; a missing TagValue is ""', async () => {
    local.handler = (_req, res) => sendJson(res, 200, { RequestId: 'R-1', NextToken: 'tok-2' });
    const empty = await ops[0].run();
    expect(empty).toEqual({ tagResources: [], nextToken: 'tok-2', requestId: 'R-1' });
    local.handler = (_req, res) =>
      sendJson(res, 200, {
        RequestId: 'R-2',
        TagResources: { TagResource: [{ ResourceId: 'd-1', ResourceType: 'disk', TagKey: 'k' }] },
      });
    const row = await ops[0].run();
    expect(row.tagResources).toEqual([{ resourceId: 'd-1', resourceType: 'disk', key: 'k', value: '' }]);
    expect(row.nextToken).toBeNull();
  });

  it('CS: GET /api/v1/clusters with the filters in the query, clusters and page info mapped', async () => {
    let url = '';
    local.handler = (req, res) => {
      url = req.url ?? '';
      sendJson(res, 200, describeClustersBody());
    };
    const page = await api.describeClusters(cred, {
      regionId: 'cn-hangzhou',
      name: 'prod a',
      clusterType: 'ManagedKubernetes',
      clusterSpec: 'ack.pro.small',
      profile: 'Default',
      clusterId: CLUSTER,
      pageSize: 20,
      pageNumber: 2,
    });
    const u = new URL(url, 'http://x');
    expect(u.pathname).toBe('/api/v1/clusters');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      region_id: 'cn-hangzhou',
      name: 'prod a',
      cluster_type: 'ManagedKubernetes',
      cluster_spec: 'ack.pro.small',
      profile: 'Default',
      cluster_id: CLUSTER,
      page_size: '20',
      page_number: '2',
    });
    expect(page).toEqual({
      clusters: [
        {
          clusterId: CLUSTER,
          name: 'prod-a',
          regionId: 'cn-hangzhou',
          clusterType: 'ManagedKubernetes',
          clusterSpec: 'ack.pro.small',
          profile: 'Default',
          state: 'running',
          createdAt: '2021-03-04T05:06:07+08:00',
          tags: [{ key: 'env', value: 'prod' }],
        },
      ],
      pageNumber: 1,
      pageSize: 50,
      totalCount: 1,
      requestId: 'LOCAL-REQ-4',
    });
  });

  it('CS: optional fields absent or null, numbers as strings, no request ID in the body', async () => {
    local.handler = (_req, res) =>
      sendJson(res, 200, {
        clusters: [
          {
            cluster_id: CLUSTER,
            name: 'n',
            region_id: 'cn-hangzhou',
            cluster_type: 'ExternalKubernetes',
            cluster_spec: null,
            state: 'disconnected',
            created: '2020-01-01T00:00:00+08:00',
            tags: null,
          },
        ],
        page_info: { page_number: '1', page_size: '50', total_count: '1' },
      });
    const page = await ops[1].run();
    expect(page.clusters[0]).toEqual({
      clusterId: CLUSTER,
      name: 'n',
      regionId: 'cn-hangzhou',
      clusterType: 'ExternalKubernetes',
      clusterSpec: '',
      state: 'disconnected',
      createdAt: '2020-01-01T00:00:00+08:00',
      tags: [],
    });
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 50, totalCount: 1, requestId: '' });
  });
});

describe('answers that are not a readable result', () => {
  const bodies: Array<{ name: string; status: number; type: string; body: string }> = [
    {
      name: 'an HTML 502 from a proxy',
      status: 502,
      type: 'text/html',
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    },
    { name: 'an empty 200 with a JSON content type', status: 200, type: 'application/json', body: '' },
    { name: 'an empty 200 without a content type', status: 200, type: '', body: '' },
    { name: 'truncated JSON', status: 200, type: 'application/json', body: '{"RequestId":"x","clusters":[' },
    { name: 'plain text 503', status: 503, type: 'text/plain', body: 'upstream connect error' },
  ];

  it.each(ops.flatMap((o) => bodies.map((b) => ({ ...o, ...b }))))(
    '$op: $name → BadResponse, retried maxAttempts times',
    async ({ op, run, status, type, body }) => {
      local.handler = (_req, res) => {
        res.writeHead(status, type ? { 'content-type': type } : {});
        res.end(body);
      };
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'BadResponse', status: 502, retryable: true });
      expect(err.message).not.toMatch(/<html>|127\.0\.0\.1/);
      expect(local.hits).toBe(ATTEMPTS);
    },
  );

  const shapes: Array<{ op: (typeof ops)[number]['op']; name: string; body: unknown }> = [
    { op: 'EcsListTagResources', name: 'any JSON object', body: { hello: 'world' } },
    {
      op: 'EcsListTagResources',
      name: 'a resource type in the wrong case',
      body: {
        RequestId: 'r',
        TagResources: { TagResource: [{ ResourceId: 'i-1', ResourceType: 'Instance', TagKey: 'k', TagValue: 'v' }] },
      },
    },
    { op: 'DescribeClustersV1', name: 'any JSON object', body: { hello: 'world' } },
    { op: 'DescribeClustersV1', name: 'clusters without page_info', body: { clusters: [] } },
    {
      op: 'DescribeClustersV1',
      name: 'an undocumented state',
      body: { ...describeClustersBody(), clusters: [{ ...describeClustersBody().clusters[0], state: 'sleeping' }] },
    },
    {
      op: 'DescribeClustersV1',
      name: 'a cluster without an ID',
      body: { ...describeClustersBody(), clusters: [{ ...describeClustersBody().clusters[0], cluster_id: undefined }] },
    },
  ];

  it.each(shapes)('$op: $name → BadResponse, not an empty or mislabelled success', async ({ op, body }) => {
    local.handler = (_req, res) => sendJson(res, 200, body);
    const err = await upstreamError(ops.find((o) => o.op === op)!.run());
    expect(err).toMatchObject({ operation: op, code: 'BadResponse', status: 502 });
  });

  it.each(ops)('$op: a readable answer after two unreadable ones succeeds', async ({ run, body }) => {
    local.handler = (_req, res) => {
      if (local.hits <= 2) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
      } else sendJson(res, 200, body());
    };
    expect((await run()).requestId).toMatch(/^LOCAL-REQ-/);
    expect(local.hits).toBe(3);
  });
});

describe('cloud error codes', () => {
  type Expect = {
    code: string;
    status: number;
    retryable: boolean;
    graph: ErrorCode;
    forbidden?: boolean;
    notFound?: boolean;
    rejected?: boolean;
    throttled?: boolean;
  };
  const rows: Array<{ op: (typeof ops)[number]['op'] } & Expect> = [
    {
      op: 'EcsListTagResources',
      code: 'Forbidden.RAM',
      status: 403,
      retryable: false,
      forbidden: true,
      graph: ErrorCode.UPSTREAM_UNAUTHORIZED,
    },
    {
      op: 'EcsListTagResources',
      code: 'NoPermission',
      status: 403,
      retryable: false,
      forbidden: true,
      graph: ErrorCode.UPSTREAM_UNAUTHORIZED,
    },
    {
      op: 'EcsListTagResources',
      code: 'NumberExceed.ResourceIds',
      status: 400,
      retryable: false,
      rejected: true,
      graph: ErrorCode.BAD_USER_INPUT,
    },
    {
      op: 'EcsListTagResources',
      code: 'NumberExceed.Tags',
      status: 400,
      retryable: false,
      rejected: true,
      graph: ErrorCode.BAD_USER_INPUT,
    },
    {
      op: 'EcsListTagResources',
      code: 'Duplicate.TagKey',
      status: 400,
      retryable: false,
      rejected: true,
      graph: ErrorCode.BAD_USER_INPUT,
    },
    {
      op: 'EcsListTagResources',
      code: 'InvalidTagKey.Malformed',
      status: 400,
      retryable: false,
      rejected: true,
      graph: ErrorCode.BAD_USER_INPUT,
    },
    {
      op: 'EcsListTagResources',
      code: 'InvalidParameter.TagValue',
      status: 400,
      retryable: false,
      rejected: true,
      graph: ErrorCode.BAD_USER_INPUT,
    },
    {
      op: 'EcsListTagResources',
      code: 'Throttling.User',
      status: 400,
      retryable: true,
      throttled: true,
      rejected: false,
      graph: ErrorCode.THROTTLED,
    },
    { op: 'EcsListTagResources', code: 'InternalError', status: 500, retryable: true, graph: ErrorCode.UPSTREAM_ERROR },
    {
      op: 'DescribeClustersV1',
      code: 'ErrorClusterNotFound',
      status: 404,
      retryable: false,
      notFound: true,
      graph: ErrorCode.NOT_FOUND,
    },
    // Its status is unconfirmed: the code alone says not found.
    {
      op: 'DescribeClustersV1',
      code: 'ErrorClusterNotFound',
      status: 400,
      retryable: false,
      notFound: true,
      rejected: false,
      graph: ErrorCode.NOT_FOUND,
    },
    {
      op: 'DescribeClustersV1',
      code: 'Forbidden.RAM',
      status: 403,
      retryable: false,
      forbidden: true,
      graph: ErrorCode.UPSTREAM_UNAUTHORIZED,
    },
    {
      op: 'DescribeClustersV1',
      code: 'Throttling',
      status: 400,
      retryable: true,
      throttled: true,
      graph: ErrorCode.THROTTLED,
    },
    {
      op: 'DescribeClustersV1',
      code: 'ServiceUnavailable',
      status: 503,
      retryable: true,
      graph: ErrorCode.UPSTREAM_ERROR,
    },
  ];

  it.each(rows)('$op: $code ($status) → retryable $retryable, graph $graph', async (row) => {
    const o = ops.find((x) => x.op === row.op)!;
    local.handler = (_req, res) => sendJson(res, row.status, cloudErrorBody(o.service, row.code, row.status, 'R-ERR'));
    const err = await upstreamError(o.run());
    expect(err).toMatchObject({
      operation: row.op,
      code: row.code,
      status: row.status,
      retryable: row.retryable,
      requestId: 'R-ERR',
    });
    expect(err.message).toBe(`Message of ${row.code}.`);
    expect({
      forbidden: err.isForbidden,
      notFound: err.isNotFound,
      rejected: err.isRejectedInput,
      throttled: err.isThrottled,
    }).toEqual({
      forbidden: row.forbidden ?? false,
      notFound: row.notFound ?? false,
      rejected: row.rejected ?? false,
      throttled: row.throttled ?? false,
    });
    expect(codeFor(err)).toBe(row.graph);
    expect(local.hits).toBe(row.retryable ? ATTEMPTS : 1);
  });
});
