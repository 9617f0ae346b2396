/**
 * Where calls go and how: the endpoint table, the override (the simulator), what each operation puts on the
 * wire, and one keep-alive client per (endpoint, credential), seen from a local server's connection count.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { API_VERSIONS, endpointsFor } from '../../src/upstream/endpoints.js';
import { createUpstream, makeCredential, UpstreamError } from '../../src/upstream/index.js';
import {
  clustersOf,
  describeTagsBody,
  listTagResourcesBody,
  sendJson,
  startLocalServer,
  upstreamError,
  type LocalServer,
} from './helpers.js';

let sim: Simulator;
let local: LocalServer;
const seen: Array<{ method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }> = [];
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);
const TENANT_B = { accessKeyId: 'tenant-b-key', accessKeySecret: 'tenant-b-secret' };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY, TENANT_B] });
  local = await startLocalServer();
  local.handler = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers });
    sendJson(res, 200, url.pathname === '/tags' ? listTagResourcesBody() : describeTagsBody());
  };
});
afterAll(async () => {
  await sim.close();
  await local.close();
});
beforeEach(() => {
  sim.clearCalls();
  seen.length = 0;
  local.connections = 0;
  local.hits = 0;
});

describe('endpointsFor', () => {
  it('real mode: the regional endpoint, then the central one, over HTTPS', () => {
    expect(endpointsFor('ecs', 'cn-hangzhou')).toEqual([
      'https://ecs.cn-hangzhou.aliyuncs.com',
      'https://ecs.aliyuncs.com',
    ]);
    expect(endpointsFor('cs', 'ap-southeast-1')).toEqual([
      'https://cs.ap-southeast-1.aliyuncs.com',
      'https://cs.aliyuncs.com',
    ]);
  });

  it('override: one URL for every service and region, without trailing slashes', () => {
    expect(endpointsFor('ecs', 'cn-beijing', 'http://127.0.0.1:9999/')).toEqual(['http://127.0.0.1:9999']);
    expect(endpointsFor('cs', 'us-east-1', 'http://127.0.0.1:9999//')).toEqual(['http://127.0.0.1:9999']);
  });

  it('API versions: ECS 2014-05-26 (RPC), CS 2015-12-15 (ROA)', () => {
    expect(API_VERSIONS).toEqual({ ecs: '2014-05-26', cs: '2015-12-15' });
  });
});

describe('the override reaches the simulator', () => {
  it('with a trailing slash too, for both operations', async () => {
    const api = createUpstream({ endpointOverride: `${sim.url}/` });
    await api.describeTags(cred, { regionId: 'cn-beijing', resourceType: 'disk', pageSize: 1 });
    await api.listTagResources(cred, {
      regionId: 'cn-beijing',
      resourceIds: clustersOf(sim.inventory(), 'cn-beijing').slice(0, 1),
    });
    expect(sim.calls().map((e) => [e.operation, e.status, e.accessKeyId, e.regionId])).toEqual([
      ['DescribeTags', 200, DEMO_KEY.accessKeyId, 'cn-beijing'],
      ['ListTagResources', 200, DEMO_KEY.accessKeyId, 'cn-beijing'],
    ]);
  });

  it('each tenant signs with its own key and sees its own inventory', async () => {
    const api = createUpstream({ endpointOverride: sim.url });
    const b = makeCredential(TENANT_B.accessKeyId, TENANT_B.accessKeySecret);
    const ids = clustersOf(sim.inventory(TENANT_B.accessKeyId), 'cn-hangzhou');
    const page = await api.listTagResources(b, { regionId: 'cn-hangzhou', resourceIds: ids.slice(0, 3) });
    expect(new Set(page.tagResources.map((r) => r.resourceId))).toEqual(new Set(ids.slice(0, 3)));
    // The demo tenant does not have tenant B's clusters.
    const demo = await api.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: ids.slice(0, 3) });
    expect(demo.tagResources).toEqual([]);
    expect(sim.calls().map((e) => e.accessKeyId)).toEqual([TENANT_B.accessKeyId, DEMO_KEY.accessKeyId]);
  });

  it('a wrong secret for the same key never borrows the right client (and vice versa)', async () => {
    const api = createUpstream({ endpointOverride: sim.url, maxAttempts: 1 });
    const wrong = makeCredential(DEMO_KEY.accessKeyId, 'wrong');
    for (let i = 0; i < 3; i++) {
      await api.describeTags(cred, { regionId: 'cn-hangzhou', resourceType: 'image', pageSize: 1 });
      expect(
        (await upstreamError(api.describeTags(wrong, { regionId: 'cn-hangzhou', resourceType: 'image', pageSize: 1 })))
          .code,
      ).toBe('SignatureDoesNotMatch');
    }
    expect(sim.calls().map((e) => e.status)).toEqual([200, 400, 200, 400, 200, 400]);
  });
});

describe('on the wire (local server)', () => {
  it('DescribeTags: GET / with Action, Version, Format=JSON and the operation parameters', async () => {
    const api = createUpstream({ endpointOverride: local.url });
    const result = await api.describeTags(cred, {
      regionId: 'cn-shanghai',
      resourceType: 'snapshot',
      resourceId: 's-uf6abcdefgh12345678',
      tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
      pageNumber: 2,
      pageSize: 30,
    });
    expect(result).toEqual({
      tags: [
        {
          key: 'env',
          value: 'prod',
          resourceTypeCounts: { instance: 1, disk: 0, image: 0, securitygroup: 0, snapshot: 0 },
        },
      ],
      totalCount: 1,
      pageNumber: 1,
      pageSize: 50,
      requestId: 'LOCAL-REQ-1',
    });
    const [req] = seen;
    expect(req!.method).toBe('GET');
    expect(req!.path).toBe('/');
    const q = Object.fromEntries(req!.query);
    expect(q).toMatchObject({
      Action: 'DescribeTags',
      Version: '2014-05-26',
      Format: 'JSON',
      RegionId: 'cn-shanghai',
      ResourceType: 'snapshot',
      ResourceId: 's-uf6abcdefgh12345678',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod',
      'Tag.2.Key': 'team',
      PageNumber: '2',
      PageSize: '30',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
    });
    expect(q).not.toHaveProperty('Tag.2.Value');
  });

  it('ListTagResources: GET /tags with JSON-array query values and the CS version header', async () => {
    const api = createUpstream({ endpointOverride: local.url });
    const ids = [`c${'1'.repeat(32)}`, `c${'2'.repeat(32)}`];
    const result = await api.listTagResources(cred, {
      regionId: 'cn-beijing',
      resourceIds: [...ids, ids[0]!],
      tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
      nextToken: 'abc.def',
    });
    expect(result).toEqual({
      tagResources: [{ key: 'env', value: 'prod', resourceId: `c${'a'.repeat(32)}`, resourceType: 'CLUSTER' }],
      nextToken: null,
      requestId: 'LOCAL-REQ-2',
    });
    const [req] = seen;
    expect(req!.method).toBe('GET');
    expect(req!.path).toBe('/tags');
    expect(JSON.parse(req!.query.get('resource_ids')!)).toEqual(ids);
    expect(JSON.parse(req!.query.get('tags')!)).toEqual([{ key: 'env', value: 'prod' }, { key: 'team' }]);
    expect(req!.query.get('resource_type')).toBe('CLUSTER');
    expect(req!.query.get('region_id')).toBe('cn-beijing');
    expect(req!.query.get('next_token')).toBe('abc.def');
    expect(req!.headers['x-acs-version']).toBe('2015-12-15');
    expect(req!.headers.authorization).toMatch(new RegExp(`^acs ${DEMO_KEY.accessKeyId}:`));
  });

  it('one keep-alive connection per client: sequential calls of one credential reuse it', async () => {
    const api = createUpstream({ endpointOverride: local.url });
    for (let i = 0; i < 8; i++) await api.describeTags(cred, { regionId: 'cn-hangzhou', resourceType: 'instance' });
    expect(local.hits).toBeGreaterThanOrEqual(8);
    expect(local.connections).toBe(1);
    // Another credential is another client (its own agent): one more connection, reused as well.
    const b = makeCredential(TENANT_B.accessKeyId, TENANT_B.accessKeySecret);
    for (let i = 0; i < 5; i++) await api.describeTags(b, { regionId: 'cn-hangzhou', resourceType: 'instance' });
    expect(local.connections).toBe(2);
    // And CS is its own client.
    for (let i = 0; i < 5; i++)
      await api.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: [`c${'1'.repeat(32)}`] });
    expect(local.connections).toBe(3);
  });

  it('a host that does not resolve is a NetworkError (no request leaves for another host)', async () => {
    const api = createUpstream({ endpointOverride: 'http://no-such-host.invalid', maxAttempts: 1, timeoutMs: 3_000 });
    const err = await upstreamError(api.describeTags(cred, { regionId: 'cn-hangzhou', resourceType: 'instance' }));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe('NetworkError');
    expect(err.message).not.toContain('no-such-host');
    expect(local.hits).toBe(0);
  });
});
