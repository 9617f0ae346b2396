/**
 * Retries, as the simulator's call log sees them: throttled and 5xx calls retried (and then succeeding, or
 * giving up after maxAttempts), 4xx tried exactly once, pauses within the backoff ceiling.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  startSimulator,
  type CallLogEntry,
  type InventoryFile,
  type Simulator,
} from '../../src/simulator/index.js';
import { createUpstream, makeCredential, type TagApi } from '../../src/upstream/index.js';
import { backoff } from '../../src/upstream/retry.js';
import { clustersOf, upstreamError } from './helpers.js';

let sim: Simulator;
let inv: InventoryFile;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, pageSizeCs: 5 });
  inv = sim.inventory();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFaults({ errorRate: 0, dropRate: 0, latencyMs: 0, qpsPerKey: 0 });
  sim.clearCalls();
});

const upstream = (o: Parameters<typeof createUpstream>[0] = {}) =>
  createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20, ...o });
const dt = (api: TagApi, pageNumber = 1) =>
  api.describeTags(cred, { regionId: 'cn-hangzhou', resourceType: 'instance', pageSize: 5, pageNumber });
const lt = (api: TagApi) =>
  api.listTagResources(cred, { regionId: 'cn-hangzhou', resourceIds: clustersOf(inv, 'cn-hangzhou').slice(0, 2) });
const et = (api: TagApi, key = 'env') =>
  api.listEcsTagResources(cred, { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key }] });
const dc = (api: TagApi, pageNumber = 1) =>
  api.describeClusters(cred, { regionId: 'cn-hangzhou', pageSize: 2, pageNumber });

/** Calls the simulator logs from now on, grouped by a parameter. */
function groupBy(entries: CallLogEntry[], param: string): Map<string, CallLogEntry[]> {
  const groups = new Map<string, CallLogEntry[]>();
  for (const e of entries) groups.set(e.params[param]!, [...(groups.get(e.params[param]!) ?? []), e]);
  return groups;
}

/** Waits until the log has an entry matching `pred`. */
async function logShows(pred: (e: CallLogEntry) => boolean): Promise<void> {
  const until = Date.now() + 5_000;
  while (!sim.calls().some(pred)) {
    if (Date.now() > until) throw new Error('the simulator never logged the expected call');
    await new Promise((r) => setImmediate(r));
  }
}

describe('throttling', () => {
  it('throttled calls are retried and then succeed (15 calls against a 5 QPS bucket)', async () => {
    // A burst of 5 tokens for 15 calls: throttling is certain however slow the machine is.
    sim.setFaults({ qpsPerKey: 5 });
    const api = upstream({ maxAttempts: 60, backoffBaseMs: 40, backoffMaxMs: 200 });
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => dt(api, i + 1)));
    expect(results.map((r) => r.pageNumber)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const log = sim.calls();
    const throttled = log.filter((e) => e.code === 'Throttling.User');
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled.every((e) => e.status === 400)).toBe(true);
    // Each logical call: zero or more throttled attempts, then exactly one success, last.
    const groups = groupBy(log, 'PageNumber');
    expect(groups.size).toBe(15);
    for (const attempts of groups.values()) {
      expect(attempts.at(-1)!.status).toBe(200);
      expect(attempts.slice(0, -1).every((e) => e.code === 'Throttling.User')).toBe(true);
    }
    expect([...groups.values()].some((a) => a.length > 1)).toBe(true);
    expect(log.filter((e) => e.status === 200)).toHaveLength(15);
  });

  it.each([
    ['DescribeTags', dt],
    ['ListTagResources', lt],
    ['EcsListTagResources', et],
    ['DescribeClustersV1', dc],
  ] as const)('%s: throttled on every attempt → Throttling.User after exactly maxAttempts calls', async (op, run) => {
    sim.setFaults({ qpsPerKey: 0.001 }); // a bucket of one token that never refills in the test's time
    const api = upstream({ maxAttempts: 3 });
    await run(api); // takes the only token
    sim.clearCalls();
    const err = await upstreamError(run(api));
    expect(err).toMatchObject({ operation: op, code: 'Throttling.User', status: 400, retryable: true });
    expect(err.isThrottled).toBe(true);
    const log = sim.calls();
    expect(log).toHaveLength(3);
    expect(log.every((e) => e.code === 'Throttling.User' && e.operation === op)).toBe(true);
    expect(err.requestId).toBe(log[2]!.requestId);
  });
});

describe('throttling of the listing operations', () => {
  it.each([
    ['EcsListTagResources', 'Tag.1.Key', (api: TagApi, i: number) => et(api, `key-${i}`)],
    ['DescribeClustersV1', 'page_number', (api: TagApi, i: number) => dc(api, i + 1)],
  ] as const)('%s: 10 calls against a 3 QPS bucket are retried and all succeed', async (op, param, run) => {
    sim.setFaults({ qpsPerKey: 3 });
    const api = upstream({ maxAttempts: 60, backoffBaseMs: 40, backoffMaxMs: 200 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => run(api, i)));
    const log = sim.calls();
    expect(log.every((e) => e.operation === op)).toBe(true);
    const groups = groupBy(log, param);
    expect(groups.size).toBe(10);
    for (const attempts of groups.values()) {
      expect(attempts.at(-1)!.status).toBe(200);
      expect(attempts.slice(0, -1).every((e) => e.code === 'Throttling.User')).toBe(true);
    }
    expect([...groups.values()].some((a) => a.length > 1)).toBe(true);
  });
});

