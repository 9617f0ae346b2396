import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  roaSignature,
  roaStringToSign,
  signRoaRequest,
  startSimulator,
  type Simulator,
} from '../../src/simulator/index.js';
import { canonicalizedResource, parseRfc1123 } from '../../src/simulator/protocol/signature-roa.js';
import { failure, rawRoa, roaClient, ROAClient } from './helpers.js';

let sim: Simulator;
let query: Record<string, string>;
beforeAll(async () => {
  // STS tokens must be ones the simulator issued or was configured with: configure the one the STS case sends
  sim = await startSimulator({ keys: [{ ...DEMO_KEY, securityTokens: ['sts\ttoken'] }] });
  const ids = sim
    .inventory()
    .resources.filter((r) => r.type === 'cluster' && r.regionId === 'cn-beijing')
    .map((r) => r.resourceId)
    .slice(0, 3);
  query = { resource_ids: JSON.stringify(ids), resource_type: 'CLUSTER', region_id: 'cn-beijing' };
});
afterAll(() => sim.close());

const PINNED_HEADERS = {
  accept: 'application/json',
  'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==',
  date: 'Tue, 23 Feb 2016 12:46:24 GMT',
  host: 'cs.aliyuncs.com',
  'x-acs-signature-nonce': '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  'x-acs-signature-method': 'HMAC-SHA1',
  'x-acs-signature-version': '1.0',
  'x-acs-version': '2015-12-15',
};
const PINNED_QUERY = { resource_ids: '["c1"]', region_id: 'cn-beijing', resource_type: 'CLUSTER' };
const PINNED_STS =
  'GET\napplication/json\n1B2M2Y8AsgTpgAmY7PhCfg==\n\nTue, 23 Feb 2016 12:46:24 GMT\n' +
  'x-acs-signature-method:HMAC-SHA1\nx-acs-signature-nonce:3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\n' +
  'x-acs-signature-version:1.0\nx-acs-version:2015-12-15\n' +
  '/tags?region_id=cn-beijing&resource_ids=["c1"]&resource_type=CLUSTER';

