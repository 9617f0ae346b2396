/**
 * AUTH_MODE=jwt against a local JWKS server: good tokens pass, every bad one is 401 UNAUTHENTICATED with no upstream
 * call (expired, wrong audience or issuer, unknown key, alg none, HS256 signed with the public key), a rotated-in
 * key is picked up, and a tenant claim picks the Alibaba credential (and the cache entries) a caller gets.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  AUDIENCE,
  hmacWithPublicKey,
  ISSUER,
  signingKey,
  startJwksServer,
  token,
  unsignedToken,
  type JwksServer,
  type SigningKey,
} from './auth-jwks.js';

const QUERY = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';
const TENANT_B = { accessKeyId: 'tenant-b-key', accessKeySecret: 'tenant-b-secret' };
const COOLDOWN_MS = 300;

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

function jwtEnv(jwks: JwksServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AUTH_MODE: 'jwt',
    AUTH_JWKS_URL: jwks.url,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
    ...extra,
  };
}

describe('AUTH_MODE=jwt', () => {
  let first: SigningKey;
  let jwks: JwksServer;
  let gw: TestGateway;
  beforeAll(async () => {
    first = await signingKey('key-1');
    jwks = await startJwksServer([first]);
    gw = await startTestGateway({ env: jwtEnv(jwks, { CACHE_ENABLED: 'false' }) });
  }, 30_000);
  afterAll(async () => {
    await gw?.close();
    await jwks?.close();
  });

  it('answers a good token', async () => {
    const res = await gw.query(QUERY, undefined, bearer(await token(first)));
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.tagKeys.totalCount).toBeGreaterThan(0);
  });

  const refused: Array<[string, (k: SigningKey) => Promise<string> | string, string]> = [
    ['an expired token', (k) => token(k, { expires: Math.floor(Date.now() / 1000) - 60 }), 'The token has expired.'],
    ['a token for another audience', (k) => token(k, { audience: 'someone-else' }), 'The token is not valid.'],
    ['a token from another issuer', (k) => token(k, { issuer: 'https://evil.example/' }), 'The token is not valid.'],
    ['an unsigned token (alg none)', (k) => unsignedToken(k.kid), 'The token is not valid.'],
    ['HS256 signed with the public key (algorithm confusion)', (k) => hmacWithPublicKey(k), 'The token is not valid.'],
    [
      'a token signed by a key the JWKS does not hold',
      async () => token(await signingKey('key-1')),
      'The token is not valid.',
    ],
    ['a token that is no JWT', () => 'not.a.jwt', 'The token is not valid.'],
  ];
  for (const [what, make, message] of refused) {
    it(`refuses ${what}: 401 UNAUTHENTICATED, no upstream call`, async () => {
      const before = gw.sim.calls().length;
      const res = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(await make(first)) },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="tag-gateway", error="invalid_token"');
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]).toEqual({ message, extensions: { code: 'UNAUTHENTICATED' } });
      expect(gw.sim.calls().length).toBe(before);
    });
  }

  it('refuses a request without a token, and an API key where a JWT is expected', async () => {
    const none = await gw.query(QUERY);
    expect(none.status).toBe(401);
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gw.query(QUERY, undefined, { 'x-api-key': 'whatever' })).status).toBe(401);
  });

  it('accepts a key rotated into the JWKS (new kid) once the cooldown is over', async () => {
    const second = await signingKey('key-2');
    jwks.keys = [...jwks.keys, second.publicJwk];
    await sleep(COOLDOWN_MS + 50);
    const fetches = jwks.fetches;
    const res = await gw.query(QUERY, undefined, bearer(await token(second)));
    expect(res.status).toBe(200);
    expect(jwks.fetches).toBe(fetches + 1);
    // The old key keeps working while the provider still publishes it; once dropped it is refused after a refetch.
    expect((await gw.query(QUERY, undefined, bearer(await token(first)))).status).toBe(200);
    jwks.keys = [second.publicJwk];
    await sleep(COOLDOWN_MS + 50);
    const stale = await signingKey('key-3');
    expect((await gw.query(QUERY, undefined, bearer(await token(stale)))).status).toBe(401);
    expect((await gw.query(QUERY, undefined, bearer(await token(second)))).status).toBe(200);
  });
});

describe('AUTH_CREDENTIAL_CLAIM: a claim selects the Alibaba credential', () => {
  let key: SigningKey;
  let jwks: JwksServer;
  let sim: Simulator;
  let gw: TestGateway;
  beforeAll(async () => {
    key = await signingKey('tenants-key');
    jwks = await startJwksServer([key]);
    sim = await startSimulator({ port: 0, keys: [DEMO_KEY, TENANT_B] });
    const file = join(mkdtempSync(join(tmpdir(), 'tg-tenants-')), 'credentials.json');
    writeFileSync(file, JSON.stringify({ alpha: DEMO_KEY, beta: TENANT_B }));
    gw = await startTestGateway({
      sim,
      env: jwtEnv(jwks, { AUTH_CREDENTIAL_CLAIM: 'tenant', ALIBABA_CREDENTIALS_FILE: file }),
    });
  }, 30_000);
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
    await jwks?.close();
  });

  const as = async (tenant: string | undefined, subject = 'user-1') =>
    gw.query(QUERY, undefined, bearer(await token(key, { subject, claims: tenant ? { tenant } : {} })));

  it("signs each tenant's upstream calls with its own key, and keeps their cached answers apart", async () => {
    const alpha = await as('alpha');
    expect(alpha.status).toBe(200);
    expect(alpha.extensions?.responseCache?.hit).toBe(false);
    const alphaCalls = sim.calls({ accessKeyId: DEMO_KEY.accessKeyId }).length;
    expect(alphaCalls).toBeGreaterThan(0);
    expect(sim.calls({ accessKeyId: TENANT_B.accessKeyId })).toHaveLength(0);

    const beta = await as('beta');
    expect(beta.status).toBe(200);
    expect(beta.extensions?.responseCache?.hit).toBe(false);
    expect(sim.calls({ accessKeyId: TENANT_B.accessKeyId }).length).toBeGreaterThan(0);
    expect(sim.calls({ accessKeyId: DEMO_KEY.accessKeyId })).toHaveLength(alphaCalls);
    // Each tenant sees its own inventory.
    const count = (id: string) =>
      new Set(
        sim
          .inventory(id)
          .resources.filter((r) => r.type === 'instance' && r.regionId === 'cn-hangzhou')
          .flatMap((r) => r.tags.map((t) => t.key)),
      ).size;
    expect(alpha.data.tagKeys.totalCount).toBe(count(DEMO_KEY.accessKeyId));
    expect(beta.data.tagKeys.totalCount).toBe(count(TENANT_B.accessKeyId));

    // Repeats are response-cache hits, each on its own entry.
    expect((await as('alpha')).extensions?.responseCache?.hit).toBe(true);
    expect((await as('beta')).extensions?.responseCache?.hit).toBe(true);
  });

  it('gives two callers of one tenant separate response-cache entries', async () => {
    await as('alpha', 'user-2');
    const other = await as('alpha', 'user-3');
    expect(other.extensions?.responseCache?.hit).toBe(false);
    expect((await as('alpha', 'user-3')).extensions?.responseCache?.hit).toBe(true);
  });

  it('refuses a good token whose claim names no tenant: 403 FORBIDDEN, no upstream call', async () => {
    const before = sim.calls().length;
    for (const tenant of ['gamma', undefined]) {
      const res = await as(tenant);
      expect(res.status).toBe(403);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(sim.calls().length).toBe(before);
    const metrics = await (await fetch(new URL('/metrics', gw.url))).text();
    expect(metrics).toMatch(/tag_gateway_requests_rejected_total\{reason="forbidden"\} 2/);
  });
});
