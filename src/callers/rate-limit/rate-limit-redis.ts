/**
 * Token buckets shared by every replica: one Redis hash per caller (`${CACHE_KEY_PREFIX}rl:v1:<caller hash>`),
 * refilled and taken from by one Lua script, so concurrent requests on several replicas never both spend the last
 * token. The script reads Redis's clock, not the replicas' (their clocks may disagree), and the hash expires once
 * the bucket would be full again (a missing bucket is a full one). When Redis fails (down, slow, breaker open) the
 * request is counted in this replica's memory instead: a Redis outage loosens the limit, it never fails requests.
 */
import type { RedisClient } from '../../cache/stores/redis-store.js';
import type { BucketSettings, Buckets, Take } from './rate-limit.js';

/** What the limiter needs of the cache's Redis: commands run behind its timeouts and circuit breaker. */
export interface RedisCommands {
  command<T>(what: string, fn: (client: RedisClient) => Promise<T>): Promise<T>;
}

// KEYS[1] bucket; ARGV[1] tokens per ms, ARGV[2] burst, ARGV[3] expiry (ms). Returns {allowed, ms until a token}.
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {allowed, wait}
`;

export class RedisBuckets implements Buckets {
  readonly #ttlMs: number;

  constructor(
    private readonly redis: RedisCommands,
    private readonly keyPrefix: string,
    private readonly s: BucketSettings,
    private readonly fallback: Buckets,
  ) {
    // Time to refill a whole bucket, plus a second of slack.
    this.#ttlMs = Math.ceil((s.burst / s.rps) * 1000) + 1_000;
  }

  async take(key: string): Promise<Take> {
    try {
      const reply = await this.redis.command('rate limit', (c) =>
        c.eval(
          TAKE_SCRIPT,
          1,
          `${this.keyPrefix}rl:v1:${key}`,
          String(this.s.rps / 1000),
          String(this.s.burst),
          String(this.#ttlMs),
        ),
      );
      if (!Array.isArray(reply) || typeof reply[1] !== 'number') throw new Error('unexpected rate-limit script reply');
      return reply[0] === 1 ? { allowed: true } : { allowed: false, retryAfterMs: reply[1] };
    } catch {
      return this.fallback.take(key);
    }
  }
}
