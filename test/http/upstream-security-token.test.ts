/**
 * A gateway that signs with a wrong STS token is caught: the simulator refuses tokens it neither issued nor
 * was configured with, and the gateway answers UPSTREAM_UNAUTHORIZED with the upstream's code (never the
 * token). The same gateway wiring with a token the simulator issued is served. Covers the gateway's own
 * credential (ALIBABA_CLOUD_SECURITY_TOKEN) and a caller's (x-alibaba-cloud-security-token).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { toAppOptions } from '../../src/config/index.js';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { makeCredential } from '../../src/upstream/credentials.js';
import { testConfig } from '../support/gateway.js';

const WRONG = 'CAIS-a-token-nobody-issued-0123456789';
const QUERY = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 1) { totalCount } }';

let sim: Simulator;
const apps: App[] = [];

async function gateway(securityToken: string | undefined, env: Record<string, string> = {}): Promise<App> {
  const app = await startApp(toAppOptions(testConfig({ CACHE_ENABLED: 'false', ...env })), {
    credential: makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret, securityToken),
    endpointOverride: sim.url,
    logger: pino({ level: 'silent' }),
  });
  apps.push(app);
  return app;
}

async function post(app: App, headers: Record<string, string> = {}) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await sim?.close();
});

describe('the gateway’s own STS credential', () => {
  it('a wrong token: UPSTREAM_UNAUTHORIZED with the upstream code, the token nowhere in the answer', async () => {
    const { text } = await post(await gateway(WRONG));
    const body = JSON.parse(text) as {
      data: unknown;
      errors: Array<{ extensions: { code: string; upstream?: { code: string } } }>;
    };
    expect(body.errors[0]!.extensions.code).toBe('UPSTREAM_UNAUTHORIZED');
    expect(body.errors[0]!.extensions.upstream?.code).toBe('InvalidSecurityToken.Malformed');
    expect(text).not.toContain(WRONG);
  });

  it('an expired token: UPSTREAM_UNAUTHORIZED (InvalidSecurityToken.Expired)', async () => {
    const { text } = await post(await gateway(sim.issueSecurityToken(undefined, -1)));
    const body = JSON.parse(text) as { errors: Array<{ extensions: { code: string; upstream?: { code: string } } }> };
    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'UPSTREAM_UNAUTHORIZED',
      upstream: { code: 'InvalidSecurityToken.Expired' },
    });
  });

  it('a token the simulator issued: served', async () => {
    const { text } = await post(await gateway(sim.issueSecurityToken()));
    const body = JSON.parse(text) as { data?: { tagKeys: { totalCount: number } }; errors?: unknown };
    expect(body.errors, text).toBeUndefined();
    expect(body.data?.tagKeys.totalCount).toBeGreaterThan(0);
  });
});

describe('a caller’s STS credential (CALLER_CREDENTIALS=true)', () => {
  const caller = (token: string) => ({
    'x-alibaba-cloud-access-key-id': DEMO_KEY.accessKeyId,
    'x-alibaba-cloud-access-key-secret': DEMO_KEY.accessKeySecret,
    'x-alibaba-cloud-security-token': token,
  });

  it('a wrong token is UPSTREAM_UNAUTHORIZED, an issued one is served', async () => {
    const app = await gateway(undefined, { CALLER_CREDENTIALS: 'true' });
    const wrong = JSON.parse((await post(app, caller(WRONG))).text) as {
      errors?: Array<{ extensions: { code: string } }>;
    };
    expect(wrong.errors?.[0]?.extensions.code).toBe('UPSTREAM_UNAUTHORIZED');
    const right = JSON.parse((await post(app, caller(sim.issueSecurityToken()))).text) as { errors?: unknown };
    expect(right.errors).toBeUndefined();
  });
});
