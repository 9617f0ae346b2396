/**
 * Admission by weight (issue 18, plugins/admission.ts): heavy operations (estimate ≥ ADMISSION_HEAVY_CALLS) share
 * ADMISSION_MAX_WEIGHT; one that finds no room waits up to ADMISSION_QUEUE_MS, then gets 503 OVERLOADED with
 * Retry-After and makes no upstream call. Light operations never wait. Through a real gateway and the simulator
 * (with latency, so the first heavy operation is still running when the others arrive).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeightGate } from '../../src/plugins/admission.js';
import { heapBudgets } from '../../src/config/heap-budgets.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY =
  'query Heavy($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id tags(first: 20) { edges { node { key value } } } } }';

let sim: Simulator;
let refsAt: (offset: number) => unknown[];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, faults: { latencyMs: 150 } });
  const ecs = sim.inventory().resources.filter((r) => r.type === 'instance');
  refsAt = (offset) =>
    Array.from({ length: 100 }, (_, j) => ecs[(offset + j) % ecs.length]!).map((r) => ({
      kind: 'ECS_INSTANCE',
      regionId: r.regionId,
      resourceId: r.resourceId,
    }));
});
afterAll(async () => {
  await sim?.close();
});

async function post(gw: TestGateway, query: string, variables?: unknown) {
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

describe('with room for one heavy operation and no queue', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      sim,
      env: { ADMISSION_MAX_WEIGHT: '60', ADMISSION_HEAVY_CALLS: '10', ADMISSION_QUEUE_MS: '0', CACHE_ENABLED: 'false' },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses the heavy operations that find no room with 503 OVERLOADED and Retry-After; light ones pass', async () => {
    const heavy = [0, 300, 600].map((offset) => post(gw, QUERY, { refs: refsAt(offset) }));
    const light = await post(gw, '{ __typename }');
    const results = await Promise.all(heavy);
    expect(light.status).toBe(200);
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.body.errors).toBeUndefined();
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.retryAfter).toBe('1');
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['OVERLOADED']);
      expect(r.body.errors?.[0]?.extensions?.['http']).toBeUndefined();
      expect(r.body.data ?? null).toBeNull();
    }
    // The weight went back: the same operation is admitted now.
    expect((await post(gw, QUERY, { refs: refsAt(300) })).status).toBe(200);
    // An operator sees the refusals: counted under their own reason.
    const metrics = await (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/tag_gateway_requests_rejected_total\{reason="overloaded"\} 2\n/);
  });
});

describe('with a queue', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      sim,
      env: {
        ADMISSION_MAX_WEIGHT: '60',
        ADMISSION_HEAVY_CALLS: '10',
        ADMISSION_QUEUE_MS: '20000',
        CACHE_ENABLED: 'false',
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('a heavy operation that finds no room waits for it and is answered', async () => {
    const results = await Promise.all([0, 300].map((offset) => post(gw, QUERY, { refs: refsAt(offset) })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    for (const r of results) expect(r.body.errors).toBeUndefined();
  });
});

describe('WeightGate', () => {
  it('admits in order, only what fits; a waiter that times out leaves the queue', async () => {
    const gate = new WeightGate(10);
    const a = await gate.acquire(6, 0);
    expect(a).toBeDefined();
    const b = gate.acquire(6, 1_000);
    const c = gate.acquire(2, 1_000); // fits, but waits behind b (first come, first served)
    const late = await gate.acquire(6, 0);
    expect(late).toBeUndefined();
    expect(gate.inFlight).toBe(6);
    a!();
    a!(); // a second release is a no-op
    const [rb, rc] = await Promise.all([b, c]);
    expect(rb && rc).toBeDefined();
    expect(gate.inFlight).toBe(8);
    rb!();
    rc!();
    expect(gate.inFlight).toBe(0);
    // Heavier than the whole gate: runs alone.
    const huge = await gate.acquire(50, 0);
    expect(gate.inFlight).toBe(10);
    huge!();
  });
});

describe('heap budgets', () => {
  it('are shares of the heap, and the weight of heavy operations follows it', () => {
    const MiB = 1024 * 1024;
    const small = heapBudgets(176 * MiB);
    const large = heapBudgets(432 * MiB);
    expect(small.upstreamBytes + small.decodedBytes + small.responseBytes).toBeLessThanOrEqual(0.45 * 176 * MiB);
    expect(large.responseBytes).toBeGreaterThan(2 * small.responseBytes);
    expect(small.admissionWeight).toBe(704);
    expect(large.admissionWeight).toBeGreaterThan(small.admissionWeight);
    // No heap flag on a large host (4 GiB): capped, so the process stays within a few hundred MiB.
    const huge = heapBudgets(4096 * MiB);
    expect([huge.upstreamBytes, huge.decodedBytes, huge.responseBytes]).toEqual([64 * MiB, 16 * MiB, 64 * MiB]);
    expect(huge.admissionWeight).toBe(1024);
  });
});
