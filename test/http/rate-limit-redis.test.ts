/**
 * Rate-limit buckets on Redis: two gateways sharing Redis share each caller's bucket (one Lua script refills and
 * takes atomically), the bucket lives under CACHE_KEY_PREFIX and expires; with Redis unreachable each gateway falls
 * back to its own memory and keeps serving.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';
const LIMIT = { RATE_LIMIT_RPS: '0.5', RATE_LIMIT_BURST: '3', CACHE_ENABLED: 'false' };
const REDIS_URL = 'redis://127.0.0.1:6379';

const post = (gw: TestGateway) =>
  fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY }),
  });

describe('rate limit shared through Redis', () => {
  const prefix = `tg-test-rl-${randomUUID().slice(0, 8)}:`;
  let sim: Simulator;
  let a: TestGateway;
  let b: TestGateway;
  let redis: Redis;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    const env = { ...LIMIT, REDIS_URL, CACHE_KEY_PREFIX: prefix };
    a = await startTestGateway({ sim, env });
    b = await startTestGateway({ sim, env });
    redis = new Redis(REDIS_URL);
  }, 30_000);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await a?.close();
    await b?.close();
    await sim?.close();
  });

  it('spends one bucket across both gateways, with no upstream call for limited requests', async () => {
    expect((await post(a)).status).toBe(200);
    expect((await post(b)).status).toBe(200);
    expect((await post(a)).status).toBe(200);
    const before = sim.calls().length;
    const limitedA = await post(a);
    const limitedB = await post(b);
    expect([limitedA.status, limitedB.status]).toEqual([429, 429]);
    expect(Number(limitedB.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(
      ((await limitedB.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code,
    ).toBe('RATE_LIMITED');
    expect(sim.calls().length).toBe(before);
  });

  it('keeps the bucket under CACHE_KEY_PREFIX, hashed, expiring once it would be full again', async () => {
    const keys = await redis.keys(`${prefix}rl:v1:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}rl:v1:ip:[0-9a-f]{32}$`));
    const ttl = await redis.pttl(keys[0]!);
    // Burst 3 at 0.5/s refills in 6 s, plus 1 s of slack.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7_000);
  });
});

describe('rate limit with Redis unreachable', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Nothing listens on port 1: the cache and the limiter fall back to this process's memory.
    gw = await startTestGateway({ env: { ...LIMIT, REDIS_URL: 'redis://127.0.0.1:1' } });
  }, 30_000);
  afterAll(() => gw?.close());

  it('still serves, and limits in memory', async () => {
    for (let i = 0; i < 3; i++) expect((await post(gw)).status).toBe(200);
    expect((await post(gw)).status).toBe(429);
  });
});
