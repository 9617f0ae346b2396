import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type CallLogEntry, type Simulator } from '../../src/simulator/index.js';
import { simulatorOptionsFromEnv } from '../../src/simulator/env.js';
import { rawRoa, rawRpc, roaClient, rpcClient } from './helpers.js';

const OTHER = { accessKeyId: 'control-other', accessKeySecret: 'control-other-secret' };

let sim: Simulator;
beforeAll(async () => {
  // the call-log case signs with an STS token: one the simulator was configured with
  sim = await startSimulator({ keys: [{ ...DEMO_KEY, securityTokens: ['sts-secret-token'] }, OTHER] });
});
beforeEach(() => sim.clearCalls());
afterAll(() => sim.close());

const get = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${sim.url}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: await res.json() };
};

describe('control endpoints', () => {
  it('GET /__simulator/health', async () => {
    expect(await get('/__simulator/health')).toMatchObject({ status: 200, json: { status: 'ok', url: sim.url } });
  });

  it('GET /__simulator/inventory (default tenant, ?accessKeyId=, unknown → 404)', async () => {
    const def = await get('/__simulator/inventory');
    expect(def.status).toBe(200);
    expect(JSON.stringify(def.json)).toBe(JSON.stringify(sim.inventory()));
    const other = await get(`/__simulator/inventory?accessKeyId=${OTHER.accessKeyId}`);
    expect(JSON.stringify(other.json)).toBe(JSON.stringify(sim.inventory(OTHER.accessKeyId)));
    expect((await get('/__simulator/inventory?accessKeyId=nobody')).status).toBe(404);
  });

  it('GET/DELETE /__simulator/calls with filters', async () => {
    await rpcClient(sim).request('DescribeTags', { RegionId: 'cn-beijing', ResourceType: 'disk' });
    await rpcClient(sim, OTHER).request('DescribeTags', { RegionId: 'cn-hangzhou', ResourceType: 'disk' });
    const all = await get('/__simulator/calls');
    expect(all.json).toHaveLength(2);
    expect((await get(`/__simulator/calls?accessKeyId=${OTHER.accessKeyId}`)).json).toHaveLength(1);
    expect((await get('/__simulator/calls?regionId=cn-beijing&operation=DescribeTags')).json).toHaveLength(1);
    expect((await get('/__simulator/calls?operation=ListTagResources')).json).toHaveLength(0);
    expect((await get('/__simulator/calls', { method: 'DELETE' })).status).toBe(200);
    expect(sim.calls()).toEqual([]);
  });

  it('POST /__simulator/faults validates and applies', async () => {
    const set = await get('/__simulator/faults', { method: 'POST', body: JSON.stringify({ errorRate: 1 }) });
    expect(set).toMatchObject({ status: 200, json: { errorRate: 1, dropRate: 0, latencyMs: 0, qpsPerKey: 0 } });
    expect((await rawRpc(sim, { RegionId: 'cn-beijing', ResourceType: 'disk' })).status).toBe(503);
    expect((await get('/__simulator/faults')).json.errorRate).toBe(1);
    const bad = await get('/__simulator/faults', { method: 'POST', body: JSON.stringify({ errorRate: 'lots' }) });
    expect(bad.status).toBe(400);
    expect((await get('/__simulator/faults', { method: 'POST', body: '{oops' })).status).toBe(400);
    await get('/__simulator/faults', { method: 'POST', body: JSON.stringify({ errorRate: 0 }) });
    expect((await rawRpc(sim, { RegionId: 'cn-beijing', ResourceType: 'disk' })).status).toBe(200);
  });

  it('control calls are not logged; unknown control paths are 404 JSON', async () => {
    const res = await get('/__simulator/nothing');
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/^application\/json/);
    expect(sim.calls()).toEqual([]);
  });
});

