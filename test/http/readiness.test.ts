/** `/ready` answers 200 only when the gateway can serve: with a configured Redis, only while Redis answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

describe('/ready', () => {
  let up: TestGateway;
  let down: TestGateway;
  beforeAll(async () => {
    up = await startTestGateway({ env: { REDIS_URL: 'redis://127.0.0.1:6379' } });
    // Nothing listens on port 1: the gateway still starts (it serves without its cache) but is not ready.
    down = await startTestGateway({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  }, 30_000);
  afterAll(async () => {
    await up?.close();
    await down?.close();
  });

  it('is 200 with a reachable Redis, and /health too', async () => {
    const res = await fetch(new URL('/ready', up.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ready' });
    expect((await fetch(new URL('/health', up.url))).status).toBe(200);
  });

  it('is 503 with the reason while Redis does not answer; /health stays 200 (alive)', async () => {
    const res = await fetch(new URL('/ready', down.url));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', reason: 'the cache store (Redis) does not answer' });
    expect((await fetch(new URL('/health', down.url))).status).toBe(200);
  });
});
