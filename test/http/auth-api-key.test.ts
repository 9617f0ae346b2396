/**
 * AUTH_MODE=api-key: keys in x-api-key or Authorization: Bearer, configured as SHA-256 digests (list and file);
 * missing or bad keys are 401 UNAUTHENTICATED with no upstream call; the operational endpoints, CORS preflights
 * and GraphiQL's page stay open; each key has its own response-cache entries; no key reaches a log line.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';
const KEY_A = 'ka_3f9d2c71b8e04a5f9e6d1c2b3a4f5e6d';
const KEY_B = 'kb_8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('AUTH_MODE=api-key', () => {
  let gw: TestGateway;
  const logged: string[] = [];
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tg-keys-')), 'api-keys.txt');
    writeFileSync(file, `# the B team\n${sha256(KEY_B)}\n\n`);
    const logger = pino(
      { level: 'trace' },
      new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) }),
    );
    gw = await startTestGateway({
      logger,
      env: { AUTH_MODE: 'api-key', AUTH_API_KEYS: ` ${sha256(KEY_A)} `, AUTH_API_KEYS_FILE: file, LOG_LEVEL: 'trace' },
    });
  }, 30_000);
  afterAll(() => gw?.close());

  it('answers a key from the list (x-api-key) and one from the file (Authorization: Bearer)', async () => {
    const a = await gw.query(QUERY, undefined, { 'x-api-key': KEY_A });
    expect(a.status).toBe(200);
    expect(a.errors).toBeUndefined();
    const b = await gw.query(QUERY, undefined, { authorization: `Bearer ${KEY_B}` });
    expect(b.status).toBe(200);
    expect(b.data).toEqual(a.data);
  });

  it('refuses a missing, wrong or digest-instead-of-key credential: 401, WWW-Authenticate, no upstream call', async () => {
    const before = gw.sim.calls().length;
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Bearer realm="tag-gateway"'],
      [{ 'x-api-key': 'kc_not-a-configured-key-0000000000' }, 'Bearer realm="tag-gateway", error="invalid_token"'],
      [{ 'x-api-key': sha256(KEY_A) }, 'Bearer realm="tag-gateway", error="invalid_token"'],
      [{ authorization: `Basic ${Buffer.from(`u:${KEY_A}`).toString('base64')}` }, 'Bearer realm="tag-gateway"'],
    ];
    for (const [headers, challenge] of cases) {
      const res = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(challenge);
      expect(res.headers.get('content-type')).toContain('application/graphql-response+json');
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }>; data?: unknown };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
    // GET queries too.
    const get = await fetch(`${gw.url}?query=${encodeURIComponent(QUERY)}`, {
      headers: { accept: 'application/json' },
    });
    expect(get.status).toBe(401);
    expect(gw.sim.calls().length).toBe(before);
  });

  it('keeps /health, /ready, /metrics, CORS preflights and the GraphiQL page open', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      expect((await fetch(new URL(path, gw.url))).status, path).toBe(200);
    }
    const preflight = await fetch(gw.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-api-key',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('gives each key its own response-cache entries', async () => {
    const q = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 2) { totalCount } }';
    expect((await gw.query(q, undefined, { 'x-api-key': KEY_A })).extensions?.responseCache?.hit).toBe(false);
    expect((await gw.query(q, undefined, { 'x-api-key': KEY_A })).extensions?.responseCache?.hit).toBe(true);
    expect((await gw.query(q, undefined, { 'x-api-key': KEY_B })).extensions?.responseCache?.hit).toBe(false);
    expect((await gw.query(q, undefined, { authorization: `Bearer ${KEY_B}` })).extensions?.responseCache?.hit).toBe(
      true,
    );
  });

  it('never logs a key', () => {
    const all = logged.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [KEY_A, KEY_B]) expect(all).not.toContain(secret);
  });
});