describe('call log', () => {
  it('records served and rejected calls with their operation, key, region, params, status, code and request id', async () => {
    const ok: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-beijing',
      ResourceType: 'instance',
      PageSize: 5,
    });
    const bad = await rawRpc(sim, { RegionId: 'cn-beijing', ResourceType: 'instance' }, { secret: 'wrong' });
    const cluster = sim.inventory().resources.find((r) => r.type === 'cluster')!;
    const cs = await roaClient(sim).request('GET', '/tags', {
      resource_ids: JSON.stringify([cluster.resourceId]),
      resource_type: 'CLUSTER',
      region_id: cluster.regionId,
    });
    const unknown = await fetch(`${sim.url}/v1/whatever`);
    expect(unknown.status).toBe(404);

    const calls = sim.calls();
    expect(calls.map((c) => [c.operation, c.status, c.code])).toEqual([
      ['DescribeTags', 200, null],
      ['DescribeTags', 400, 'SignatureDoesNotMatch'],
      ['ListTagResources', 200, null],
      ['Unknown', 404, 'InvalidAction.NotFound'],
    ]);
    const [first, second, third] = calls as [CallLogEntry, CallLogEntry, CallLogEntry];
    expect(first).toMatchObject({ accessKeyId: DEMO_KEY.accessKeyId, regionId: 'cn-beijing', requestId: ok.RequestId });
    expect(first.params).toMatchObject({
      Action: 'DescribeTags',
      RegionId: 'cn-beijing',
      ResourceType: 'instance',
      PageSize: '5',
      Version: '2014-05-26',
    });
    for (const hidden of ['Signature', 'AccessKeyId', 'SecurityToken', 'SignatureNonce'])
      expect(first.params).not.toHaveProperty(hidden);
    expect(second.requestId).toBe(bad.json.RequestId);
    expect(third).toMatchObject({
      accessKeyId: DEMO_KEY.accessKeyId,
      regionId: cluster.regionId,
      requestId: cs.request_id,
    });
    expect(third.params).toEqual({
      resource_ids: JSON.stringify([cluster.resourceId]),
      resource_type: 'CLUSTER',
      region_id: cluster.regionId,
    });
    expect(calls.map((c) => c.seq)).toEqual([...calls.map((c) => c.seq)].sort((a, b) => a - b));
    for (const c of calls) {
      expect(c.endedAt).toBeGreaterThanOrEqual(c.startedAt);
      expect(Math.abs(c.startedAt - Date.now())).toBeLessThan(60_000);
    }
  });

  it('never holds a secret or a signature', async () => {
    await rpcClient(sim, DEMO_KEY, { securityToken: 'sts-secret-token' }).request('DescribeTags', {
      RegionId: 'cn-beijing',
      ResourceType: 'instance',
    });
    await roaClient(sim, DEMO_KEY, { securityToken: 'sts-secret-token' }).request('GET', '/tags', {
      resource_ids: '["c1"]',
      resource_type: 'CLUSTER',
      region_id: 'cn-beijing',
    });
    // a careless client putting the secret in a parameter value
    await rawRpc(sim, { RegionId: 'cn-beijing', ResourceType: 'instance', ResourceId: DEMO_KEY.accessKeySecret });
    await rawRoa(sim, {
      resource_ids: JSON.stringify(['x']),
      resource_type: 'CLUSTER',
      region_id: 'cn-beijing',
      note: OTHER.accessKeySecret,
    });
    const text = JSON.stringify(sim.calls()) + JSON.stringify((await get('/__simulator/calls')).json);
    expect(sim.calls()).toHaveLength(4);
    expect(text).not.toContain(DEMO_KEY.accessKeySecret);
    expect(text).not.toContain(OTHER.accessKeySecret);
    expect(text).not.toContain('sts-secret-token');
    expect(text).not.toMatch(/Signature"/);
  });
});