describe("ROA signature (pop-core's StringToSign, HMAC-SHA1 keyed with the bare secret)", () => {
  it('builds the pinned StringToSign and signature (key = bare secret)', () => {
    const sts = roaStringToSign({ method: 'GET', headers: PINNED_HEADERS, path: '/tags', query: PINNED_QUERY });
    expect(sts).toBe(PINNED_STS);
    // HMAC-SHA1("testsecret", PINNED_STS), computed independently (Python hmac) and pinned
    expect(roaSignature(sts, 'testsecret')).toBe('6gKCO9pAD29A8TMUrbeFtE9D71Y=');
  });

  it('agrees with pop-core ROAClient#signature on the same string', () => {
    const client = new ROAClient({
      endpoint: 'http://cs.aliyuncs.com',
      apiVersion: '2015-12-15',
      accessKeyId: 'testid',
      accessKeySecret: 'testsecret',
    }) as unknown as { signature(s: string): string };
    expect(client.signature(PINNED_STS)).toBe('6gKCO9pAD29A8TMUrbeFtE9D71Y=');
  });

  it('canonicalizes the resource with raw values and sorted keys; path alone without a query', () => {
    expect(canonicalizedResource('/tags', {})).toBe('/tags');
    expect(canonicalizedResource('/tags', { b: 'x y&z', a: '[{"k":"中"}]' })).toBe('/tags?a=[{"k":"中"}]&b=x y&z');
  });

  it('parses RFC 1123 dates only', () => {
    expect(parseRfc1123('Tue, 23 Feb 2016 12:46:24 GMT')).toBe(Date.UTC(2016, 1, 23, 12, 46, 24));
    for (const bad of ['2016-02-23T12:46:24Z', 'Tue, 31 Feb 2016 12:46:24 GMT', 'Tue, 23 Feb 2016 25:46:24 GMT', '']) {
      expect(parseRfc1123(bad)).toBeNull();
    }
  });

  it('pins what pop-core actually sends: the Authorization re-derives from the wire request', async () => {
    let seen: { url: string; headers: IncomingHttpHeaders } | undefined;
    const capture = createServer((req, res) => {
      seen = { url: req.url ?? '', headers: req.headers };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
    try {
      const port = (capture.address() as AddressInfo).port;
      const client = new ROAClient({
        endpoint: `http://127.0.0.1:${port}`,
        apiVersion: '2015-12-15',
        accessKeyId: 'testid',
        accessKeySecret: 'testsecret',
      });
      const q = {
        resource_ids: '["c1","c 2*"]',
        resource_type: 'CLUSTER',
        region_id: 'cn-beijing',
        tags: '[{"key":"项目","value":"a&b=c+d"}]',
      };
      await client.request('GET', '/tags', q);
      expect(seen).toBeDefined();
      const h = Object.fromEntries(Object.entries(seen!.headers).map(([k, v]) => [k, String(v)]));
      const url = new URL(seen!.url, 'http://x');
      expect(url.pathname).toBe('/tags');
      const decoded = Object.fromEntries(url.searchParams);
      expect(decoded).toEqual(q);
      const sts = roaStringToSign({ method: 'GET', headers: h, path: '/tags', query: decoded });
      expect(sts).toBe(
        `GET\napplication/json\n${h['content-md5']}\n\n${h.date}\n` +
          `x-acs-signature-method:HMAC-SHA1\nx-acs-signature-nonce:${h['x-acs-signature-nonce']}\n` +
          'x-acs-signature-version:1.0\nx-acs-version:2015-12-15\n' +
          '/tags?region_id=cn-beijing&resource_ids=["c1","c 2*"]&resource_type=CLUSTER&tags=[{"key":"项目","value":"a&b=c+d"}]',
      );
      expect(h.authorization).toBe(`acs testid:${roaSignature(sts, 'testsecret')}`);
      expect(h['content-md5']).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
    } finally {
      await new Promise((r) => capture.close(r));
    }
  });
});

describe('ROA requests from a real pop-core ROAClient', () => {
  it('accepts a signed GET /tags', async () => {
    const res = await roaClient(sim).request('GET', '/tags', query);
    expect(res.tag_resources.tag_resource.length).toBeGreaterThan(0);
    expect(res.request_id).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('accepts STS credentials (x-acs-accesskey-id + x-acs-security-token, signed)', async () => {
    const res = await roaClient(sim, DEMO_KEY, { securityToken: 'sts\ttoken' }).request('GET', '/tags', query);
    expect(res.tag_resources.tag_resource.length).toBeGreaterThan(0);
  });

  it('accepts special characters in the query (tags filter with unicode and &)', async () => {
    const res = await roaClient(sim).request('GET', '/tags', {
      ...query,
      tags: JSON.stringify([{ key: '项目', value: 'a&b=c d' }]),
    });
    expect(res.tag_resources.tag_resource).toEqual([]);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch 400 in the CS body', async () => {
    const err = await failure(
      roaClient(sim, { accessKeyId: DEMO_KEY.accessKeyId, accessKeySecret: 'wrong' }).request('GET', '/tags', query),
    );
    expect(err.statusCode).toBe(400);
    expect(err.result.code).toBe('SignatureDoesNotMatch');
    expect(err.result.message).toContain('server string to sign is:GET\n');
    expect(Object.keys(err.result).sort()).toEqual(['code', 'message', 'requestId', 'status']);
    expect(err.result.status).toBe(400);
  });

  it('rejects an unknown key with InvalidAccessKeyId.NotFound 404', async () => {
    const err = await failure(
      roaClient(sim, { accessKeyId: 'nobody', accessKeySecret: 'x' }).request('GET', '/tags', query),
    );
    expect(err.statusCode).toBe(404);
    expect(err.result.code).toBe('InvalidAccessKeyId.NotFound');
  });
});

describe('ROA failures (raw requests)', () => {
  it('rejects a tampered query', async () => {
    const headers = signRoaRequest({ method: 'GET', path: '/tags', query, ...DEMO_KEY });
    const qs = new URLSearchParams({ ...query, region_id: 'cn-hangzhou' }).toString();
    const res = await fetch(`${sim.url}/tags?${qs}`, { headers });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await res.json()).code).toBe('SignatureDoesNotMatch');
  });

  it('rejects a stale or future Date with InvalidTimeStamp.Expired 400', async () => {
    for (const offsetMin of [-16, 16]) {
      const res = await rawRoa(sim, query, { date: new Date(Date.now() + offsetMin * 60_000) });
      expect([res.status, res.json.code]).toEqual([400, 'InvalidTimeStamp.Expired']);
    }
  });

  it('rejects a malformed Date with InvalidTimeStamp.Format 400 and a missing one with MissingParameter', async () => {
    const bad = await rawRoa(sim, query, { headers: { date: '2024-01-01T00:00:00Z' } });
    expect([bad.status, bad.json.code]).toEqual([400, 'InvalidTimeStamp.Format']);
    const missing = await rawRoa(sim, query, { dropHeaders: ['date'] });
    expect([missing.status, missing.json.code]).toEqual([400, 'MissingParameter']);
  });

  it('rejects a reused x-acs-signature-nonce with SignatureNonceUsed 400', async () => {
    const first = await rawRoa(sim, query, { nonce: 'roa-nonce-1' });
    expect(first.status).toBe(200);
    const second = await rawRoa(sim, query, { nonce: 'roa-nonce-1' });
    expect([second.status, second.json.code]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('rejects a missing or malformed Authorization with IncompleteSignature 400', async () => {
    const missing = await rawRoa(sim, query, { dropHeaders: ['authorization'] });
    expect([missing.status, missing.json.code]).toEqual([400, 'IncompleteSignature']);
    const malformed = await rawRoa(sim, query, { headers: { authorization: 'Bearer abc' } });
    expect([malformed.status, malformed.json.code]).toEqual([400, 'IncompleteSignature']);
  });

  it('rejects a missing nonce, a wrong x-acs-version and a wrong content-md5', async () => {
    const nonce = await rawRoa(sim, query, { dropHeaders: ['x-acs-signature-nonce'] });
    expect([nonce.status, nonce.json.code]).toEqual([400, 'MissingParameter']);
    const version = await rawRoa(sim, query, { version: '2018-01-01' });
    expect([version.status, version.json.code]).toEqual([404, 'InvalidVersion']);
    // content-md5 is signed, so a wrong one fails the signature first unless re-signed: sign with it
    const headers = signRoaRequest({
      method: 'GET',
      path: '/tags',
      query,
      ...DEMO_KEY,
      extraHeaders: { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' },
    });
    const res = await fetch(`${sim.url}/tags?${new URLSearchParams(query).toString()}`, { headers });
    expect([res.status, (await res.json()).code]).toEqual([400, 'ContentMD5NotMatched']);
  });

  it('answers other methods and paths with InvalidAction.NotFound 404 JSON', async () => {
    const post = await rawRoa(sim, query, { method: 'POST' });
    expect([post.status, post.json.code]).toEqual([404, 'InvalidAction.NotFound']);
    const other = await rawRoa(sim, query, { path: '/clusters' });
    expect([other.status, other.json.code]).toEqual([404, 'InvalidAction.NotFound']);
    expect(other.contentType).toMatch(/^application\/json/);
  });
});
