import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  formatRpcTimestamp,
  percentEncode,
  rpcSignature,
  rpcStringToSign,
  signRpcParams,
  startSimulator,
  type Simulator,
} from '../../src/simulator/index.js';
import { canonicalizedQueryString, parseRpcTimestamp } from '../../src/simulator/protocol/signature-rpc.js';
import { commonRpcParams, failure, rawRpc, rpcClient } from './helpers.js';

const BASE = { RegionId: 'cn-hangzhou', ResourceType: 'instance' };

let sim: Simulator;
beforeAll(async () => {
  // STS tokens must be ones the simulator issued or was configured with: configure the one the STS case sends
  sim = await startSimulator({ keys: [{ ...DEMO_KEY, securityTokens: ['sts-token/with+odd=chars'] }] });
});
afterAll(() => sim.close());

describe("RPC signature v1.0 — the vector published in Alibaba Cloud's ECS signature documentation", () => {
  const params = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  };

  it('produces the published StringToSign and signature', () => {
    const sts = rpcStringToSign('GET', params);
    expect(sts).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(rpcSignature(sts, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('ignores Signature itself and sorts names in byte order', () => {
    const shuffled = Object.fromEntries(Object.entries(params).reverse());
    expect(canonicalizedQueryString({ ...shuffled, Signature: 'x' })).toBe(canonicalizedQueryString(params));
    expect(canonicalizedQueryString({ b: '1', B: '2', a: '3' })).toBe('B=2&a=3&b=1');
  });

  it('percent-encodes per RFC 3986 over UTF-8', () => {
    expect(percentEncode('a b*c~d-_.')).toBe('a%20b%2Ac~d-_.');
    expect(percentEncode("+/:!'()=&")).toBe('%2B%2F%3A%21%27%28%29%3D%26');
    expect(percentEncode('中')).toBe('%E4%B8%AD');
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
  });

  it('parses only well-formed UTC timestamps', () => {
    expect(parseRpcTimestamp('2016-02-23T12:46:24Z')).toBe(Date.UTC(2016, 1, 23, 12, 46, 24));
    expect(parseRpcTimestamp('2016-02-23T12:46:24.123Z')).toBe(Date.UTC(2016, 1, 23, 12, 46, 24));
    for (const bad of ['2016-02-23 12:46:24Z', '2016-02-30T12:46:24Z', '2016-02-23T12:46:24+08:00', '', 'now']) {
      expect(parseRpcTimestamp(bad)).toBeNull();
    }
  });
});

describe('RPC requests from a real pop-core RPCClient', () => {
  it('accepts GET', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', BASE);
    expect(res.TotalCount).toBeGreaterThan(0);
    expect(res.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('accepts POST (form body; StringToSign uses POST)', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', { ...BASE, PageSize: 3 }, { method: 'POST' });
    expect(res.PageSize).toBe(3);
    expect(res.Tags.Tag).toHaveLength(3);
  });

  it('accepts an STS SecurityToken for a known key', async () => {
    const res: any = await rpcClient(sim, DEMO_KEY, { securityToken: 'sts-token/with+odd=chars' }).request(
      'DescribeTags',
      BASE,
    );
    expect(res.TotalCount).toBeGreaterThan(0);
  });

  it('signs non-ASCII and reserved characters the same way pop-core does', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', {
      ...BASE,
      Tag: [{ Key: '项目', Value: '双十一' }],
    });
    expect(res.Tags.Tag).toEqual([expect.objectContaining({ TagKey: '项目', TagValue: '双十一' })]);
    const desc: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'ap-southeast-1',
      ResourceType: 'instance',
      Tag: [{ Key: 'description', Value: 'nightly batch / reports (v2) & exports' }],
    });
    expect(desc.TotalCount).toBe(1);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch 400 (pop-core error path)', async () => {
    const err = await failure(
      rpcClient(sim, { accessKeyId: DEMO_KEY.accessKeyId, accessKeySecret: 'wrong' }).request('DescribeTags', BASE),
    );
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.entry.response.statusCode).toBe(400);
    expect(err.message).toContain('Specified signature is not matched with our calculation.');
  });

  it('rejects an unknown AccessKeyId with InvalidAccessKeyId.NotFound 404', async () => {
    const err = await failure(
      rpcClient(sim, { accessKeyId: 'nobody', accessKeySecret: 'x' }).request('DescribeTags', BASE),
    );
    expect(err.code).toBe('InvalidAccessKeyId.NotFound');
    expect(err.entry.response.statusCode).toBe(404);
  });
});

