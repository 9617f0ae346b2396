/**
 * Redis outages through the gateway, both layers on a redis-server of our own (free port). 500 GraphQL queries
 * (5 distinct ones, 10 at a time) with Redis SIGKILLed at query 150 and restarted on the same port at 350: zero
 * failed queries, straight upstream while it is down, and caching (both layers) resumes after the restart.
 * Then Redis frozen (SIGSTOP): every query still answered, with bounded added latency.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TestGateway } from '../support/gateway.js';
import {
  deleteKeys,
  e2ePrefix,
  hit,
  ok,
  OwnRedis,
  post,
  startCachedGateway,
  TAG_KEYS,
  waitUntil,
  type Answer,
} from './helpers.js';

/** The default CACHE_REDIS_COMMAND_TIMEOUT_MS. */
const COMMAND_TIMEOUT_MS = 250;
const KINDS = ['ECS_INSTANCE', 'ECS_DISK', 'ECS_IMAGE', 'ECS_SECURITY_GROUP', 'ECS_SNAPSHOT'] as const;
const prefix = e2ePrefix('outage');
let sim: Simulator;
let redis: OwnRedis;
let gw: TestGateway;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  redis = await OwnRedis.start();
  gw = await startCachedGateway({
    sim,
    prefix,
    redisUrl: redis.url,
    env: { CACHE_REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) },
  });
});

afterAll(async () => {
  redis?.resume();
  await gw?.close();
  await sim?.close();
  if (redis) await deleteKeys(redis.url, prefix).catch(() => 0);
  await redis?.kill();
});

interface Run {
  failures: Array<{ i: number; status: number; errors: unknown }>;
  answers: Answer[];
  maxMs: number;
}

/** Queries `from`..`from + total - 1` (query i asks for kind i mod 5), 10 at a time; `at[i]` runs before the batch at i. */
async function run(from: number, total: number, at: Record<number, () => Promise<void> | void> = {}): Promise<Run> {
  const out: Run = { failures: [], answers: [], maxMs: 0 };
  for (let i = from; i < from + total; i += 10) {
    await at[i]?.();
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, from + total - i) }, (_, j) =>
        post(gw.url, TAG_KEYS, { regionIds: ['cn-hangzhou'], kind: KINDS[(i + j) % KINDS.length] }).catch(
          (err: unknown): Answer => ({
            status: 0,
            headers: new Headers(),
            body: { errors: [{ message: String(err) }] },
            ms: 0,
            endedAt: 0,
          }),
        ),
      ),
    );
    batch.forEach((a, j) => {
      if (!ok(a)) out.failures.push({ i: i + j, status: a.status, errors: a.body.errors });
      out.maxMs = Math.max(out.maxMs, a.ms);
    });
    out.answers.push(...batch);
  }
  return out;
}

describe('Redis killed and restarted during 500 queries', () => {
  it('fails no query, goes upstream while Redis is down, and caches again after the restart', async () => {
    const started = Date.now();
    const c0 = sim.calls().length;
    let callsAtKill = 0;
    let callsAtRestart = 0;
    const result = await run(0, 500, {
      150: async () => {
        callsAtKill = sim.calls().length;
        await redis.kill();
      },
      350: async () => {
        callsAtRestart = sim.calls().length;
        await redis.start();
      },
    });
    expect(result.failures).toEqual([]);
    expect(result.answers).toHaveLength(500);

    // Before the kill: every upstream page once, then hits.
    const pagesOfAll = callsAtKill - c0;
    expect(pagesOfAll).toBeGreaterThanOrEqual(KINDS.length);
    expect(result.answers.slice(50, 150).every(hit)).toBe(true);
    // While Redis was down: straight upstream, no response-cache hit (200 queries, at least one page each).
    expect(callsAtRestart - callsAtKill).toBeGreaterThanOrEqual(100);
    expect(result.answers.slice(150, 350).some(hit)).toBe(false);

    // After the restart caching resumes in both layers: soon a round of the 5 queries costs no upstream call …
    await waitUntil(
      async () => {
        const before = sim.calls().length;
        const round = await run(0, 10);
        expect(round.failures).toEqual([]);
        return sim.calls().length === before;
      },
      5_000,
      'caching to resume',
    );
    // … and the response cache answers again.
    const before = sim.calls().length;
    const after = await run(0, 50);
    expect(after.failures).toEqual([]);
    expect(after.answers.every(hit)).toBe(true);
    expect(sim.calls().length).toBe(before);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 30_000);
});

describe('Redis frozen', () => {
  it('answers every query, each with at most about one command timeout added', async () => {
    await waitUntil(async () => (await run(0, 10)).answers.every(hit), 5_000, 'everything cached');
    redis.pause();
    let frozen: Run;
    try {
      frozen = await run(0, 100);
    } finally {
      redis.resume();
    }
    expect(frozen.failures).toEqual([]);
    // Without timeouts a frozen Redis would hold every query forever; without a breaker each query would pay a
    // timeout per Redis command. Generous bound for a busy machine.
    expect(frozen.maxMs).toBeLessThan(2 * COMMAND_TIMEOUT_MS + 1_000);
    const slow = frozen.answers.filter((a) => a.ms >= COMMAND_TIMEOUT_MS).length;
    // Once the breaker is open queries skip Redis: only the first few batches wait on it.
    expect(slow).toBeLessThanOrEqual(30);

    await sleep(50);
    await waitUntil(async () => (await run(0, 10)).answers.every(hit), 5_000, 'the response cache to answer again');
  }, 30_000);
});
