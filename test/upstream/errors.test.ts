/**
 * Every error the upstream can meet, mapped to the one UpstreamError type: answers of the simulator (cloud
 * codes, injected 503s and dropped sockets) and, for answers it never gives, a small local HTTP server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  makeCredential,
  UpstreamError,
  type Credential,
  type TagApi,
} from '../../src/upstream/index.js';
import {
  clustersOf,
  describeTagsBody,
  listTagResourcesBody,
  sendJson,
  startLocalServer,
  upstreamError,
  type LocalServer,
} from './helpers.js';

const ATTEMPTS = 3;
let sim: Simulator;
let api: TagApi;
let inv: InventoryFile;
let local: LocalServer;
let localApi: TagApi;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);
const OTHER = { accessKeyId: 'other-tenant-key', accessKeySecret: 'other-tenant-secret' };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY, OTHER], pageSizeCs: 5 });
  api = createUpstream({
    endpointOverride: sim.url,
    backoffBaseMs: 2,
    backoffMaxMs: 10,
    maxAttempts: ATTEMPTS,
    timeoutMs: 2_000,
  });
  inv = sim.inventory();
  local = await startLocalServer();
  localApi = createUpstream({
    endpointOverride: local.url,
    backoffBaseMs: 2,
    backoffMaxMs: 10,
    maxAttempts: ATTEMPTS,
    timeoutMs: 2_000,
  });
});
afterAll(async () => {
  await sim.close();
  await local.close();
});
beforeEach(() => {
  sim.clearCalls();
  sim.setFaults({ errorRate: 0, dropRate: 0, latencyMs: 0, qpsPerKey: 0 });
  local.hits = 0;
});

const ops = (credential: Credential = cred, regionId = 'cn-hangzhou', target: () => TagApi = () => api) =>
  [
    ['DescribeTags', () => target().describeTags(credential, { regionId, resourceType: 'instance' })],
    [
      'ListTagResources',
      () => target().listTagResources(credential, { regionId, resourceIds: [clustersOf(inv, 'cn-hangzhou')[0]!] }),
    ],
  ] as const;

describe('cloud error codes from the simulator', () => {
  it.each(ops(cred, 'xx-nowhere-1').map(([op, run]) => ({ op, run })))(
    '$op: unknown region → InvalidRegionId.NotFound, 404, isNotFound, the request ID, tried once',
    async ({ op, run }) => {
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'InvalidRegionId.NotFound', status: 404, retryable: false });
      expect(err.isNotFound).toBe(true);
      expect(err.isThrottled).toBe(false);
      const log = sim.calls();
      expect(log).toHaveLength(1);
      expect(err.requestId).toBe(log[0]!.requestId);
      expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/);
    },
  );

  it.each(ops(makeCredential(DEMO_KEY.accessKeyId, 'not-the-secret')).map(([op, run]) => ({ op, run })))(
    '$op: wrong secret → SignatureDoesNotMatch, 400, a message without key, URL or string to sign',
    async ({ op, run }) => {
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'SignatureDoesNotMatch', status: 400, retryable: false });
      expect(err.isNotFound).toBe(false);
      expect(err.message).toMatch(/signature/i);
      expect(err.message).not.toContain(DEMO_KEY.accessKeyId);
      expect(err.message).not.toContain('not-the-secret');
      expect(err.message).not.toMatch(/https?:\/\//);
      expect(err.message).not.toContain('127.0.0.1');
      expect(err.message).not.toMatch(/string to sign|GET&|x-acs-|\/tags/i);
      expect(JSON.stringify(err)).not.toContain(DEMO_KEY.accessKeyId);
      expect(err.requestId).toBe(sim.calls()[0]!.requestId);
      expect(sim.calls()).toHaveLength(1);
    },
  );

  it.each(ops(makeCredential('no-such-access-key', 'whatever')).map(([op, run]) => ({ op, run })))(
    '$op: unknown key → InvalidAccessKeyId.NotFound, 404, tried once',
    async ({ op, run }) => {
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'InvalidAccessKeyId.NotFound', status: 404, retryable: false });
      expect(err.message).not.toContain('no-such-access-key');
      expect(sim.calls()).toHaveLength(1);
    },
  );

  it('a next token from another query → InvalidParameter, 400, tried once', async () => {
    const ids = clustersOf(inv, 'cn-hangzhou');
    const first = await api.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: ids });
    expect(first.nextToken).not.toBeNull();
    sim.clearCalls();
    const err = await upstreamError(
      api.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: ids.slice(1), nextToken: first.nextToken! }),
    );
    expect(err).toMatchObject({
      code: 'InvalidParameter',
      status: 400,
      retryable: false,
      operation: 'ListTagResources',
    });
    expect(sim.calls()).toHaveLength(1);
  });

  it('a next token of another tenant → InvalidParameter', async () => {
    const ids = clustersOf(inv, 'cn-hangzhou');
    const first = await api.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: ids });
    const other = makeCredential(OTHER.accessKeyId, OTHER.accessKeySecret);
    const err = await upstreamError(
      api.listTagResources(other, { regionId: 'cn-hangzhou', resourceIds: ids, nextToken: first.nextToken! }),
    );
    expect(err.code).toBe('InvalidParameter');
  });

  it.each(ops().map(([op, run]) => ({ op, run })))(
    '$op: 503 every time → ServiceUnavailable after maxAttempts calls',
    async ({ op, run }) => {
      sim.setFaults({ errorRate: 1 });
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'ServiceUnavailable', status: 503, retryable: true });
      expect(err.requestId).toEqual(expect.any(String));
      const log = sim.calls();
      expect(log).toHaveLength(ATTEMPTS);
      expect(log.every((e) => e.status === 503 && e.code === 'ServiceUnavailable' && e.operation === op)).toBe(true);
      expect(err.requestId).toBe(log.at(-1)!.requestId);
    },
  );

  it.each(ops().map(([op, run]) => ({ op, run })))(
    '$op: dropped connections → NetworkError after maxAttempts calls',
    async ({ op, run }) => {
      sim.setFaults({ dropRate: 1 });
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'NetworkError', status: 502, retryable: true });
      expect(err.requestId).toBeUndefined();
      expect(err.message).not.toMatch(/127\.0\.0\.1|http:/);
      const log = sim.calls();
      expect(log).toHaveLength(ATTEMPTS);
      expect(log.every((e) => e.status === 0)).toBe(true);
    },
  );
});

describe('transport failures', () => {
  it.each(['DescribeTags', 'ListTagResources'] as const)(
    '%s: connection refused → NetworkError, retried',
    async (op) => {
      const dead = await startLocalServer();
      const url = dead.url;
      await dead.close();
      const deadApi = createUpstream({ endpointOverride: url, backoffBaseMs: 1, backoffMaxMs: 5, maxAttempts: 2 });
      const run = ops(cred, 'cn-hangzhou', () => deadApi).find(([o]) => o === op)![1];
      const err = await upstreamError(run());
      expect(err).toMatchObject({ code: 'NetworkError', retryable: true, status: 502 });
      expect(err.message).toContain('ECONNREFUSED');
      expect(err.message).not.toContain(url);
    },
  );
});

describe('answers that are not a readable result (local server)', () => {
  const bodies: Array<{ name: string; status: number; type: string; body: string }> = [
    {
      name: 'an HTML 502 from a proxy',
      status: 502,
      type: 'text/html',
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    },
    { name: 'an empty 200 with a JSON content type', status: 200, type: 'application/json', body: '' },
    { name: 'an empty 200 without a content type', status: 200, type: '', body: '' },
    { name: 'truncated JSON', status: 200, type: 'application/json', body: '{"RequestId":"x","Tags":{"Tag":[' },
    { name: 'plain text 503', status: 503, type: 'text/plain', body: 'upstream connect error' },
  ];

  it.each(ops(cred, 'cn-hangzhou', () => localApi).flatMap(([op, run]) => bodies.map((b) => ({ op, run, ...b }))))(
    '$op: $name → BadResponse, retryable, retried maxAttempts times',
    async ({ op, run, status, type, body }) => {
      local.handler = (_req, res) => {
        res.writeHead(status, type ? { 'content-type': type } : {});
        res.end(body);
      };
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'BadResponse', status: 502, retryable: true });
      expect(err.message).not.toContain('<html>');
      expect(err.message).not.toContain('127.0.0.1');
      expect(local.hits).toBe(ATTEMPTS);
    },
  );

  it.each(ops(cred, 'cn-hangzhou', () => localApi).map(([op, run]) => ({ op, run })))(
    '$op: JSON of an unexpected shape → BadResponse, not an empty success',
    async ({ op, run }) => {
      local.handler = (_req, res) => sendJson(res, 200, { hello: 'world' });
      const err = await upstreamError(run());
      expect(err).toMatchObject({ operation: op, code: 'BadResponse', status: 502 });
    },
  );

  it.each(ops(cred, 'cn-hangzhou', () => localApi).map(([op, run]) => ({ op, run })))(
    '$op: a readable answer after two unreadable ones succeeds',
    async ({ op, run }) => {
      local.handler = (_req, res) => {
        if (local.hits <= 2) {
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html>bad gateway</html>');
        } else sendJson(res, 200, op === 'DescribeTags' ? describeTagsBody() : listTagResourcesBody());
      };
      const result = await run();
      expect(result.requestId).toMatch(/^LOCAL-REQ-/);
      expect(local.hits).toBe(3);
    },
  );

  it.each(ops(cred, 'cn-hangzhou', () => localApi).map(([op, run]) => ({ op, run })))(
    "$op: InternalError 500 in the cloud's body → InternalError, retryable, retried",
    async ({ op, run }) => {
      local.handler = (_req, res) =>
        sendJson(
          res,
          500,
          op === 'DescribeTags'
            ? {
                RequestId: 'R-500',
                HostId: 'ecs.aliyuncs.com',
                Code: 'InternalError',
                Message: 'The request processing has failed.',
              }
            : { code: 'InternalError', message: 'The request processing has failed.', requestId: 'R-500', status: 500 },
        );
      const err = await upstreamError(run());
      expect(err).toMatchObject({ code: 'InternalError', status: 500, retryable: true, requestId: 'R-500' });
      expect(local.hits).toBe(ATTEMPTS);
    },
  );

  it.each(ops(cred, 'cn-hangzhou', () => localApi).map(([op, run]) => ({ op, run })))(
    "$op: plain Throttling (400) in the cloud's body → isThrottled, retryable",
    async ({ op, run }) => {
      local.handler = (_req, res) =>
        sendJson(
          res,
          400,
          op === 'DescribeTags'
            ? { RequestId: 'R-T', Code: 'Throttling', Message: 'Request was denied due to request throttling.' }
            : {
                code: 'Throttling',
                message: 'Request was denied due to request throttling.',
                requestId: 'R-T',
                status: 400,
              },
        );
      const err = await upstreamError(run());
      expect(err).toMatchObject({ code: 'Throttling', status: 400, retryable: true });
      expect(err.isThrottled).toBe(true);
      expect(local.hits).toBe(ATTEMPTS);
    },
  );

  const xmlError = (code: string, requestId: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>${requestId}</RequestId><HostId>cs.aliyuncs.com</HostId><Code>${code}</Code><Message>Message of ${code}.</Message></Error>`;

  it('ListTagResources: an XML Throttling error keeps its code and request ID, and is retried', async () => {
    local.handler = (_req, res) => sendJson(res, 400, xmlError('Throttling.User', 'R-XML-1'), 'text/xml;charset=utf-8');
    const err = await upstreamError(
      localApi.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: [`c${'a'.repeat(32)}`] }),
    );
    expect(err).toMatchObject({
      code: 'Throttling.User',
      requestId: 'R-XML-1',
      retryable: true,
      message: 'Message of Throttling.User.',
    });
    expect(err.isThrottled).toBe(true);
    expect(local.hits).toBe(ATTEMPTS);
  });

  it('ListTagResources: an XML NotFound error keeps its code, is not retried', async () => {
    local.handler = (_req, res) =>
      sendJson(res, 404, xmlError('InvalidRegionId.NotFound', 'R-XML-2'), 'text/xml;charset=utf-8');
    const err = await upstreamError(
      localApi.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: [`c${'a'.repeat(32)}`] }),
    );
    expect(err).toMatchObject({ code: 'InvalidRegionId.NotFound', requestId: 'R-XML-2', retryable: false });
    expect(err.isNotFound).toBe(true);
    expect(err.message).not.toMatch(/hostid|requestid/i);
    expect(local.hits).toBe(1);
  });

  it('an RPC error message with the signed URL in it loses the URL', async () => {
    local.handler = (req, res) =>
      sendJson(res, 400, {
        RequestId: 'R-U',
        Code: 'InvalidParameter',
        Message: `The parameter is invalid, URL: http://127.0.0.1${req.url ?? ''}`,
      });
    const err = await upstreamError(localApi.describeTags(cred, { regionId: 'cn-hangzhou', resourceType: 'instance' }));
    expect(err.code).toBe('InvalidParameter');
    expect(err.message).toBe('The parameter is invalid');
    expect(local.hits).toBe(1);
  });
});

describe('UpstreamError itself', () => {
  it('is an Error with a stable name, and its JSON carries only safe fields', async () => {
    const err = await upstreamError(api.describeTags(cred, { regionId: 'xx-nowhere-1', resourceType: 'disk' }));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('UpstreamError');
    expect(Object.keys(JSON.parse(JSON.stringify(err))).sort()).toEqual(
      ['code', 'name', 'operation', 'requestId', 'retryable', 'status'].sort(),
    );
  });

  it.each([
    ['Throttling.User', 400, true, true],
    ['Throttling', 400, true, true],
    ['ServiceUnavailable', 503, true, false],
    ['InvalidRegionId.NotFound', 404, false, false],
  ] as const)('%s: retryable %s', (code, status, retryable, throttled) => {
    const e = new UpstreamError({ operation: 'DescribeTags', code, status, message: code, retryable });
    expect(e.isThrottled).toBe(throttled);
    expect(e.isNotFound).toBe(status === 404);
  });
});
