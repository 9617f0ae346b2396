/**
 * Stampedes through the gateway on the shared Redis, with a slow upstream (150 / 300 ms) so the requests overlap:
 * 200 concurrent identical uncached GraphQL queries make one upstream call per distinct upstream request; so do
 * 100 + 100 sent to two gateway processes (this one and a child started like `npm start`) sharing one Redis,
 * one CACHE_KEY_PREFIX and one simulator. The distinct upstream requests come from a reference run of the same
 * query on a gateway without cache.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedTagApi, CacheStats } from '../../src/cache/index.js';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TestGateway } from '../support/gateway.js';
import { startTestGateway } from '../support/gateway.js';
import { askChild, forkGateway, stopChild } from './gateway-fork.js';
import {
  callsPerRequest,
  deleteKeys,
  e2ePrefix,
  hit,
  ok,
  PATIENT_REDIS_TIMEOUT_MS,
  post,
  SHARED_REDIS_URL,
  startCachedGateway,
  TAG_CATALOG,
  type Answer,
} from './helpers.js';

const CURSOR_SECRET = 'e2e-cache-stampede-cursor-secret';
const LATENCY_MS = 150;
/** Two processes: a little more, so the child (its own event loop, 100 requests to parse) surely overlaps. */
const TWO_PROCESS_LATENCY_MS = 300;
const oneProcessPrefix = e2ePrefix('stampede-1');
const twoProcessPrefix = e2ePrefix('stampede-2');
let sim: Simulator;
let reference: TestGateway;
let child: ChildProcess | undefined;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY] });
  reference = await startTestGateway({ sim, env: { CACHE_ENABLED: 'false', UPSTREAM_MAX_ATTEMPTS: '1' } });
});

afterAll(async () => {
  await stopChild(child);
  sim?.setFaults({ latencyMs: 0 });
  await reference?.close();
  await sim?.close();
  for (const p of [oneProcessPrefix, twoProcessPrefix]) await deleteKeys(SHARED_REDIS_URL, p);
});

/** The upstream requests `query` needs, each once: from a run on the gateway without cache. */
async function expectedRequests(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ calls: Map<string, number>; data: unknown }> {
  const c0 = sim.calls().length;
  const answer = await post(reference.url, query, variables);
  expect(ok(answer)).toBe(true);
  const calls = callsPerRequest(sim.calls().slice(c0));
  expect([...calls.values()].every((n) => n === 1)).toBe(true);
  return { calls, data: answer.body.data };
}

function fire(url: string, n: number, query: string, variables: Record<string, unknown>): Promise<Answer[]> {
  return Promise.all(Array.from({ length: n }, () => post(url, query, variables)));
}

/** Starts the second gateway process and resolves with its URL once it listens and reaches Redis. */
async function startChild(prefix: string): Promise<string> {
  const started = await forkGateway({
    env: {
      UPSTREAM_URL: sim.url,
      UPSTREAM_MAX_ATTEMPTS: '1',
      REDIS_URL: SHARED_REDIS_URL,
      CACHE_KEY_PREFIX: prefix,
      CACHE_REDIS_COMMAND_TIMEOUT_MS: PATIENT_REDIS_TIMEOUT_MS,
      CURSOR_SECRET,
    },
  });
  child = started.child;
  return started.url;
}

/** The child's upstream-layer counters. */
function childStats(): Promise<CacheStats> {
  return askChild<CacheStats>(child!, 'stats', 'stats', 5_000);
}

describe('identical concurrent uncached queries', () => {
  it('200 in one gateway process: one upstream call per distinct upstream request', async () => {
    const vars = { regionIds: ['cn-hangzhou', 'cn-beijing'], kind: 'ECS_INSTANCE', first: 10 };
    const expected = await expectedRequests(TAG_CATALOG, vars);
    expect(expected.calls.size).toBeGreaterThanOrEqual(4);
    const gw = await startCachedGateway({ sim, prefix: oneProcessPrefix, env: { CURSOR_SECRET } });
    try {
      sim.setFaults({ latencyMs: LATENCY_MS });
      const c0 = sim.calls().length;
      const answers = await fire(gw.url, 200, TAG_CATALOG, vars);
      expect(answers.filter((a) => !ok(a))).toEqual([]);
      for (const a of answers) expect(a.body.data).toEqual(expected.data);
      // They overlapped: many executed at once (missing the response cache), not one after another.
      expect(answers.filter((a) => !hit(a)).length).toBeGreaterThanOrEqual(20);
      expect(callsPerRequest(sim.calls().slice(c0))).toEqual(expected.calls);
    } finally {
      sim.setFaults({ latencyMs: 0 });
      await gw.close();
    }
  });

  it('100 + 100 in two gateway processes sharing Redis and the prefix: one upstream call per distinct request in all', async () => {
    const vars = { regionIds: ['cn-shanghai', 'cn-hangzhou'], kind: 'ECS_INSTANCE', first: 10 };
    const expected = await expectedRequests(TAG_CATALOG, vars);
    expect(expected.calls.size).toBeGreaterThanOrEqual(4);
    const childUrl = await startChild(twoProcessPrefix);
    const gw = await startCachedGateway({ sim, prefix: twoProcessPrefix, env: { CURSOR_SECRET } });
    try {
      // Both processes answer (and agree) before the race; a different query, so nothing of the race is cached.
      const probe = { regionIds: ['cn-qingdao'], kind: 'ECS_IMAGE', first: 1 };
      const [mine, theirs] = await Promise.all([post(gw.url, TAG_CATALOG, probe), post(childUrl, TAG_CATALOG, probe)]);
      expect([ok(mine), ok(theirs)]).toEqual([true, true]);
      expect(theirs.body.data).toEqual(mine.body.data);

      const myStats = () => (gw.app.api as CachedTagApi).stats();
      const [mine0, theirs0] = [myStats(), await childStats()];
      sim.setFaults({ latencyMs: TWO_PROCESS_LATENCY_MS });
      const c0 = sim.calls().length;
      const [here, there] = await Promise.all([
        fire(gw.url, 100, TAG_CATALOG, vars),
        fire(childUrl, 100, TAG_CATALOG, vars),
      ]);
      for (const [name, answers] of [
        ['here', here],
        ['child', there],
      ] as const) {
        expect(
          answers.filter((a) => !ok(a)),
          name,
        ).toEqual([]);
        for (const a of answers) expect(a.body.data, name).toEqual(expected.data);
        expect(answers.filter((a) => !hit(a)).length, `${name}: executed, not response-cache hits`).toBeGreaterThan(0);
      }
      expect(callsPerRequest(sim.calls().slice(c0)), 'upstream calls per distinct request').toEqual(expected.calls);
      // Both processes raced: each missed the upstream layer (loading, or waiting on the other's lock), neither
      // found the other's pages already written for all of them, and no Redis command failed.
      const [mine1, theirs1] = [myStats(), await childStats()];
      expect(mine1.misses - mine0.misses, 'misses here').toBeGreaterThanOrEqual(expected.calls.size);
      expect(theirs1.misses - theirs0.misses, 'misses in the child').toBeGreaterThanOrEqual(expected.calls.size);
      expect([mine1.errors - mine0.errors, theirs1.errors - theirs0.errors], 'Redis errors here, in the child').toEqual(
        [0, 0],
      );
    } finally {
      sim.setFaults({ latencyMs: 0 });
      await gw.close();
    }
  });
});
