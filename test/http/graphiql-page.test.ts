/**
 * GraphiQL as a static asset (issue 18), over plain HTTP (node:http, so nothing is decompressed behind the
 * test's back): compressed by Accept-Encoding (br, then gzip, else identity), all three the same page; an ETag and
 * `Cache-Control: public, max-age`; If-None-Match answers 304 with no body. API responses keep their headers.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { chooseEncoding, GRAPHIQL_MAX_AGE_S } from '../../src/http/graphiql-page.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(headers: Record<string, string>, method = 'GET', body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(gw.url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const page = (accept: string) => get({ accept: 'text/html', 'accept-encoding': accept });

describe('the GraphiQL page', () => {
  it('is sent Brotli, gzip or plain by Accept-Encoding, the same page each way, far smaller compressed', async () => {
    const br = await page('gzip, deflate, br');
    const gz = await page('gzip');
    const plain = await page('identity');
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const html = plain.body.toString();
    expect(html).toContain('<title>Alibaba Cloud tag gateway</title>');
    expect(brotliDecompressSync(br.body).toString()).toBe(html);
    expect(gunzipSync(gz.body).toString()).toBe(html);
    expect(br.body.length).toBeLessThan(html.length / 3);
    expect(gz.body.length).toBeLessThan(html.length / 3);
    for (const r of [br, gz, plain]) {
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['etag']).toBe(br.headers['etag']);
      expect(r.headers['cache-control']).toBe(`public, max-age=${GRAPHIQL_MAX_AGE_S}`);
      expect(r.headers['vary']).toMatch(/Accept-Encoding/);
    }
  });

  it('answers If-None-Match with its ETag with a 304 and no body; another tag gets the page', async () => {
    const first = await page('gzip');
    const etag = first.headers['etag'] as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get({ accept: 'text/html', 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['etag']).toBe(etag);
    const other = await get({ accept: 'text/html', 'accept-encoding': 'gzip', 'if-none-match': '"other"' });
    expect(other.status).toBe(200);
  });

  it('API responses keep their own headers (private, not compressed)', async () => {
    const api = await get(
      { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': 'gzip, br' },
      'POST',
      JSON.stringify({ query: '{ __typename }' }),
    );
    expect(api.status).toBe(200);
    expect(api.headers['content-encoding']).toBeUndefined();
    expect(api.headers['cache-control']).toMatch(/^private, no-(store|cache)$/);
    expect(JSON.parse(api.body.toString())).toMatchObject({ data: { __typename: 'Query' } });
  });
});

describe('chooseEncoding', () => {
  it('prefers br, then gzip; q=0 refuses one; nothing acceptable is identity', () => {
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('deflate')).toBeUndefined();
    expect(chooseEncoding(null)).toBeUndefined();
  });
});
