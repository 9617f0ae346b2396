/** Shared by the observability tests: what must never appear in a span, a log line or an export; an OTLP receiver. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_KEY, type Simulator } from '../../src/simulator/index.js';

/** A caller's own keys (CALLER_CREDENTIALS): signed with, never shown. */
export const CALLER_KEY = {
  accessKeyId: 'LTAIcallerOwnKeyId0001',
  accessKeySecret: 'caller-own-secret-value-0123456789',
};

export function forbiddenTexts(sim: Simulator): string[] {
  return [
    DEMO_KEY.accessKeyId,
    DEMO_KEY.accessKeySecret,
    CALLER_KEY.accessKeyId,
    CALLER_KEY.accessKeySecret,
    'Signature',
    'AccessKeyId',
    sim.url,
    `127.0.0.1:${sim.port}`,
  ];
}

/** The texts of `forbidden` found in `text` (expect it to be empty). */
export function leaks(text: string, forbidden: string[]): string[] {
  return forbidden.filter((f) => text.includes(f));
}

export const callerHeaders = {
  'x-alibaba-cloud-access-key-id': CALLER_KEY.accessKeyId,
  'x-alibaba-cloud-access-key-secret': CALLER_KEY.accessKeySecret,
};

export const NAMED_QUERY = 'query Keys { tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';
export const FAILING_QUERY = 'query Nowhere { tagKeys(regionIds: ["xx-nowhere-1"]) { totalCount } }';

/** The one element of `list` (fails the test when there are none or several). */
export function only<T>(list: T[]): T {
  if (list.length !== 1) throw new Error(`expected exactly one, got ${list.length}`);
  return list[0]!;
}

export interface OtlpExport {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface OtlpReceiver {
  url: string;
  /** Every POST received, in order. */
  exports: OtlpExport[];
  close(): Promise<void>;
}

/** A minimal OTLP/HTTP collector: keeps every POST's path, headers and body, answers 200 `{}`. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpExport[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The names of the spans in OTLP/JSON exports. */
export function spanNames(exports: OtlpExport[]): string[] {
  return exports.flatMap((e) => {
    const body = JSON.parse(e.body) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }>;
    };
    return body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)));
  });
}