describe('robustness', () => {
  it('answers unknown paths with 404 JSON and survives garbage', async () => {
    const res = await fetch(`${sim.url}/nope?%%%`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'InvalidAction.NotFound' });
    const rpcish = await fetch(`${sim.url}/nope?Action=DescribeTags&Format=JSON`);
    expect((await rpcish.json()).Code).toBe('InvalidAction.NotFound');

    // a raw socket speaking nonsense
    await new Promise<void>((resolve) => {
      const s = connect(sim.port, '127.0.0.1', () => s.write('\u0000\u0001GARBAGE / HTTP/9\r\n\r\n'));
      s.on('data', () => undefined);
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    const weird = await fetch(`${sim.url}/?${'Tag.1.Key=%E4%B8'.repeat(200)}&Action=DescribeTags`);
    expect(weird.status).toBe(400);
    const longUrl = await fetch(`${sim.url}/?Action=${'x'.repeat(20_000)}`);
    expect(longUrl.status).toBe(431);
    const put = await fetch(`${sim.url}/`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(404);
    expect((await fetch(`${sim.url}/__simulator/health`)).status).toBe(200);
  });
});

describe('main.ts environment', () => {
  it('has working defaults', () => {
    expect(simulatorOptionsFromEnv({})).toEqual({
      port: 9100,
      host: '127.0.0.1',
      seed: 42,
      size: 1,
      faults: { qpsPerKey: 0, latencyMs: 0, errorRate: 0, dropRate: 0 },
    });
  });

  it('parses every variable', () => {
    const o = simulatorOptionsFromEnv({
      SIMULATOR_PORT: '0',
      SIMULATOR_HOST: '0.0.0.0',
      SIMULATOR_SEED: '7',
      SIMULATOR_SIZE: '2',
      SIMULATOR_INVENTORY_FILE: '/tmp/inv.json',
      SIMULATOR_KEYS: 'a:s1, b:s:2',
      SIMULATOR_QPS_PER_KEY: '10',
      SIMULATOR_LATENCY_MS: '25',
      SIMULATOR_ERROR_RATE: '0.1',
      SIMULATOR_DROP_RATE: '0.05',
    });
    expect(o).toEqual({
      port: 0,
      host: '0.0.0.0',
      seed: 7,
      size: 2,
      inventoryFile: '/tmp/inv.json',
      keys: [
        { accessKeyId: 'a', accessKeySecret: 's1' },
        { accessKeyId: 'b', accessKeySecret: 's:2' },
      ],
      faults: { qpsPerKey: 10, latencyMs: 25, errorRate: 0.1, dropRate: 0.05 },
    });
  });

  it('sets the page sizes of both token-paged operations only when asked to', async () => {
    expect(simulatorOptionsFromEnv({ SIMULATOR_PAGE_SIZE_CS: '7', SIMULATOR_PAGE_SIZE_ECS: '3' })).toMatchObject({
      pageSizeCs: 7,
      pageSizeEcs: 3,
    });
    expect(simulatorOptionsFromEnv({ SIMULATOR_PAGE_SIZE_ECS: '' })).not.toHaveProperty('pageSizeEcs');
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_PAGE_SIZE_ECS: '0' })).toThrow(/SIMULATOR_PAGE_SIZE_ECS/);
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_PAGE_SIZE_CS: '2.5' })).toThrow(/SIMULATOR_PAGE_SIZE_CS/);
    await expect(startSimulator({ pageSizeEcs: 0 })).rejects.toThrow(/pageSizeEcs/);
  });

  it('rejects bad values with a message naming each variable', () => {
    let message = '';
    try {
      simulatorOptionsFromEnv({ SIMULATOR_PORT: 'http', SIMULATOR_ERROR_RATE: '1.5', SIMULATOR_KEYS: 'nocolon' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid simulator configuration:/);
    for (const v of ['SIMULATOR_PORT', 'SIMULATOR_ERROR_RATE', 'SIMULATOR_KEYS']) expect(message).toContain(v);
  });
});
