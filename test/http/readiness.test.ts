/**
 * `/ready` answers 503 only when the gateway cannot answer (shutting down). A Redis that does not answer is a
 * degraded state, not an outage: queries answer from the in-memory cache, so `/ready` stays 200 and says so in its
 * body, a log line and a metric (issue 19, item 8; the earlier requirement of a 503 on Redis down was wrong: it
 * took every replica out of service during a cache outage). READINESS_REQUIRES_REDIS=true restores the 503.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const DOWN = 'the cache store (Redis) does not answer';

describe('/ready', () => {
  let up: TestGateway;
  let down: TestGateway;
  let strict: TestGateway;
  const lines: Array<{ level: number; msg: string }> = [];
  beforeAll(async () => {
    up = await startTestGateway({ env: { REDIS_URL: 'redis://127.0.0.1:6379', METRICS_ENDPOINT: '/metrics' } });
    // Nothing listens on port 1: the gateway still starts and serves without its cache.
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    down = await startTestGateway({ env: { REDIS_URL: 'redis://127.0.0.1:1', METRICS_ENDPOINT: '/metrics' }, logger });
    strict = await startTestGateway({ env: { REDIS_URL: 'redis://127.0.0.1:1', READINESS_REQUIRES_REDIS: 'true' } });
  }, 30_000);
  afterAll(async () => {
    await up?.close();
    await down?.close();
    await strict?.close();
  });

  it('is 200 with a reachable Redis, and /health too', async () => {
    const res = await fetch(new URL('/ready', up.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ready' });
    expect((await fetch(new URL('/health', up.url))).status).toBe(200);
    const metrics = await (await fetch(new URL('/metrics', up.url))).text();
    expect(metrics).not.toMatch(/^tag_gateway_degraded\{/m);
  });

  it('stays 200 while Redis does not answer, saying degraded in its body, a log line and a metric', async () => {
    const res = await fetch(new URL('/ready', down.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'degraded', degraded: [DOWN] });
    expect(lines.some((l) => l.level === 40 && l.msg.startsWith('readiness: degraded'))).toBe(true);
    const metrics = await (await fetch(new URL('/metrics', down.url))).text();
    expect(metrics).toMatch(/^tag_gateway_degraded\{reason="redis"\} 1$/m);
    // And queries do answer.
    const q = await down.query('{ tagCatalog(regionIds: ["cn-hangzhou"], first: 1) { totalCount } }');
    expect(q.errors).toBeUndefined();
  });

  it('logs the outage once, not at every probe', async () => {
    await fetch(new URL('/ready', down.url));
    await fetch(new URL('/ready', down.url));
    expect(lines.filter((l) => l.msg.startsWith('readiness: degraded'))).toHaveLength(1);
  });

  it('is 503 while Redis does not answer with READINESS_REQUIRES_REDIS=true; /health stays 200', async () => {
    const res = await fetch(new URL('/ready', strict.url));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', reason: DOWN });
    expect((await fetch(new URL('/health', strict.url))).status).toBe(200);
  });
});