describe('RPC signature failures (raw requests)', () => {
  it('rejects a tampered parameter, showing the server string to sign', async () => {
    const p = commonRpcParams(DEMO_KEY, BASE);
    const { query } = signRpcParams('GET', p, DEMO_KEY.accessKeySecret);
    const res = await fetch(`${sim.url}/?${query.replace('RegionId=cn-hangzhou', 'RegionId=cn-beijing')}`);
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.Code).toBe('SignatureDoesNotMatch');
    expect(body.Message).toContain('server string to sign is:GET&%2F&');
    expect(body.Message).toContain('cn-beijing');
    expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  });

  it('rejects a GET-signed request sent as POST', async () => {
    const p = commonRpcParams(DEMO_KEY, BASE);
    const res = await fetch(`${sim.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: signRpcParams('GET', p, DEMO_KEY.accessKeySecret).query,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).Code).toBe('SignatureDoesNotMatch');
  });

  it('rejects stale and future timestamps with InvalidTimeStamp.Expired 400', async () => {
    for (const offsetMin of [-16, 16]) {
      const ts = formatRpcTimestamp(new Date(Date.now() + offsetMin * 60_000));
      const res = await rawRpc(sim, { ...BASE, Timestamp: ts });
      expect(res.status).toBe(400);
      expect(res.json.Code).toBe('InvalidTimeStamp.Expired');
    }
    const ok = await rawRpc(sim, { ...BASE, Timestamp: formatRpcTimestamp(new Date(Date.now() - 14 * 60_000)) });
    expect(ok.status).toBe(200);
  });

  it('rejects a malformed timestamp with InvalidTimeStamp.Format 400', async () => {
    const res = await rawRpc(sim, { ...BASE, Timestamp: '2024-13-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.json.Code).toBe('InvalidTimeStamp.Format');
  });

  it('rejects a reused nonce with SignatureNonceUsed 400', async () => {
    const nonce = 'nonce-reuse-test';
    const first = await rawRpc(sim, { ...BASE, SignatureNonce: nonce });
    expect(first.status).toBe(200);
    const second = await rawRpc(sim, { ...BASE, SignatureNonce: nonce, PageSize: '7' });
    expect(second.status).toBe(400);
    expect(second.json.Code).toBe('SignatureNonceUsed');
  });

  it('does not burn a nonce on a request whose signature fails', async () => {
    const nonce = 'nonce-after-bad-signature';
    const bad = await rawRpc(sim, { ...BASE, SignatureNonce: nonce }, { secret: 'wrong' });
    expect(bad.json.Code).toBe('SignatureDoesNotMatch');
    const good = await rawRpc(sim, { ...BASE, SignatureNonce: nonce });
    expect(good.status).toBe(200);
  });

  it.each(['Action', 'Version', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'])(
    'answers MissingParameter 400 without %s',
    async (name) => {
      const res = await rawRpc(sim, BASE, { omit: [name] });
      expect(res.status).toBe(400);
      expect(res.json.Code).toBe('MissingParameter');
      expect(res.json.Message).toContain(`"${name}"`);
    },
  );

  it('answers MissingParameter 400 without Signature', async () => {
    const res = await rawRpc(sim, BASE, { sign: false });
    expect(res.status).toBe(400);
    expect(res.json.Code).toBe('MissingParameter');
    expect(res.json.Message).toContain('"Signature"');
  });

  it('answers IncompleteSignature 400 for another SignatureMethod / SignatureVersion', async () => {
    for (const p of [{ SignatureMethod: 'HMAC-SHA256' }, { SignatureVersion: '2.0' }] as Array<
      Record<string, string>
    >) {
      const res = await rawRpc(sim, { ...BASE, ...p });
      expect(res.status).toBe(400);
      expect(res.json.Code).toBe('IncompleteSignature');
    }
  });

  it('answers InvalidVersion 404 and InvalidAction.NotFound 404', async () => {
    const v = await rawRpc(sim, { ...BASE, Version: '2016-01-01' });
    expect([v.status, v.json.Code]).toEqual([404, 'InvalidVersion']);
    const a = await rawRpc(sim, { ...BASE, Action: 'RunInstances' });
    expect([a.status, a.json.Code]).toEqual([404, 'InvalidAction.NotFound']);
  });

  it('answers XML when Format is XML or absent (the cloud default)', async () => {
    const err = await rawRpc(sim, BASE, { omit: ['Format'], secret: 'wrong' });
    expect(err.status).toBe(400);
    expect(err.contentType).toMatch(/^text\/xml/);
    expect(err.text).toMatch(
      /<Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>ecs.aliyuncs.com<\/HostId><Code>SignatureDoesNotMatch<\/Code><Message>/,
    );
    const ok = await rawRpc(sim, { ...BASE, Format: 'XML', PageSize: '2' });
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeTagsResponse><PageNumber>1<\/PageNumber><PageSize>2<\/PageSize>/,
    );
    expect(ok.text.match(/<Tag><TagKey>/g)).toHaveLength(2);
    expect(ok.text).toContain('<ResourceTypeCount><Instance>');
  });

  it('survives malformed encoding and oversized input', async () => {
    const bad = await fetch(`${sim.url}/?Action=%zz&Version=%E4&RegionId=%`);
    expect(bad.status).toBe(400);
    const long = await rawRpc(sim, { ...BASE, ResourceId: 'x'.repeat(6000) });
    expect(long.status).toBe(200);
    expect(long.json.TotalCount).toBe(0);
    const huge = await fetch(`${sim.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `a=${'x'.repeat(1_100_000)}`,
    }).catch((e: unknown) => e);
    if (huge instanceof Response) expect(huge.status).toBe(413);
    const health = await fetch(`${sim.url}/__simulator/health`);
    expect(health.status).toBe(200);
  });
});
