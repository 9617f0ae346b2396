/**
 * CORS over a real socket, as a browser sees it: a preflight (OPTIONS with Access-Control-Request-*) and the
 * POST that follows, from an allowed origin, a foreign one, and the opaque `null` origin (sandboxed iframes,
 * file: pages). CORS_ORIGINS is an allow-list; '' turns CORS off; '*' allows any origin without credentials.
 * The response cache is on (the default), so hits are checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const APP = 'https://app.example';
const VITE = 'http://localhost:5173';
const EVIL = 'https://evil.example';

let sim: Simulator;
let listed: TestGateway;
let single: TestGateway;
let none: TestGateway;
let defaults: TestGateway;
let any: TestGateway;
/** Every response seen, for the global "never * or null with credentials" check. */
const seen: Headers[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  listed = await startTestGateway({ sim, env: { CORS_ORIGINS: `${APP}, ${VITE}` } });
  single = await startTestGateway({ sim, env: { CORS_ORIGINS: APP } });
  none = await startTestGateway({ sim, env: { CORS_ORIGINS: '' } });
  defaults = await startTestGateway({ sim });
  any = await startTestGateway({ sim, env: { CORS_ORIGINS: '*' } });
});
afterAll(async () => {
  for (const gw of [listed, single, none, defaults, any]) await gw?.close();
  await sim?.close();
});

async function preflight(gw: TestGateway, origin: string): Promise<Response> {
  const res = await fetch(gw.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-alibaba-cloud-access-key-id',
    },
  });
  seen.push(res.headers);
  return res;
}

async function post(
  gw: TestGateway,
  origin: string | null,
  query = '{ __typename }',
): Promise<{ res: Response; body: any }> {
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(origin ? { origin } : {}),
    },
    body: JSON.stringify({ query }),
  });
  seen.push(res.headers);
  return { res, body: await res.json() };
}

const corsHeaders = (h: Headers) => [...h.keys()].filter((k) => k.startsWith('access-control-'));
const varies = (h: Headers) => (h.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase());

function expectAllowed(h: Headers, origin: string) {
  expect(h.get('access-control-allow-origin')).toBe(origin);
  expect(h.get('access-control-allow-credentials')).toBe('true');
  expect(varies(h)).toContain('origin');
}

function expectNoCors(h: Headers) {
  expect(corsHeaders(h)).toEqual([]);
}

describe('CORS_ORIGINS lists origins', () => {
  it('an allowed origin’s preflight is answered with that origin, credentials, methods and our headers', async () => {
    for (const origin of [APP, VITE]) {
      const res = await preflight(listed, origin);
      expect(res.status).toBe(204);
      expectAllowed(res.headers, origin);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      const allowedHeaders = res.headers
        .get('access-control-allow-headers')!
        .split(',')
        .map((s) => s.trim());
      expect(allowedHeaders).toEqual(expect.arrayContaining(['content-type', 'x-alibaba-cloud-access-key-id']));
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    }
  });

  it('an allowed origin’s POST carries the origin back, with the data', async () => {
    const { res, body } = await post(listed, APP);
    expect(res.status).toBe(200);
    expectAllowed(res.headers, APP);
    expect(body.data).toEqual({ __typename: 'Query' });
  });

  it('a foreign origin gets no CORS header at all, on the preflight and on the POST', async () => {
    const pre = await preflight(listed, EVIL);
    expectNoCors(pre.headers);
    expect(varies(pre.headers)).toContain('origin');
    const { res } = await post(listed, EVIL);
    expectNoCors(res.headers);
    expect(varies(res.headers)).toContain('origin');
  });

  it('the opaque origin `null` (sandboxed iframe, file: page) is not allowed either', async () => {
    expectNoCors((await preflight(listed, 'null')).headers);
    expectNoCors((await post(listed, 'null')).res.headers);
  });

  it('a request without Origin (server to server) gets no CORS headers but Vary: Origin', async () => {
    const { res } = await post(listed, null);
    expectNoCors(res.headers);
    expect(varies(res.headers)).toContain('origin');
  });

  it('response-cache hits are answered per origin, not with the origin of the request that filled the cache', async () => {
    const query = '{ q1: __typename }';
    const first = await post(listed, APP, query);
    expectAllowed(first.res.headers, APP);
    const hitForeign = await post(listed, EVIL, query);
    expect(hitForeign.body.extensions?.responseCache?.hit).toBe(true);
    expectNoCors(hitForeign.res.headers);
    const hitOther = await post(listed, VITE, query);
    expect(hitOther.body.extensions?.responseCache?.hit).toBe(true);
    expectAllowed(hitOther.res.headers, VITE);
  });

  it('with a single listed origin, others still get nothing', async () => {
    expectAllowed((await preflight(single, APP)).headers, APP);
    expectNoCors((await preflight(single, EVIL)).headers);
    expectNoCors((await post(single, EVIL)).res.headers);
  });

  it('the default list is the local dev servers (localhost:3000 and :5173)', async () => {
    expectAllowed((await preflight(defaults, VITE)).headers, VITE);
    expectAllowed((await post(defaults, 'http://localhost:3000')).res.headers, 'http://localhost:3000');
    expectNoCors((await preflight(defaults, APP)).headers);
  });
});

describe("CORS_ORIGINS='' turns CORS off", () => {
  it('no CORS header for any origin, on the preflight or the POST; the POST itself still works', async () => {
    for (const origin of [APP, VITE, EVIL]) {
      const pre = await preflight(none, origin);
      expect(pre.status).toBeGreaterThanOrEqual(400);
      expectNoCors(pre.headers);
      const { res, body } = await post(none, origin);
      expectNoCors(res.headers);
      expect(body.data).toEqual({ __typename: 'Query' });
    }
  });
});

describe('CORS_ORIGINS=*', () => {
  it('any origin may read, but never with credentials', async () => {
    for (const origin of [APP, EVIL]) {
      const pre = await preflight(any, origin);
      expect(pre.headers.get('access-control-allow-origin')).toMatch(
        new RegExp(`^(\\*|${origin.replace(/\./g, '\\.')})$`),
      );
      expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
      const { res } = await post(any, origin);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('across every configuration above', () => {
  it('no response allowed credentials together with `*` or `null` as the origin', () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const h of seen) {
      if (h.get('access-control-allow-credentials') === 'true') {
        expect(['*', 'null']).not.toContain(h.get('access-control-allow-origin'));
        expect(h.get('access-control-allow-origin')).toBeTruthy();
      }
    }
  });
});
