/**
 * Issue 19, item 6: with CALLER_CREDENTIALS, a client that knows a tenant's AccessKeyId (no secret) must not make
 * the gateway sign a stream of refused calls under it. The rate-limit bucket is the AccessKeyId and the client
 * address (a made-up secret per request mints no new bucket), and a refused key pair is remembered for
 * REFUSED_KEYS_TTL_S (in process, and in Redis for every replica): it costs one upstream refusal, not one per request.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';
const keys = (secret: string) => ({
  'x-alibaba-cloud-access-key-id': DEMO_KEY.accessKeyId,
  'x-alibaba-cloud-access-key-secret': secret,
});
const bogus = () => `bogus-${randomBytes(12).toString('hex')}`;

function refusedCalls(gw: TestGateway, since: number): number {
  return gw.sim.calls().filter((c) => c.seq > since && c.code === 'SignatureDoesNotMatch').length;
}
const lastSeq = (gw: TestGateway) => gw.sim.calls().at(-1)?.seq ?? 0;

describe('a made-up secret per request', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        CALLER_CREDENTIALS: 'true',
        CACHE_ENABLED: 'false',
        RATE_LIMIT_RPS: '0.5',
        RATE_LIMIT_BURST: '3',
        REFUSED_KEYS_TTL_S: '0', // the limiter alone
      },
    });
  });
  afterAll(() => gw?.close());

  it('takes from one bucket (AccessKeyId + client address): only the burst passes of 20, as many refused calls at most', async () => {
    const since = lastSeq(gw);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await gw.query(QUERY, undefined, keys(bogus()))).status);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(4); // the burst (and one refill at most)
    expect(refusedCalls(gw, since)).toBeLessThanOrEqual(4);
  });
});

describe('a refused key pair, remembered', () => {
  let gw: TestGateway;
  let peer: TestGateway;
  let memoryOnly: TestGateway;
  beforeAll(async () => {
    const env = {
      CALLER_CREDENTIALS: 'true',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CACHE_KEY_PREFIX: `test-refused-${randomBytes(4).toString('hex')}:`,
      RESPONSE_CACHE_TTL_S: '0',
    };
    gw = await startTestGateway({ env });
    peer = await startTestGateway({ sim: gw.sim, env });
    memoryOnly = await startTestGateway({ sim: gw.sim, env: { CALLER_CREDENTIALS: 'true', CACHE_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await gw?.close();
    await peer?.close();
    await memoryOnly?.close();
  });

  it('costs one upstream refusal, then answers the same error without a call; the peer replica learns it', async () => {
    const secret = bogus();
    const since = lastSeq(gw);
    for (let i = 0; i < 10; i++) {
      const res = await gw.query(QUERY, undefined, keys(secret));
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAUTHORIZED',
        upstream: { code: 'SignatureDoesNotMatch' },
      });
    }
    expect(refusedCalls(gw, since)).toBe(1);
    // Another replica on the same Redis: no call at all.
    const res = await peer.query(QUERY, undefined, keys(secret));
    expect(res.errors?.[0]?.extensions).toMatchObject({ upstream: { code: 'SignatureDoesNotMatch' } });
    expect(refusedCalls(gw, since)).toBe(1);
    // The tenant's own key pair is not affected.
    const good = await gw.query(QUERY, undefined, keys(DEMO_KEY.accessKeySecret));
    expect(good.errors).toBeUndefined();
  });

  it('is remembered in process with CACHE_ENABLED=false', async () => {
    const secret = bogus();
    const since = lastSeq(gw);
    for (let i = 0; i < 5; i++) await memoryOnly.query(QUERY, undefined, keys(secret));
    expect(refusedCalls(gw, since)).toBe(1);
  });
});