describe('5xx and dropped connections', () => {
  it.each([1, 2, 5])('503 on every attempt: exactly maxAttempts (%i) calls', async (maxAttempts) => {
    sim.setFaults({ errorRate: 1 });
    const err = await upstreamError(dt(upstream({ maxAttempts })));
    expect(err.code).toBe('ServiceUnavailable');
    expect(sim.calls()).toHaveLength(maxAttempts);
  });

  it('the default is 4 attempts', async () => {
    sim.setFaults({ errorRate: 1 });
    await upstreamError(lt(createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20 })));
    expect(sim.calls()).toHaveLength(4);
  });

  it.each([
    ['503', { errorRate: 1 }, (e: CallLogEntry) => e.status === 503],
    ['a dropped connection', { dropRate: 1 }, (e: CallLogEntry) => e.status === 0],
  ] as const)('%s, then the service recovers: the call succeeds on a retry', async (_name, fault, failed) => {
    sim.setFaults(fault);
    const call = dt(upstream({ maxAttempts: 20, backoffBaseMs: 30, backoffMaxMs: 60 }));
    await logShows(failed);
    sim.setFaults({ errorRate: 0, dropRate: 0 });
    const result = await call;
    expect(result.tags).toHaveLength(5);
    const log = sim.calls();
    expect(log.at(-1)!.status).toBe(200);
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.slice(0, -1).every(failed)).toBe(true);
  });

  it('ListTagResources recovers from a 503 the same way', async () => {
    sim.setFaults({ errorRate: 1 });
    const call = lt(upstream({ maxAttempts: 20, backoffBaseMs: 30, backoffMaxMs: 60 }));
    await logShows((e) => e.status === 503);
    sim.setFaults({ errorRate: 0 });
    expect((await call).tagResources.length).toBeGreaterThan(0);
    expect(
      sim
        .calls()
        .map((e) => e.status)
        .at(-1),
    ).toBe(200);
  });
});

describe('4xx answers are tried once', () => {
  const api = () => upstream({ maxAttempts: 5 });
  const cases = [
    [
      'unknown region (ECS)',
      () => api().describeTags(cred, { regionId: 'xx-nowhere-1', resourceType: 'instance' }),
      'InvalidRegionId.NotFound',
    ],
    [
      'unknown region (CS)',
      () => api().listTagResources(cred, { regionId: 'xx-nowhere-1', resourceIds: [`c${'a'.repeat(32)}`] }),
      'InvalidRegionId.NotFound',
    ],
    [
      'wrong secret (ECS)',
      () =>
        api().describeTags(makeCredential(DEMO_KEY.accessKeyId, 'bad'), {
          regionId: 'cn-hangzhou',
          resourceType: 'disk',
        }),
      'SignatureDoesNotMatch',
    ],
    [
      'wrong secret (CS)',
      () =>
        api().listTagResources(makeCredential(DEMO_KEY.accessKeyId, 'bad'), {
          regionId: 'cn-hangzhou',
          resourceIds: [`c${'a'.repeat(32)}`],
        }),
      'SignatureDoesNotMatch',
    ],
    [
      'unknown key (ECS)',
      () => api().describeTags(makeCredential('nobody', 'x'), { regionId: 'cn-hangzhou', resourceType: 'disk' }),
      'InvalidAccessKeyId.NotFound',
    ],
    [
      'unknown key (CS)',
      () =>
        api().listTagResources(makeCredential('nobody', 'x'), {
          regionId: 'cn-hangzhou',
          resourceIds: [`c${'a'.repeat(32)}`],
        }),
      'InvalidAccessKeyId.NotFound',
    ],
    [
      'forged next token (CS)',
      () =>
        api().listTagResources(cred, {
          regionId: 'cn-hangzhou',
          resourceIds: [`c${'a'.repeat(32)}`],
          nextToken: 'Zm9vOmJhcg.AAAAAAAAAAAAAAAAAAAAAA',
        }),
      'InvalidParameter',
    ],
  ] as const;

  it.each(cases)('%s → exactly one call', async (_name, run, code) => {
    sim.clearCalls();
    const err = await upstreamError(run());
    sim.clearCalls();
    const again = await upstreamError(run());
    expect(again.code).toBe(code);
    expect(err.code).toBe(code);
    expect(again.retryable).toBe(false);
    expect(sim.calls()).toHaveLength(1);
    expect(sim.calls()[0]!.code).toBe(code);
  });
});

describe('backoff', () => {
  it('pauses between attempts stay under the ceiling min(max, base * 2^(n-1))', async () => {
    sim.setFaults({ errorRate: 1 });
    const base = 100;
    const max = 150;
    await upstreamError(dt(upstream({ maxAttempts: 5, backoffBaseMs: base, backoffMaxMs: max })));
    const log = sim.calls();
    expect(log).toHaveLength(5);
    const gaps = log.slice(1).map((e, i) => e.startedAt - log[i]!.endedAt);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThan(Math.min(max, base * 2 ** i) + 150); // + event-loop lag on a busy machine
    });
  });

  it('full jitter: random(0, ceiling), capped at backoffMaxMs', () => {
    const policy = { backoffBaseMs: 100, backoffMaxMs: 1_000 };
    const samples = (attempt: number) => Array.from({ length: 300 }, () => backoff(policy, attempt));
    for (const [attempt, ceiling] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
      [5, 1_000],
      [12, 1_000],
    ] as const) {
      const s = samples(attempt);
      expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...s)).toBeLessThan(ceiling);
      expect(Math.max(...s)).toBeGreaterThan(ceiling / 2); // spread over the range, not a constant
      expect(s.every(Number.isInteger)).toBe(true);
    }
  });
});
