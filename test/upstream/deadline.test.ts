/**
 * Time limits under the simulator's added latency: the per-attempt timeout (Timeout), the deadline for the
 * whole call, retries and backoff included (DeadlineExceeded, on time), and the caller's AbortSignal (Aborted).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import { createUpstream, makeCredential, type TagApi, type UpstreamOptions } from '../../src/upstream/index.js';
import { clustersOf, sleep, startLocalServer, timed, waitForCalls } from './helpers.js';

/** How late a deadline may fire on a loaded 2-core machine. */
const SLACK = 200;
let sim: Simulator;
let inv: InventoryFile;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  inv = sim.inventory();
});
afterAll(() => sim.close());
let since = 0;
/** This test's calls: attempts abandoned by earlier tests are logged late, once their latency has passed. */
const calls = () => sim.calls().filter((e) => e.startedAt >= since);
beforeEach(() => {
  sim.setFaults({ errorRate: 0, dropRate: 0, latencyMs: 0, qpsPerKey: 0 });
  since = performance.timeOrigin + performance.now();
});

const upstream = (o: UpstreamOptions) =>
  createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20, ...o });
const OPS = [
  [
    'DescribeTags',
    (api: TagApi, signal?: AbortSignal) =>
      api.describeTags(cred, { regionId: 'cn-hangzhou', resourceType: 'instance' }, { signal }),
  ],
  [
    'ListTagResources',
    (api: TagApi, signal?: AbortSignal) =>
      api.listTagResources(
        cred,
        { regionId: 'cn-hangzhou', resourceIds: clustersOf(inv, 'cn-hangzhou').slice(0, 2) },
        { signal },
      ),
  ],
] as const;

describe('per-attempt timeout', () => {
  it.each(OPS)(
    '%s: latency beyond the timeout → Timeout (504, retryable) after maxAttempts attempts',
    async (op, run) => {
      sim.setFaults({ latencyMs: 700 });
      const { ms, error } = await timed(run(upstream({ timeoutMs: 200, deadlineMs: 5_000, maxAttempts: 2 })));
      expect(error).toMatchObject({ operation: op, code: 'Timeout', status: 504, retryable: true });
      expect(ms).toBeGreaterThanOrEqual(2 * 200 - 10);
      expect(ms).toBeLessThan(700 + SLACK); // gave up on each attempt, never waited for an answer
      // Both attempts reached the simulator (logged once its latency has passed).
      expect(await waitForCalls(calls, 2)).toHaveLength(2);
    },
  );

  it.each(OPS)('%s: latency under the timeout succeeds', async (_op, run) => {
    sim.setFaults({ latencyMs: 60 });
    const { ms, error } = await timed(run(upstream({ timeoutMs: 1_000, deadlineMs: 2_000 })));
    expect(error).toBeUndefined();
    expect(ms).toBeGreaterThanOrEqual(55);
    expect(calls()).toHaveLength(1);
  });
});

describe('deadline', () => {
  it.each(OPS)('%s: latency beyond the deadline → DeadlineExceeded on time', async (op, run) => {
    sim.setFaults({ latencyMs: 600 });
    const { ms, error } = await timed(run(upstream({ timeoutMs: 5_000, deadlineMs: 250 })));
    expect(error).toMatchObject({ operation: op, code: 'DeadlineExceeded', status: 504, retryable: false });
    expect(ms).toBeGreaterThanOrEqual(245);
    expect(ms).toBeLessThan(250 + SLACK);
  });

  it.each(OPS)('%s: retried timeouts stop at the deadline, not after maxAttempts × timeout', async (_op, run) => {
    sim.setFaults({ latencyMs: 500 });
    const { ms, error } = await timed(run(upstream({ timeoutMs: 120, deadlineMs: 300, maxAttempts: 10 })));
    expect(['DeadlineExceeded', 'Timeout']).toContain(error?.code);
    expect(ms).toBeLessThan(300 + SLACK);
    expect(ms).toBeGreaterThanOrEqual(235);
  });

  it('backoff never sleeps past the deadline', async () => {
    sim.setFaults({ errorRate: 1 });
    const { ms, error } = await timed(
      OPS[0][1](upstream({ deadlineMs: 300, maxAttempts: 50, backoffBaseMs: 2_000, backoffMaxMs: 2_000 })),
    );
    expect(['ServiceUnavailable', 'DeadlineExceeded']).toContain(error?.code);
    expect(ms).toBeLessThan(300 + SLACK);
  });

  it('a call waiting for a concurrency slot is bounded by its deadline too, and never sent', async () => {
    sim.setFaults({ latencyMs: 500 });
    const api = upstream({ timeoutMs: 5_000, deadlineMs: 200, maxConcurrency: 1 });
    const [a, b] = await Promise.all([timed(OPS[0][1](api)), timed(OPS[0][1](api))]);
    for (const r of [a, b]) {
      expect(r.error?.code).toBe('DeadlineExceeded');
      expect(r.ms).toBeLessThan(200 + SLACK);
    }
    await sleep(450);
    expect(calls()).toHaveLength(1); // only the first was sent
  });

  it('the deadline covers the whole call: each call gets its own', async () => {
    // 4 calls of 200 ms take longer than one deadline (700 ms); each fits in its own.
    sim.setFaults({ latencyMs: 200 });
    const api = upstream({ timeoutMs: 5_000, deadlineMs: 700 });
    for (let i = 0; i < 4; i++) {
      const { error } = await timed(OPS[0][1](api));
      expect(error).toBeUndefined();
    }
    expect(calls()).toHaveLength(4);
  });
});

