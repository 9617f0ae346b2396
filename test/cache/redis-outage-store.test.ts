/**
 * RedisStore against a redis-server child of our own that we kill, restart and freeze: it fails fast, opens its
 * breaker (one warning), refuses at once while open, and resumes (one info line) when Redis is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/stores/redis-store.js';
import { StoreUnavailableError } from '../../src/cache/stores/store.js';
import { captureLogger, LEVEL, OwnRedis, waitUntil } from './helpers.js';

/** Like the default CACHE_REDIS_COMMAND_TIMEOUT_MS; a refusal without I/O is far below it, even on a busy machine. */
const COMMAND_TIMEOUT_MS = 250;
const THRESHOLD = 3;
const COOLDOWN_MS = 300;

describe('RedisStore when Redis goes away', () => {
  let redis: OwnRedis;
  let store: RedisStore;
  const { logger, lines } = captureLogger();
  const warnings = () => lines.filter((l) => l.level === LEVEL.warn);
  const infos = () => lines.filter((l) => l.level === LEVEL.info && /closed/.test(l.msg));

  async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
    const started = performance.now();
    try {
      await fn();
      return { ms: performance.now() - started, error: undefined };
    } catch (error) {
      return { ms: performance.now() - started, error };
    }
  }

  const recovered = async () => {
    try {
      await store.set('k', 'v', 10_000);
      return (await store.get('k')) === 'v';
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    redis = await OwnRedis.start();
    store = new RedisStore({
      url: redis.url,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      logger,
      breakerFailureThreshold: THRESHOLD,
      breakerCooldownMs: COOLDOWN_MS,
    });
    expect(await store.ready(3_000)).toBe(true);
  });

  afterAll(async () => {
    redis.resume();
    await store.close();
    await redis.kill();
  });

  it('works while Redis is up', async () => {
    await store.set('k', 'v', 10_000);
    expect(await store.get('k')).toBe('v');
    expect(store.breakerState).toBe('closed');
  });

  it('fails fast when Redis is killed, opens the breaker after the threshold and warns once', async () => {
    await redis.kill();
    for (let i = 0; i < THRESHOLD; i++) {
      const { ms, error } = await timed(() => store.get('k'));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS / 2); // not connected: refused without waiting
    }
    expect(store.breakerState).toBe('open');
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const { ms, error } = await timed(() => store.tryLock('l', 1_000));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS / 2);
      total += ms;
    }
    expect(total / 50).toBeLessThan(10);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.msg).toMatch(/circuit breaker open/);
  });

  it('resumes after Redis restarts, with one info line', async () => {
    await redis.start();
    await waitUntil(recovered, 5_000, 'the store to work again');
    expect(store.breakerState).toBe('closed');
    expect(infos()).toHaveLength(1);
    expect(warnings()).toHaveLength(1);
  });

  it('bounds the cost of a frozen Redis to one command timeout, then refuses at once', async () => {
    redis.pause();
    try {
      for (let i = 0; i < THRESHOLD; i++) {
        const { ms, error } = await timed(() => store.get('k'));
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 10);
        expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + 250);
      }
      expect(store.breakerState).toBe('open');
      const { ms, error } = await timed(() => store.get('k'));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS / 2);
      expect(warnings()).toHaveLength(2); // one per outage
    } finally {
      redis.resume();
    }
    await waitUntil(recovered, 5_000, 'the store to work again after the freeze');
    expect(infos()).toHaveLength(2);
  });
});
