/**
 * End to end through the cache with our own redis-server: killed and restarted during a run of 600 requests
 * (zero failed requests, straight upstream while it is down, one warning, caching resumes after the restart),
 * and frozen (every request still answered, with at most about one command timeout added).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import type { DescribeTagsRequest } from '../../src/upstream/types.js';
import { captureLogger, LEVEL, OwnRedis, uniquePrefix, waitUntil } from './helpers.js';
import { cachedApi, startSim, type SimSetup } from './sim.js';

/** The default CACHE_REDIS_COMMAND_TIMEOUT_MS. */
const COMMAND_TIMEOUT_MS = 250;
const prefix = uniquePrefix('outage');
let s: SimSetup;
let redis: OwnRedis;
let store: RedisStore;
const { logger, lines } = captureLogger('info');

beforeAll(async () => {
  s = await startSim();
  redis = await OwnRedis.start();
  store = new RedisStore({
    url: redis.url,
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    logger,
    breakerFailureThreshold: 5,
    breakerCooldownMs: 300,
  });
  expect(await store.ready(3_000)).toBe(true);
});

afterAll(async () => {
  redis?.resume();
  await store?.close();
  await redis?.kill();
  await s?.sim.close();
});

const TYPES = ['instance', 'disk', 'image', 'securitygroup', 'snapshot'] as const;

interface RunStats {
  failures: unknown[];
  maxMs: number;
}

/** `total` requests over the 5 distinct requests, 10 at a time; `at[i]` runs before batch starting at i. */
async function run(
  api: ReturnType<typeof cachedApi>,
  from: number,
  total: number,
  at: Record<number, () => Promise<void> | void> = {},
): Promise<RunStats> {
  const out: RunStats = { failures: [], maxMs: 0 };
  for (let i = from; i < from + total; i += 10) {
    await at[i]?.();
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const req: DescribeTagsRequest = { ...s.ecs, resourceType: TYPES[(i + j) % TYPES.length]! };
        const started = performance.now();
        try {
          await api.describeTags(s.demo, req);
        } catch (err) {
          out.failures.push(err);
        }
        out.maxMs = Math.max(out.maxMs, performance.now() - started);
      }),
    );
  }
  return out;
}

/**
 * These tests watch what each lookup does while Redis fails, so none is answered from the recent reads (which would
 * answer the first second of an outage from the process: test/cache/recent-reads.test.ts).
 */
const EVERY_LOOKUP_READS = { recentReadMs: 0 };

it('keeps answering through a Redis kill and restart, then caches again', async () => {
  const api = cachedApi(s.upstream, store, `${prefix}kill:`, EVERY_LOOKUP_READS);
  const c0 = s.calls();
  let callsAtKill = 0;
  let errorsAtKill = 0;
  let callsAtRestart = 0;
  const result = await run(api, 0, 500, {
    150: async () => {
      callsAtKill = s.calls();
      errorsAtKill = api.stats().errors;
      await redis.kill();
    },
    350: async () => {
      callsAtRestart = s.calls();
      await redis.start();
    },
  });
  expect(result.failures).toEqual([]);
  // Cached before the kill: one call per distinct request (plus one per store hiccup, on a very busy machine).
  expect(callsAtKill - c0).toBeGreaterThanOrEqual(TYPES.length);
  expect(callsAtKill - c0).toBeLessThanOrEqual(TYPES.length + errorsAtKill);
  // Straight upstream while Redis was down: 20 batches of 5 distinct requests (each twice, coalesced in-process).
  expect(callsAtRestart - callsAtKill).toBeGreaterThanOrEqual(90);
  expect(callsAtRestart - callsAtKill).toBeLessThanOrEqual(100);
  expect(api.stats().errors).toBeGreaterThan(0);
  expect(lines.filter((l) => l.level === LEVEL.warn)).toHaveLength(1);

  // Caching resumes: soon a full round of the 5 requests costs no upstream call.
  await waitUntil(
    async () => {
      const before = s.calls();
      const round = await run(api, 0, 10);
      expect(round.failures).toEqual([]);
      return s.calls() === before;
    },
    5_000,
    'caching to resume',
  );
  expect(store.breakerState).toBe('closed');
  expect(lines.filter((l) => l.level === LEVEL.info && /closed/.test(l.msg))).toHaveLength(1);
  const hits = api.stats().hits;
  const before = s.calls();
  await run(api, 0, 50);
  expect(s.calls()).toBe(before);
  expect(api.stats().hits).toBe(hits + 50);
}, 30_000);

it('keeps answering while Redis is frozen, with bounded added latency', async () => {
  const api = cachedApi(s.upstream, store, `${prefix}freeze:`, EVERY_LOOKUP_READS);
  await run(api, 0, 10); // warm: everything cached
  expect(store.breakerState).toBe('closed');
  redis.pause();
  let frozen: RunStats;
  try {
    frozen = await run(api, 0, 200);
  } finally {
    redis.resume();
  }
  expect(frozen.failures).toEqual([]);
  // A request pays about one command timeout before going upstream (then the breaker answers at once);
  // without the timeout a frozen Redis would hold every request forever. Generous bound for a busy CI box.
  expect(frozen.maxMs).toBeLessThan(COMMAND_TIMEOUT_MS + 1_000);
  expect(store.breakerState).not.toBe('closed');
  await sleep(50);
  await waitUntil(
    async () => {
      const before = s.calls();
      await run(api, 0, 10);
      return s.calls() === before;
    },
    5_000,
    'caching to resume after the freeze',
  );
}, 30_000);
