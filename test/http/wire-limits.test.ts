/**
 * Limits on the wire (issue 12, item 3), against a real started app with short limits, with raw sockets
 * (node:net): an oversize body is refused with 413 before it is parsed (declared, and chunked); a body sent a
 * byte at a time and a silent socket are closed within the configured timeouts, not after Node's 300 s, while
 * other clients are served; connections beyond HTTP_MAX_CONNECTIONS are closed at once.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const MAX_BODY_BYTES = 4_096;
const MAX_CONNECTIONS = 6;
/** Node checks the timeouts on a timer (a quarter of the shorter timeout here) and the machine is busy. */
const SLACK_MS = 1_000;

let gw: TestGateway;
let port: number;

beforeAll(async () => {
  gw = await startTestGateway({
    env: {
      CACHE_ENABLED: 'false',
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
      HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    },
  });
  port = Number(new URL(gw.url).port);
});

afterAll(async () => {
  await gw?.close();
});

interface Exchange {
  socket: Socket;
  /** Everything the server sent. */
  received: () => string;
  /** Resolves with the ms from `since` to the close, once the server closes the connection. */
  closed: Promise<number>;
}

function open(): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const since = performance.now();
    const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now() - since)));
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

const requestHead = (extra: string) =>
  `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;
const QUERY = JSON.stringify({ query: '{ __typename }' });

async function served(): Promise<boolean> {
  const res = await gw.query('{ __typename }');
  return res.status === 200 && res.data?.__typename === 'Query';
}

describe('request bodies over MAX_BODY_BYTES', () => {
  it('a declared Content-Length over the limit: 413 at once, body never sent', async () => {
    const x = await open();
    x.socket.write(requestHead(`Content-Length: ${MAX_BODY_BYTES + 1}\r\n`));
    const ms = await x.closed;
    expect(x.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(x.received()).toContain('PAYLOAD_TOO_LARGE');
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it('a chunked body that grows past the limit: 413 as soon as it does', async () => {
    const x = await open();
    x.socket.write(requestHead('Transfer-Encoding: chunked\r\n'));
    const chunk = 'x'.repeat(1_024);
    for (let i = 0; i < 6 && !x.socket.destroyed; i++) x.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await x.closed;
    expect(x.received()).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('fetch with a body over the limit gets 413; one under it is answered', async () => {
    const big = JSON.stringify({ query: `{ __typename }${' '.repeat(MAX_BODY_BYTES)}` });
    const refused = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(refused.status).toBe(413);
    expect(
      ((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
    ).toBe('PAYLOAD_TOO_LARGE');
    const chunked = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: QUERY,
    });
    expect(chunked.status).toBe(200);
    expect(await served()).toBe(true);
  });
});

describe('request bodies under MAX_BODY_BYTES', () => {
  it('a body read in several chunks, a UTF-8 character cut between two, is parsed whole (issue 18: no stream)', async () => {
    const x = await open();
    const bytes = Buffer.from(
      JSON.stringify({ query: '{ __typename }', operationName: null, extensions: { note: 'é✓' } }),
    );
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    x.socket.write(requestHead(`Transfer-Encoding: chunked\r\nConnection: close\r\n`));
    for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
      x.socket.write(`${part.length.toString(16)}\r\n`);
      x.socket.write(part);
      x.socket.write('\r\n');
      await new Promise((r) => setTimeout(r, 50));
    }
    x.socket.write('0\r\n\r\n');
    await x.closed;
    expect(x.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(x.received()).toContain('"__typename":"Query"');
  });
});

describe('timeouts', () => {
  it('a body sent a byte at a time is cut off within HTTP_REQUEST_TIMEOUT_MS; others are served meanwhile', async () => {
    const x = await open();
    x.socket.write(requestHead(`Content-Length: ${QUERY.length}\r\n`));
    let sent = 0;
    const drip = setInterval(() => {
      if (!x.socket.destroyed && sent < QUERY.length) x.socket.write(QUERY[sent++]!);
    }, 200);
    try {
      expect(await served()).toBe(true);
      const ms = await x.closed;
      expect(ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
      expect(x.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('a silent socket is closed within HTTP_HEADERS_TIMEOUT_MS; others are served meanwhile', async () => {
    const x = await open();
    expect(await served()).toBe(true);
    const ms = await x.closed;
    expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
  });

  it('headers sent a line at a time are cut off within HTTP_HEADERS_TIMEOUT_MS', async () => {
    const x = await open();
    x.socket.write('POST /graphql HTTP/1.1\r\n');
    const drip = setInterval(() => !x.socket.destroyed && x.socket.write('X-Slow: 1\r\n'), 200);
    try {
      const ms = await x.closed;
      expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    } finally {
      clearInterval(drip);
    }
  });
});

describe('HTTP_MAX_CONNECTIONS', () => {
  it('connections beyond the cap are closed at once; the held ones are not; after they go, clients are served', async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open()));
    // Give the server a moment to count them all.
    await new Promise((r) => setTimeout(r, 100));
    const extra = await open();
    const ms = await extra.closed;
    expect(ms).toBeLessThan(500);
    expect(extra.received()).toBe('');
    expect(held.every((x) => !x.socket.destroyed)).toBe(true);
    for (const x of held) x.socket.destroy();
    await Promise.all(held.map((x) => x.closed));
    await new Promise((r) => setTimeout(r, 100));
    expect(await served()).toBe(true);
  });
});

describe('configuration', () => {
  it('has working defaults and refuses inconsistent values', () => {
    const c = loadConfig({});
    expect([
      c.MAX_BODY_BYTES,
      c.HTTP_HEADERS_TIMEOUT_MS,
      c.HTTP_REQUEST_TIMEOUT_MS,
      c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      c.HTTP_MAX_CONNECTIONS,
    ]).toEqual([1_048_576, 10_000, 30_000, 5_000, 1_024]);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ MAX_BODY_BYTES: '10' })).toThrow(/MAX_BODY_BYTES/);
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
  });
});
