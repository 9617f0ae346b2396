/**
 * Two processes sharing one Redis: 100 concurrent identical misses in each make one upstream call in all, and a
 * process killed while it holds the lock is taken over by the other once the lock expires.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { lockKeyFor, describeTagsKey } from '../../src/cache/keys.js';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { deleteKeys, rawClient, SHARED_REDIS_URL, silentLogger, uniquePrefix, waitUntil } from './helpers.js';
import { cachedApi, counting, startSim, type SimSetup } from './sim.js';

const WORKER = fileURLToPath(new URL('./fixtures/cache-worker.ts', import.meta.url));
const prefix = uniquePrefix('multiproc');
let s: SimSetup;
let store: RedisStore;
const children: ChildProcess[] = [];

interface Done {
  type: 'done';
  requestIds: string[];
  failures: number;
  stats: { hits: number; misses: number; errors: number };
}

beforeAll(async () => {
  s = await startSim();
  store = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  expect(await store.ready(3_000)).toBe(true);
});

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  s?.sim.setFaults({ latencyMs: 0 });
  await store?.close();
  await s?.sim.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

/** Forks the worker and resolves once it is connected to Redis. */
async function startWorker(p: string, lockTimeoutMs: number): Promise<ChildProcess> {
  const child = fork(WORKER, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      CACHE_WORKER_CONFIG: JSON.stringify({
        simUrl: s.sim.url,
        redisUrl: SHARED_REDIS_URL,
        prefix: p,
        accessKeyId: DEMO_KEY.accessKeyId,
        accessKeySecret: DEMO_KEY.accessKeySecret,
        request: s.ecs,
        lockTimeoutMs,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker not ready within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (m.type === 'no-redis') reject(new Error('worker could not reach Redis'));
    });
  });
  return child;
}

function resultOf(child: ChildProcess): Promise<Done> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker gave no result within 10 s')), 10_000);
    child.on('message', (m: { type: string }) => {
      if (m.type === 'done') {
        clearTimeout(timer);
        resolve(m as Done);
      }
    });
  });
}

it('makes one upstream call for 100 + 100 concurrent misses in two processes', async () => {
  const p = `${prefix}both:`;
  const child = await startWorker(p, 3_000);
  s.sim.setFaults({ latencyMs: 300 });
  const api = cachedApi(s.upstream, store, p);
  const c0 = s.calls();
  const childDone = resultOf(child);
  child.send({ type: 'go', count: 100 });
  const mine = await Promise.all(Array.from({ length: 100 }, () => api.describeTags(s.demo, s.ecs)));
  const theirs = await childDone;
  expect(theirs.failures).toBe(0);
  // Both processes really raced: each missed, none found the value already written.
  expect(theirs.stats).toMatchObject({ misses: 100, hits: 0, errors: 0 });
  expect(api.stats()).toMatchObject({ misses: 100, hits: 0, errors: 0 });
  expect(s.calls()).toBe(c0 + 1);
  const ids = new Set([...mine.map((r) => r.requestId), ...theirs.requestIds]);
  expect(ids.size).toBe(1);
}, 30_000);

it('takes over when the process holding the lock is killed', async () => {
  const p = `${prefix}killed:`;
  const LOCK_MS = 800;
  const child = await startWorker(p, LOCK_MS);
  s.sim.setFaults({ latencyMs: 2_000 }); // the child's call will not finish before it dies
  const lock = lockKeyFor(describeTagsKey(p, s.demo, s.ecs));
  const client = rawClient(SHARED_REDIS_URL);
  try {
    child.send({ type: 'go', count: 1 });
    await waitUntil(async () => (await client.exists(lock)) === 1, 5_000, 'the child to take the lock');
    child.kill('SIGKILL');
    const killedAt = Date.now();
    s.sim.setFaults({ latencyMs: 100 });
    const upstream = counting(s.upstream);
    const api = cachedApi(upstream, store, p, { lockTimeoutMs: LOCK_MS });
    const results = await Promise.all(Array.from({ length: 50 }, () => api.describeTags(s.demo, s.ecs)));
    const elapsed = Date.now() - killedAt;
    expect(new Set(results.map((r) => r.requestId)).size).toBe(1);
    expect(upstream.count()).toBe(1); // the survivor took over with one call, after the dead holder's lock expired
    expect(elapsed).toBeGreaterThanOrEqual(LOCK_MS - 300);
    expect(elapsed).toBeLessThan(LOCK_MS + 100 + 1_000);
    expect(s.sim.calls().some((c) => c.requestId === results[0]!.requestId)).toBe(true);
  } finally {
    client.disconnect();
  }
}, 30_000);