describe('a body that stalls half-way (local server)', () => {
  it.each(['DescribeTags', 'ListTagResources'] as const)('%s: the deadline still ends the call on time', async (op) => {
    const local = await startLocalServer();
    local.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"RequestId":"R-STALL","Tags":{"Tag":['); // …and nothing more
    };
    try {
      const api = createUpstream({ endpointOverride: local.url, timeoutMs: 5_000, deadlineMs: 250, maxAttempts: 3 });
      const run = OPS.find(([o]) => o === op)![1];
      const { ms, error } = await timed(run(api));
      expect(error).toMatchObject({ operation: op, code: 'DeadlineExceeded' });
      expect(ms).toBeLessThan(250 + SLACK);
      expect(local.hits).toBe(1);
    } finally {
      await local.close();
    }
  });
});

describe('caller AbortSignal', () => {
  it.each(OPS)('%s: aborting mid-call → Aborted (499), at once', async (op, run) => {
    sim.setFaults({ latencyMs: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const { ms, error } = await timed(run(upstream({ timeoutMs: 5_000, deadlineMs: 5_000 }), controller.signal));
    expect(error).toMatchObject({ operation: op, code: 'Aborted', status: 499, retryable: false });
    expect(ms).toBeGreaterThanOrEqual(40); // the timer was set before the clock started
    expect(ms).toBeLessThan(60 + SLACK);
  });

  it.each(OPS)('%s: an already aborted signal → Aborted, nothing sent', async (_op, run) => {
    const { error } = await timed(run(upstream({}), AbortSignal.abort()));
    expect(error?.code).toBe('Aborted');
    await sleep(30);
    expect(calls()).toHaveLength(0);
  });

  it('aborting during a backoff pause stops the retries', async () => {
    sim.setFaults({ errorRate: 1 });
    const controller = new AbortController();
    const call = timed(
      OPS[0][1](
        upstream({ maxAttempts: 50, backoffBaseMs: 400, backoffMaxMs: 400, deadlineMs: 10_000 }),
        controller.signal,
      ),
    );
    await waitForCalls(calls, 1);
    controller.abort();
    const { ms, error } = await call;
    expect(error?.code).toBe('Aborted');
    expect(ms).toBeLessThan(400 + SLACK);
    const n = calls().length;
    await sleep(450);
    expect(calls()).toHaveLength(n);
  });

  it('aborting a call waiting for a slot → Aborted; it is never sent', async () => {
    sim.setFaults({ latencyMs: 200 });
    const api = upstream({ maxConcurrency: 1 });
    const controller = new AbortController();
    const first = timed(OPS[0][1](api));
    const second = timed(OPS[0][1](api, controller.signal));
    await sleep(30);
    controller.abort();
    const s = await second;
    expect(s.error?.code).toBe('Aborted');
    expect(s.ms).toBeLessThan(30 + SLACK);
    expect((await first).error).toBeUndefined();
    await sleep(20);
    expect(calls()).toHaveLength(1);
  });
});
