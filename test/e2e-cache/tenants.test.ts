/**
 * Tenants through the gateway (CALLER_CREDENTIALS=true, keys in headers), both layers on the shared Redis: the
 * same query from two tenants makes each tenant's own upstream calls and gets each tenant's own data; neither
 * layer's entry serves the other tenant, nor a caller who knows a tenant's AccessKeyId but not its secret; no
 * Redis key or value holds an AccessKeyId or a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator, type SimulatorKey } from '../../src/simulator/index.js';
import type { TestGateway } from '../support/gateway.js';
import { startTestGateway } from '../support/gateway.js';
import {
  deleteKeys,
  dumpKeys,
  e2ePrefix,
  hit,
  ok,
  post,
  SHARED_REDIS_URL,
  startCachedGateway,
  TAG_KEYS,
  TENANT_B,
  type Answer,
} from './helpers.js';

const prefix = e2ePrefix('tenants');
let sim: Simulator;
let gw: TestGateway;
/** No cache at all: what the upstream answers each tenant. */
let direct: TestGateway;

const headersOf = (key: SimulatorKey) => ({
  'x-alibaba-cloud-access-key-id': key.accessKeyId,
  'x-alibaba-cloud-access-key-secret': key.accessKeySecret,
});
const callsOf = (key: SimulatorKey) => sim.calls({ accessKeyId: key.accessKeyId }).length;
const VARS = { regionIds: ['cn-hangzhou', 'cn-beijing'], first: 50 };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY, TENANT_B] });
  gw = await startCachedGateway({ sim, prefix, env: { CALLER_CREDENTIALS: 'true' } });
  direct = await startTestGateway({
    sim,
    env: { CALLER_CREDENTIALS: 'true', CACHE_ENABLED: 'false', UPSTREAM_MAX_ATTEMPTS: '1' },
  });
});

afterAll(async () => {
  await gw?.close();
  await direct?.close();
  await sim?.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

describe('two tenants, one query', () => {
  let a: Answer;
  let b: Answer;

  it('each tenant makes its own upstream calls and gets its own data', async () => {
    const [a0, b0] = [callsOf(DEMO_KEY), callsOf(TENANT_B)];
    a = await post(gw.url, TAG_KEYS, VARS, headersOf(DEMO_KEY));
    expect(ok(a)).toBe(true);
    const aCalls = callsOf(DEMO_KEY) - a0;
    expect(aCalls).toBeGreaterThanOrEqual(2);
    expect(callsOf(TENANT_B)).toBe(b0);

    // Everything is cached for the demo tenant; tenant B still goes upstream, signed with its own key.
    b = await post(gw.url, TAG_KEYS, VARS, headersOf(TENANT_B));
    expect(ok(b)).toBe(true);
    expect(hit(b)).toBe(false);
    expect(callsOf(TENANT_B) - b0).toBeGreaterThanOrEqual(2);
    expect(callsOf(DEMO_KEY) - a0).toBe(aCalls);

    // The inventories differ, and each answer is what the upstream tells that tenant.
    expect(b.body.data).not.toEqual(a.body.data);
    expect((await post(direct.url, TAG_KEYS, VARS, headersOf(DEMO_KEY))).body.data).toEqual(a.body.data);
    expect((await post(direct.url, TAG_KEYS, VARS, headersOf(TENANT_B))).body.data).toEqual(b.body.data);
  });

  it("each repeat is a hit on its own tenant's entry", async () => {
    const before = sim.calls().length;
    for (let i = 0; i < 3; i++) {
      const ra = await post(gw.url, TAG_KEYS, VARS, headersOf(DEMO_KEY));
      const rb = await post(gw.url, TAG_KEYS, VARS, headersOf(TENANT_B));
      expect([hit(ra), hit(rb)]).toEqual([true, true]);
      expect(ra.body.data).toEqual(a.body.data);
      expect(rb.body.data).toEqual(b.body.data);
    }
    expect(sim.calls().length).toBe(before);
  });

  it('a known AccessKeyId with a wrong secret gets no cached answer of that tenant', async () => {
    for (const victim of [DEMO_KEY, TENANT_B]) {
      const impostor = { accessKeyId: victim.accessKeyId, accessKeySecret: 'not-the-secret-at-all' };
      const before = callsOf(victim);
      const answer = await post(gw.url, TAG_KEYS, VARS, headersOf(impostor));
      expect(hit(answer)).toBe(false);
      expect(answer.body.data?.tagKeys ?? null).toBeNull();
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      // It reached the upstream, which refused the signature.
      expect(callsOf(victim)).toBeGreaterThan(before);
      expect(sim.calls({ accessKeyId: victim.accessKeyId }).at(-1)?.status).not.toBe(200);
    }
  });

  it('writes no AccessKeyId or secret into Redis (keys or values)', async () => {
    const keys = await dumpKeys(SHARED_REDIS_URL, prefix);
    // Both layers wrote under the prefix: upstream pages (v1:…) and responses (rc:…).
    expect([...keys.keys()].some((k) => k.startsWith(`${prefix}v1:`))).toBe(true);
    expect([...keys.keys()].some((k) => k.startsWith(`${prefix}rc:`))).toBe(true);
    const everything = [...keys].flat().join('\n');
    for (const secret of [
      DEMO_KEY.accessKeyId,
      DEMO_KEY.accessKeySecret,
      TENANT_B.accessKeyId,
      TENANT_B.accessKeySecret,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
