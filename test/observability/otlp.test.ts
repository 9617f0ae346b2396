/**
 * Tracing as main.ts runs it: configured from the OTEL_* variables (config.ts), exporting over OTLP/HTTP JSON to
 * a small receiver on node:http. The receiver sees the collector headers and the three span kinds; the raw
 * export holds no key, signature or upstream URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, toTracingOptions } from '../../src/config/index.js';
import { startTracing } from '../../src/observability/tracing.js';
import { startTestGateway } from '../support/gateway.js';
import {
  FAILING_QUERY,
  forbiddenTexts,
  leaks,
  NAMED_QUERY,
  spanNames,
  startOtlpReceiver,
  type OtlpReceiver,
} from './helpers.js';

let receiver: OtlpReceiver;
let endpoint: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  endpoint = receiver.url;
});
afterAll(() => receiver.close());

describe('OTEL_* configuration', () => {
  it('is off without an endpoint, or with OTEL_SDK_DISABLED', () => {
    expect(toTracingOptions(loadConfig({}))).toBeUndefined();
    expect(
      toTracingOptions(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' })),
    ).toBeUndefined();
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
    let refused: unknown;
    try {
      loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=%E0%A4%A' });
    } catch (err) {
      refused = err;
    }
    // it did throw (no silent pass when nothing is caught), and the message does not echo the value
    expect(String(refused)).toMatch(/OTEL_EXPORTER_OTLP_HEADERS: must be key=value/);
    expect(String(refused)).not.toContain('%E0%A4%A');
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
    const exports = receiver.exports;
    expect(exports.length).toBeGreaterThan(0);
    for (const e of exports) {
      expect(e.path).toBe('/v1/traces');
      expect(e.headers['content-type']).toContain('application/json');
      expect(e.headers['x-collector-token']).toBe('abc123');
    }
    const names = spanNames(exports);
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
