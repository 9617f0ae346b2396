/**
 * Tracing as main.ts runs it: configured from the OTEL_* variables (config.ts), exporting over OTLP/HTTP JSON to
 * a small receiver on node:http. The receiver sees the collector headers and the three span kinds; the raw
 * export holds no key, signature or upstream URL.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, toTracingOptions } from '../../src/config.js';
import { startTracing } from '../../src/observability/tracing.js';
import { startTestGateway } from '../support/gateway.js';
import { FAILING_QUERY, forbiddenTexts, leaks, NAMED_QUERY } from './helpers.js';

interface Export {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const exports: Export[] = [];
let receiver: Server;
let endpoint: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe('OTEL_* configuration', () => {
  it('is off without an endpoint, or with OTEL_SDK_DISABLED', () => {
    expect(toTracingOptions(loadConfig({}))).toBeUndefined();
    expect(toTracingOptions(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' }))).toBeUndefined();
  });

  it('derives the traces URL, headers, service name and sample ratio', () => {
    expect(
      toTracingOptions(
        loadConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`,
          OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20t0ken,x-tenant = ops',
          OTEL_SERVICE_NAME: 'tags-eu',
          OTEL_TRACES_SAMPLER_ARG: '0.25',
        }),
      ),
    ).toEqual({
      serviceName: 'tags-eu',
      sampleRatio: 0.25,
      otlp: { url: `${endpoint}/v1/traces`, headers: { authorization: 'Bearer t0ken', 'x-tenant': 'ops' } },
    });
    const own = toTracingOptions(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/custom` }));
    expect(own?.otlp?.url).toBe(`${endpoint}/custom`);
  });

  it('refuses a bad URL, ratio or header list without echoing the value', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=%E0%A4%A' })).toThrow(
      /OTEL_EXPORTER_OTLP_HEADERS: must be key=value/,
    );
    try {
      loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=%E0%A4%A' });
    } catch (err) {
      expect(String(err)).not.toContain('%E0%A4%A');
    }
  });
});

describe('export over OTLP/HTTP', () => {
  it('posts the operation, cache lookup and upstream spans as JSON, with the collector headers', async () => {
    const options = toTracingOptions(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-token=abc123' }),
    );
    const tracing = startTracing(options!);
    const gw = await startTestGateway({ env: { RESPONSE_CACHE_TTL_S: '0' } });
    try {
      expect((await gw.query(NAMED_QUERY)).errors).toBeUndefined();
      await gw.query(FAILING_QUERY);
    } finally {
      await gw.close();
      await tracing.shutdown(); // flushes the batch
    }
    expect(exports.length).toBeGreaterThan(0);
    for (const e of exports) {
      expect(e.path).toBe('/v1/traces');
      expect(e.headers['content-type']).toContain('application/json');
      expect(e.headers['x-collector-token']).toBe('abc123');
    }
    const spans = exports.flatMap((e) => {
      const body = JSON.parse(e.body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> };
      return body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    });
    const names = spans.map((s) => s.name);
    expect(names).toContain('query.Keys');
    expect(names).toContain('query.Nowhere');
    expect(names).toContain('cache.lookup DescribeTags');
    expect(names).toContain('upstream DescribeTags');
    const raw = exports.map((e) => e.body).join('\n');
    expect(raw).toContain('"tag-gateway"');
    expect(raw).toContain('InvalidRegionId.NotFound');
    expect(leaks(raw, forbiddenTexts(gw.sim))).toEqual([]);
  });
});
