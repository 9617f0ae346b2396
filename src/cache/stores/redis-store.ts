/**
 * The shared store: ioredis (standalone, or Cluster when REDIS_CLUSTER) tuned to fail fast. No offline queue,
 * no per-request retries and a short `commandTimeout` (CACHE_REDIS_COMMAND_TIMEOUT_MS), behind a circuit
 * breaker, so a down Redis costs nothing and a hung one at most one command timeout per request until the
 * breaker opens. ioredis keeps reconnecting in the background; the half-open probe notices Redis is back.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { BreakerOpenError, CircuitBreaker, type BreakerState } from './breaker.js';
import {
  StoreUnavailableError,
  newLockToken,
  pollForValue,
  type CacheStore,
  type WaitOptions,
  type WaitResult,
} from './store.js';

export interface RedisStoreOptions {
  /** REDIS_URL: redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  url: string;
  /** REDIS_CLUSTER: treat `url` as one seed node of a Redis Cluster. */
  cluster?: boolean;
  /** CACHE_REDIS_COMMAND_TIMEOUT_MS. */
  commandTimeoutMs: number;
  logger: Logger;
  /** Consecutive failures that open the breaker. Default 5. */
  breakerFailureThreshold?: number;
  /** Time the breaker stays open before one probe. Default 1000 ms. */
  breakerCooldownMs?: number;
  /** Socket connect timeout. Default max(1000, 4 × commandTimeoutMs). */
  connectTimeoutMs?: number;
}

export const DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
export const DEFAULT_BREAKER_COOLDOWN_MS = 1_000;
/** Reconnect backoff cap: a restarted Redis is picked up within about this long. */
export const RECONNECT_MAX_DELAY_MS = 500;

/** Compare-and-delete: release the lock only if we still own it. */
const UNLOCK_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Compare-and-pexpire: extend the lock only if we still own it (never revive or steal another holder's lock). */
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export type RedisClient = Redis | Cluster;
type Client = RedisClient;

export class RedisStore implements CacheStore {
  readonly kind = 'redis' as const;
  readonly client: Client;
  readonly #breaker: CircuitBreaker;
  readonly #logger: Logger;
  #closed = false;

  constructor(options: RedisStoreOptions) {
    this.#logger = options.logger;
    const commandTimeout = options.commandTimeoutMs;
    const base: RedisOptions = {
      commandTimeout,
      connectTimeout: options.connectTimeoutMs ?? Math.max(1_000, 4 * commandTimeout),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (times: number) => Math.min(50 * times, RECONNECT_MAX_DELAY_MS),
      lazyConnect: false,
      // Commands issued in the same tick leave in one write: under load a warm request's GETs and HMGETs were one
      // socket write each, and those writes were the largest CPU cost of the Redis-backed execution path.
      enableAutoPipelining: true,
    };
    const url = new URL(options.url);
    if (options.cluster) {
      const redisOptions: RedisOptions = { ...base };
      if (url.username) redisOptions.username = decodeURIComponent(url.username);
      if (url.password) redisOptions.password = decodeURIComponent(url.password);
      if (url.protocol === 'rediss:') redisOptions.tls = {};
      this.client = new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }], {
        redisOptions,
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        maxRedirections: 4,
        clusterRetryStrategy: (times: number) => Math.min(50 * times, RECONNECT_MAX_DELAY_MS),
      });
    } else {
      this.client = new Redis(options.url, base);
    }
    // Without a listener ioredis prints every connection error; they are expected while Redis is down.
    this.client.on('error', (err: Error) => this.#logger.debug({ err: err.message }, 'cache: redis client error'));

    this.#breaker = new CircuitBreaker({
      failureThreshold: options.breakerFailureThreshold ?? DEFAULT_BREAKER_FAILURE_THRESHOLD,
      cooldownMs: options.breakerCooldownMs ?? DEFAULT_BREAKER_COOLDOWN_MS,
      onOpen: (err) =>
        this.#logger.warn(
          { err: errorMessage(err) },
          'cache: Redis unavailable, circuit breaker open; requests go straight upstream without caching',
        ),
      onClose: () => this.#logger.info('cache: Redis reachable again, circuit breaker closed; caching resumed'),
    });
  }

  get breakerState(): BreakerState {
    return this.#breaker.state;
  }

  /** Resolves true once connected, false if not within `timeoutMs` (the store works either way). */
  async ready(timeoutMs = 2_000): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  /** True when Redis answers a PING now (behind the breaker and the command timeout). */
  async ping(): Promise<boolean> {
    return this.#run('ping', (client) => client.ping()).then(
      () => true,
      () => false,
    );
  }

  async #run<T>(what: string, fn: (client: Client) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError(`cache store closed (${what})`);
    try {
      return await this.#breaker.run(() => {
        // Not connected: fail now rather than queue (the offline queue is off anyway).
        if (this.client.status !== 'ready') {
          return Promise.reject(new Error(`redis not connected (status ${this.client.status})`));
        }
        return fn(this.client);
      });
    } catch (err) {
      if (err instanceof BreakerOpenError) throw new StoreUnavailableError(err.message, { cause: err });
      throw new StoreUnavailableError(`redis ${what} failed: ${errorMessage(err)}`, { cause: err });
    }
  }

  /**
   * Runs other commands (the GraphQL response cache's) behind the same timeouts and circuit breaker, so one
   * outage is detected once and skipped at once by both cache layers (StoreUnavailableError when refused).
   */
  command<T>(what: string, fn: (client: RedisClient) => Promise<T>): Promise<T> {
    return this.#run(what, fn);
  }

  get(key: string): Promise<string | null> {
    return this.#run('GET', (c) => c.get(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    await this.#run('SET', (c) => c.set(key, value, 'PX', Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.#run('DEL', (c) => c.del(key));
  }

  async tryLock(key: string, ttlMs: number): Promise<string | null> {
    const token = newLockToken();
    const reply = await this.#run('SET NX', (c) => c.set(key, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'));
    return reply === 'OK' ? token : null;
  }

  async unlock(key: string, token: string): Promise<boolean> {
    const reply = await this.#run('unlock', (c) => c.eval(UNLOCK_SCRIPT, 1, key, token));
    return reply === 1;
  }

  async renewLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const reply = await this.#run('renew', (c) => c.eval(RENEW_SCRIPT, 1, key, token, ttl));
    return reply === 1;
  }

  async isLocked(key: string): Promise<boolean> {
    return (await this.#run('EXISTS', (c) => c.exists(key))) === 1;
  }

  waitFor(key: string, lockKey: string, options: WaitOptions): Promise<WaitResult> {
    return pollForValue(this, key, lockKey, options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.client.status === 'ready') {
      const quit = this.client.quit().catch(() => undefined);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
      await Promise.race([quit, timeout]);
    }
    this.client.disconnect();
  }
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
