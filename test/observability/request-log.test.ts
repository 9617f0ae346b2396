/**
 * One JSON line per request at info, with its correlation ID (the caller's valid x-request-id, else a generated
 * UUID, echoed in the response) also on its upstream-call lines and on yoga's line for an unexpected error of its
 * answer; no key in any line.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { CALLER_KEY, callerHeaders, FAILING_QUERY, forbiddenTexts, leaks, NAMED_QUERY, only } from './helpers.js';

type Line = Record<string, unknown> & { level: number; msg: string; reqId?: string };
const INFO = 30;
const ERROR = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const lines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  }),
);
const parsed = () => lines.map((l) => JSON.parse(l) as Line);
const linesOf = (id: string) => parsed().filter((l) => l.reqId === id);
const requestLines = (id: string) => linesOf(id).filter((l) => l.msg === 'request');

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    logger,
    simulator: { keys: [DEMO_KEY, CALLER_KEY] },
    env: { CALLER_CREDENTIALS: 'true', RESPONSE_CACHE_TTL_S: '30' },
  });
});
afterAll(() => gw?.close());

async function post(query: string, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  await res.text();
  return res;
}

describe('the request log line', () => {
  it('one info line with the fields, the caller’s x-request-id echoed and on the request’s other lines', async () => {
    const id = 'req-abc.123_XYZ';
    const res = await post(NAMED_QUERY, { 'x-request-id': id });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(id);
    const line = only(requestLines(id));
    expect(line.level).toBe(INFO);
    expect(line).toMatchObject({ operation: 'Keys', status: 200, cacheHits: 0, responseCache: 'miss', errors: 0 });
    expect(line.upstreamCalls).toBe(gw.sim.calls().length);
    expect(line.cacheMisses).toBeGreaterThan(0);
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.caller).toMatch(/^[0-9a-f]{16}$/);
    // The upstream layer's debug lines of this request carry its ID too (next to Alibaba's own requestId).
    const upstream = linesOf(id).filter((l) => l.msg === 'upstream call');
    expect(upstream).toHaveLength(gw.sim.calls().length);
    expect(upstream[0]?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(parsed().filter((l) => l.level === INFO && l.msg === 'request' && l.reqId !== id)).toHaveLength(0);
  });

  it('counts a response-cache hit, and cache hits in the upstream cache', async () => {
    await post(NAMED_QUERY, { 'x-request-id': 'again-1' });
    expect(only(requestLines('again-1'))).toMatchObject({ responseCache: 'hit', upstreamCalls: 0 });
    await post(NAMED_QUERY.replace('Keys', 'KeysAgain'), { 'x-request-id': 'again-2' });
    const line = only(requestLines('again-2'));
    expect(line).toMatchObject({ operation: 'KeysAgain', responseCache: 'miss', upstreamCalls: 0, cacheMisses: 0 });
    expect(line.cacheHits).toBeGreaterThan(0);
  });

  it('generates a UUID when the caller sends none, or an invalid one', async () => {
    for (const bad of [undefined, 'x'.repeat(129), 'has space', 'caf\u00e9', '']) {
      const res = await post(NAMED_QUERY, bad === undefined ? {} : { 'x-request-id': bad });
      const id = res.headers.get('x-request-id') ?? '';
      expect(id).toMatch(UUID);
      expect(requestLines(id)).toHaveLength(1);
    }
  });

  it('logs failures with their status and error count; probes at debug only', async () => {
    await post(FAILING_QUERY, { 'x-request-id': 'fails-1' });
    expect(only(requestLines('fails-1'))).toMatchObject({
      operation: 'Nowhere',
      status: 200,
      errors: 1,
      upstreamCalls: 1,
    });
    const health = await fetch(gw.url.replace('/graphql', '/health'), { headers: { 'x-request-id': 'probe-1' } });
    expect(health.headers.get('x-request-id')).toBe('probe-1');
    expect(requestLines('probe-1').map((l) => l.level)).toEqual([20]);
  });

  it('an unexpected error: yoga’s error line carries the request’s ID', async () => {
    const api = gw.app.api as { describeTags: unknown };
    const original = api.describeTags;
    api.describeTags = () => Promise.reject(new Error('boom in describeTags'));
    try {
      // A query of its own: no response-cache hit.
      const res = await post('query Boom { tagKeys(regionIds: ["cn-shanghai"], first: 2) { totalCount } }', {
        'x-request-id': 'boom-1',
      });
      expect(res.status).toBe(200);
    } finally {
      api.describeTags = original;
    }
    expect(only(requestLines('boom-1'))).toMatchObject({ operation: 'Boom', errors: 1 });
    const errorLine = only(parsed().filter((l) => l.msg === 'boom in describeTags'));
    expect(errorLine).toMatchObject({ level: ERROR, reqId: 'boom-1' });
  });

  it('a caller’s own keys: hashed caller, no key or signature in any line', async () => {
    await post(NAMED_QUERY, { 'x-request-id': 'own-keys', ...callerHeaders });
    await post(FAILING_QUERY, { 'x-request-id': 'own-keys-fail', ...callerHeaders });
    const own = only(requestLines('own-keys'));
    const demo = only(requestLines('again-1'));
    expect(own.caller).toMatch(/^[0-9a-f]{16}$/);
    expect(own.caller).not.toBe(demo.caller);
    expect(leaks(lines.join('\n'), forbiddenTexts(gw.sim))).toEqual([]);
  });
});
