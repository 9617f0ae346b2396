/**
 * The CacheStore contract, run against both implementations: the in-memory LRU and a real Redis at
 * 127.0.0.1:6379 (unique key prefix, cleaned up afterwards).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/stores/memory-store.js';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import type { CacheStore } from '../../src/cache/stores/store.js';
import { deleteKeys, SHARED_REDIS_URL, silentLogger, uniquePrefix } from './helpers.js';

interface Subject {
  name: string;
  make(): Promise<CacheStore>;
  /** A second, independent handle on the same data (another process, for Redis). */
  peer?(): Promise<CacheStore>;
}

const prefix = uniquePrefix('contract');
const opened: CacheStore[] = [];

async function redisStore(): Promise<CacheStore> {
  const store = new RedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 2_000, logger: silentLogger() });
  opened.push(store);
  expect(await store.ready(3_000)).toBe(true);
  return store;
}

const subjects: Subject[] = [
  { name: 'memory', make: async () => new MemoryStore({ maxEntries: 100 }) },
  { name: 'redis', make: redisStore, peer: redisStore },
];

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

describe.each(subjects)('$name store', (subject) => {
  let store: CacheStore;
  let n = 0;
  const k = (name: string) => `${prefix}${subject.name}:${name}:${n++}`;

  beforeAll(async () => {
    store = await subject.make();
  });

  it('round-trips a value and answers null for an absent key', async () => {
    const key = k('rt');
    expect(await store.get(key)).toBeNull();
    await store.set(key, '{"a":1}', 10_000);
    expect(await store.get(key)).toBe('{"a":1}');
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it('expires a value after its TTL', async () => {
    const key = k('ttl');
    await store.set(key, 'x', 120);
    expect(await store.get(key)).toBe('x');
    await sleep(200);
    expect(await store.get(key)).toBeNull();
  });

  it('gives a lock to one holder at a time and releases it only with the right token', async () => {
    const lock = k('lock');
    const results = await Promise.all(Array.from({ length: 20 }, () => store.tryLock(lock, 5_000)));
    const tokens = results.filter((t): t is string => t !== null);
    expect(tokens).toHaveLength(1);
    expect(await store.isLocked(lock)).toBe(true);
    expect(await store.unlock(lock, 'not-the-token')).toBe(false);
    expect(await store.isLocked(lock)).toBe(true);
    expect(await store.unlock(lock, tokens[0]!)).toBe(true);
    expect(await store.isLocked(lock)).toBe(false);
    expect(await store.tryLock(lock, 5_000)).not.toBeNull();
  });

  it('lets a lock expire by itself (a crashed holder blocks no one)', async () => {
    const lock = k('lock-exp');
    const token = await store.tryLock(lock, 100);
    expect(token).not.toBeNull();
    expect(await store.tryLock(lock, 100)).toBeNull();
    await sleep(180);
    const second = await store.tryLock(lock, 1_000);
    expect(second).not.toBeNull();
    // The first holder's late unlock must not release the second holder's lock.
    expect(await store.unlock(lock, token!)).toBe(false);
    expect(await store.isLocked(lock)).toBe(true);
  });

  it('renews a lock only for its holder, and never revives an expired one', async () => {
    const lock = k('renew');
    const token = await store.tryLock(lock, 150);
    expect(token).not.toBeNull();
    expect(await store.renewLock(lock, 'not-the-token', 5_000)).toBe(false);
    expect(await store.renewLock(lock, token!, 600)).toBe(true);
    await sleep(250); // past the first 150 ms lifetime
    expect(await store.isLocked(lock)).toBe(true);
    expect(await store.tryLock(lock, 1_000)).toBeNull();
    expect(await store.unlock(lock, token!)).toBe(true);

    const short = await store.tryLock(lock, 80);
    expect(short).not.toBeNull();
    await sleep(150);
    expect(await store.renewLock(lock, short!, 5_000)).toBe(false);
    expect(await store.isLocked(lock)).toBe(false);
  });

  it('waitFor returns the value the lock holder writes', async () => {
    const key = k('wait');
    const lock = `${key}:lock`;
    const token = await store.tryLock(lock, 2_000);
    expect(token).not.toBeNull();
    setTimeout(() => {
      void store.set(key, 'produced', 5_000).then(() => store.unlock(lock, token!));
    }, 60);
    const started = Date.now();
    const result = await store.waitFor(key, lock, { timeoutMs: 2_000 });
    expect(result).toEqual({ status: 'value', raw: 'produced' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waitFor skips values the predicate refuses, and reports the lock gone without a value', async () => {
    const key = k('wait-unlock');
    const lock = `${key}:lock`;
    await store.set(key, 'stale', 5_000);
    const token = await store.tryLock(lock, 2_000);
    setTimeout(() => void store.unlock(lock, token!), 80);
    const result = await store.waitFor(key, lock, { timeoutMs: 2_000, accept: (raw) => raw !== 'stale' });
    expect(result).toEqual({ status: 'unlocked' });
  });

  it('waitFor notices an expired lock of a crashed holder', async () => {
    const key = k('wait-crash');
    const lock = `${key}:lock`;
    expect(await store.tryLock(lock, 150)).not.toBeNull(); // never unlocked: the holder "crashed"
    const started = Date.now();
    const result = await store.waitFor(key, lock, { timeoutMs: 5_000 });
    expect(result).toEqual({ status: 'unlocked' });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(waited).toBeLessThan(1_000);
  });

  it('waitFor gives up after its timeout while the lock is held', async () => {
    const key = k('wait-timeout');
    const lock = `${key}:lock`;
    expect(await store.tryLock(lock, 5_000)).not.toBeNull();
    const started = Date.now();
    expect(await store.waitFor(key, lock, { timeoutMs: 150 })).toEqual({ status: 'timeout' });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(600);
  });

  if (subject.peer) {
    it('shares values and locks with another connection', async () => {
      const other = await subject.peer!();
      const key = k('peer');
      const token = await store.tryLock(`${key}:lock`, 5_000);
      expect(token).not.toBeNull();
      expect(await other.tryLock(`${key}:lock`, 5_000)).toBeNull();
      await store.set(key, 'shared', 5_000);
      expect(await other.get(key)).toBe('shared');
      expect(await other.unlock(`${key}:lock`, token!)).toBe(true);
    });
  }
});

describe('memory store limits', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = new MemoryStore({ maxEntries: 10 });
    for (let i = 0; i < 10; i++) await store.set(`k${i}`, String(i), 60_000);
    expect(await store.get('k0')).toBe('0'); // touch k0: k1 is now the least recently used
    await store.set('k10', '10', 60_000);
    expect(store.size).toBe(10);
    expect(await store.get('k1')).toBeNull();
    expect(await store.get('k0')).toBe('0');
    expect(await store.get('k10')).toBe('10');
  });

  it('refuses a non-positive size', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
