import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, maxConcurrency, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { failure, rawRoa, rawRpc, roaClient, rpcClient } from './helpers.js';

const OTHER = { accessKeyId: 'faults-other', accessKeySecret: 'faults-other-secret' };
const PARAMS = { RegionId: 'cn-hangzhou', ResourceType: 'image' };
const ROA_QUERY = { resource_ids: '["c1"]', resource_type: 'CLUSTER', region_id: 'cn-beijing' };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ keys: [DEMO_KEY, OTHER] });
  // warm up: build both tenants' inventories before timing anything
  await rpcClient(sim).request('DescribeTags', PARAMS);
  await rpcClient(sim, OTHER).request('DescribeTags', PARAMS);
  sim.clearCalls();
});
afterEach(() => {
  sim.setFaults({ qpsPerKey: 0, latencyMs: 0, errorRate: 0, dropRate: 0 });
  sim.clearCalls();
});
afterAll(() => sim.close());

describe('QPS limit per AccessKeyId', () => {
  it('throttles a burst above the limit with Throttling.User 400, per key', async () => {
    sim.setFaults({ qpsPerKey: 5 });
    const client = rpcClient(sim);
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        client.request('DescribeTags', PARAMS).then(
          () => 'ok',
          (e: any) => e,
        ),
      ),
    );
    const ok = results.filter((r) => r === 'ok').length;
    const throttled = results.filter((r) => r !== 'ok');
    const starts = sim.calls().map((c) => c.startedAt);
    const refill = Math.floor(((Math.max(...starts) - Math.min(...starts)) / 1000) * 5);
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(5 + refill + 1);
    expect(throttled.length).toBeGreaterThan(5);
    for (const e of throttled) {
      expect(e.code).toBe('Throttling.User');
      expect(e.data.Message).toBe('Request was denied due to user flow control.');
      expect(e.entry.response.statusCode).toBe(400);
    }
    // another key has its own bucket
    const other: any = await rpcClient(sim, OTHER).request('DescribeTags', PARAMS);
    expect(other.RequestId).toBeDefined();
    expect(
      sim
        .calls({ operation: 'DescribeTags', accessKeyId: DEMO_KEY.accessKeyId })
        .filter((c) => c.code === 'Throttling.User'),
    ).toHaveLength(throttled.length);
  });

  it('refills over time', async () => {
    sim.setFaults({ qpsPerKey: 2 });
    const client = rpcClient(sim);
    await client.request('DescribeTags', PARAMS);
    await client.request('DescribeTags', PARAMS);
    const e = await failure(client.request('DescribeTags', PARAMS));
    expect(e.code).toBe('Throttling.User');
    await new Promise((r) => setTimeout(r, 550));
    const res: any = await client.request('DescribeTags', PARAMS);
    expect(res.TotalCount).toBeGreaterThan(0);
  });

  it('answers CS calls over the limit in the CS body', async () => {
    sim.setFaults({ qpsPerKey: 1 });
    const first = await rawRoa(sim, ROA_QUERY);
    expect(first.status).toBe(200);
    const second = await rawRoa(sim, ROA_QUERY);
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({
      code: 'Throttling.User',
      message: 'Request was denied due to user flow control.',
      status: 400,
    });
  });
});

describe('latency, errors, drops', () => {
  it('adds latencyMs to every answer (errors included), visible in the call log', async () => {
    sim.setFaults({ latencyMs: 120 });
    const t0 = performance.now();
    await rpcClient(sim).request('DescribeTags', PARAMS);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    const t1 = performance.now();
    const bad = await rawRpc(sim, { ...PARAMS, RegionId: 'nowhere' });
    expect(bad.status).toBe(404);
    expect(performance.now() - t1).toBeGreaterThanOrEqual(115);
    for (const c of sim.calls()) expect(c.endedAt - c.startedAt).toBeGreaterThanOrEqual(115);
  });

  it('lets tests measure concurrency from the call log', async () => {
    sim.setFaults({ latencyMs: 150 });
    const client = rpcClient(sim);
    await Promise.all(Array.from({ length: 4 }, () => client.request('DescribeTags', PARAMS)));
    await client.request('DescribeTags', PARAMS);
    expect(maxConcurrency(sim.calls())).toBe(4);
  });

  it('errorRate 1 answers 503 ServiceUnavailable in each operation’s shape', async () => {
    sim.setFaults({ errorRate: 1 });
    const e = await failure(rpcClient(sim).request('DescribeTags', PARAMS));
    expect(e.code).toBe('ServiceUnavailable');
    expect(e.entry.response.statusCode).toBe(503);
    const cs = await failure(roaClient(sim).request('GET', '/tags', ROA_QUERY));
    expect(cs.statusCode).toBe(503);
    expect(cs.result).toMatchObject({ code: 'ServiceUnavailable', status: 503 });
    expect(sim.calls().map((c) => [c.status, c.code])).toEqual([
      [503, 'ServiceUnavailable'],
      [503, 'ServiceUnavailable'],
    ]);
  });

  it('errorRate 0.5 fails about half', async () => {
    sim.setFaults({ errorRate: 0.5 });
    const res = await Promise.all(Array.from({ length: 60 }, () => rawRpc(sim, PARAMS)));
    const failed = res.filter((r) => r.status === 503).length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
    expect(res.every((r) => r.status === 200 || r.status === 503)).toBe(true);
  });

  it('dropRate 1 destroys the socket: pop-core sees a socket error; the log records status 0', async () => {
    sim.setFaults({ dropRate: 1 });
    const e = await failure(rpcClient(sim).request('DescribeTags', PARAMS));
    expect(e.code ?? e.cause?.code).toMatch(/ECONNRESET|socket hang up|UND_ERR_SOCKET/);
    const cs = await failure(roaClient(sim).request('GET', '/tags', ROA_QUERY));
    expect(String(cs.code ?? cs.message)).toMatch(/ECONNRESET|socket hang up/);
    expect(sim.calls().map((c) => [c.operation, c.status, c.code])).toEqual([
      ['DescribeTags', 0, null],
      ['ListTagResources', 0, null],
    ]);
  });

  it('faults never touch the control endpoints', async () => {
    sim.setFaults({ dropRate: 1, errorRate: 1, latencyMs: 2000 });
    const t0 = performance.now();
    const res = await fetch(`${sim.url}/__simulator/health`);
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('rejects invalid fault settings', () => {
    expect(() => sim.setFaults({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => sim.setFaults({ qpsPerKey: -1 })).toThrow(/qpsPerKey/);
    expect(() => sim.setFaults({ bogus: 1 } as any)).toThrow();
  });

  it('takes faults from the start options', async () => {
    const s = await startSimulator({ faults: { errorRate: 1 } });
    try {
      const res = await rawRpc(s, PARAMS);
      expect([res.status, res.json.Code]).toEqual([503, 'ServiceUnavailable']);
    } finally {
      await s.close();
    }
  });
});

describe('maxConcurrency', () => {
  it('counts overlapping half-open intervals', () => {
    const e = (startedAt: number, endedAt: number) => ({ startedAt, endedAt }) as any;
    expect(maxConcurrency([])).toBe(0);
    expect(maxConcurrency([e(0, 10), e(10, 20)])).toBe(1);
    expect(maxConcurrency([e(0, 10), e(5, 15), e(9, 11), e(11, 12)])).toBe(3);
  });
});
