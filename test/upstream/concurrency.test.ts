/**
 * The concurrency cap, as the simulator's call log sees it: with added latency, the largest number of calls
 * in flight at one instant (per upstream service and region) never exceeds maxConcurrency, yet calls do run
 * in parallel; slots come back after errors and aborts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  maxConcurrency,
  startSimulator,
  type InventoryFile,
  type Simulator,
} from '../../src/simulator/index.js';
import { createUpstream, makeCredential, type TagApi } from '../../src/upstream/index.js';
import { clustersOf, sleep, timed } from './helpers.js';

let sim: Simulator;
let inv: InventoryFile;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  inv = sim.inventory();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFaults({ errorRate: 0, dropRate: 0, latencyMs: 0, qpsPerKey: 0 });
  sim.clearCalls();
});

const upstream = (maxConc: number) =>
  createUpstream({
    endpointOverride: sim.url,
    maxConcurrency: maxConc,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    timeoutMs: 5_000,
    deadlineMs: 10_000,
  });
const dt = (api: TagApi, i: number, regionId = 'cn-hangzhou', signal?: AbortSignal) =>
  api.describeTags(cred, { regionId, resourceType: 'instance', pageSize: 1, pageNumber: i + 1 }, { signal });
const lt = (api: TagApi, i: number, regionId = 'cn-hangzhou') => {
  const ids = clustersOf(inv, regionId);
  return api.listTagResources(cred, { regionId, resourceIds: [ids[i % ids.length]!] });
};

describe('the concurrency cap', () => {
  it.each([
    ['DescribeTags', dt],
    ['ListTagResources', lt],
  ] as const)('%s: 30 parallel calls with maxConcurrency 3 → at most 3 in flight, and more than 1', async (op, run) => {
    sim.setFaults({ latencyMs: 30 });
    const api = upstream(3);
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => run(api, i)));
    const ms = performance.now() - started;
    expect(results).toHaveLength(30);
    const log = sim.calls({ operation: op });
    expect(log).toHaveLength(30);
    expect(log.every((e) => e.status === 200)).toBe(true);
    expect(maxConcurrency(log)).toBeLessThanOrEqual(3);
    expect(maxConcurrency(log)).toBeGreaterThan(1);
    // 30 calls of 30 ms, 3 at a time: at least 10 rounds.
    expect(ms).toBeGreaterThanOrEqual(10 * 30 - 5);
  });

  it('maxConcurrency 1 serialises the calls', async () => {
    sim.setFaults({ latencyMs: 10 });
    const api = upstream(1);
    await Promise.all(Array.from({ length: 8 }, (_, i) => dt(api, i)));
    const log = sim.calls();
    expect(log).toHaveLength(8);
    expect(maxConcurrency(log)).toBe(1);
  });

  it('the cap is per service and region: each (operation, region) stays within it', async () => {
    sim.setFaults({ latencyMs: 30 });
    const api = upstream(2);
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => dt(api, i, 'cn-hangzhou')),
      ...Array.from({ length: 10 }, (_, i) => dt(api, i, 'cn-beijing')),
      ...Array.from({ length: 10 }, (_, i) => lt(api, i, 'cn-hangzhou')),
    ]);
    const groups = [
      sim.calls({ operation: 'DescribeTags', regionId: 'cn-hangzhou' }),
      sim.calls({ operation: 'DescribeTags', regionId: 'cn-beijing' }),
      sim.calls({ operation: 'ListTagResources', regionId: 'cn-hangzhou' }),
    ];
    for (const g of groups) {
      expect(g).toHaveLength(10);
      expect(maxConcurrency(g)).toBeLessThanOrEqual(2);
      expect(maxConcurrency(g)).toBe(2);
    }
    expect(maxConcurrency(sim.calls())).toBeLessThanOrEqual(6);
    expect(maxConcurrency(sim.calls())).toBeGreaterThan(2);
  });

  it('retries hold to the cap as well', async () => {
    sim.setFaults({ errorRate: 1, latencyMs: 10 });
    const api = createUpstream({
      endpointOverride: sim.url,
      maxConcurrency: 2,
      maxAttempts: 3,
      backoffBaseMs: 1,
      backoffMaxMs: 3,
    });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => timed(dt(api, i))));
    expect(results.every((r) => r.error?.code === 'ServiceUnavailable')).toBe(true);
    const log = sim.calls();
    expect(log).toHaveLength(24);
    expect(maxConcurrency(log)).toBeLessThanOrEqual(2);
  });

  it('slots come back after errors: the next calls run at full width', async () => {
    const api = upstream(3);
    sim.setFaults({ dropRate: 1 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => timed(dt(api, i))));
    sim.setFaults({ dropRate: 0, latencyMs: 30 });
    sim.clearCalls();
    await Promise.all(Array.from({ length: 9 }, (_, i) => dt(api, i)));
    expect(maxConcurrency(sim.calls())).toBe(3);
  });

  it('aborted waiters give their place back: no slot leaks', async () => {
    sim.setFaults({ latencyMs: 60 });
    const api = upstream(1);
    const controller = new AbortController();
    const first = dt(api, 0);
    const waiting = Array.from({ length: 5 }, (_, i) => timed(dt(api, i + 1, 'cn-hangzhou', controller.signal)));
    await sleep(10);
    controller.abort();
    for (const w of await Promise.all(waiting)) expect(w.error?.code).toBe('Aborted');
    await first;
    const after = await timed(dt(api, 9));
    expect(after.error).toBeUndefined();
    expect(sim.calls().map((e) => e.params.PageNumber)).toEqual(['1', '10']);
  });
});
