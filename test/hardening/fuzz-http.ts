/**
 * The over-the-wire share of the fuzz: schema-driven documents as real HTTP requests, mixed with malformed
 * HTTP (bodies that are not JSON, wrong content types, GETs with junk parameters, batched arrays, other
 * methods), and a few bodies over MAX_BODY_BYTES, sent with node:http because the server answers 413 and hangs
 * up while the client may still be writing.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { fuzzRequest, type FuzzRequest } from './fuzz-documents.js';
import type { Pools } from './fuzz-values.js';
import { hostileString } from './fuzz-values.js';

export interface WireRequest extends FuzzRequest {
  /** Any method; FuzzRequest's two and the odd ones. */
  verb: string;
}

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/graphql',
  'application/json, text/html',
  ';;;',
  'application/graphql-response+json',
];
const DOC = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 1) { totalCount } }';

const junkBody: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.constantFrom(
    '{',
    '{"query":',
    'null',
    'true',
    '"x"',
    '[]',
    '[[]]',
    '{"query":"{ __typename }",}',
    '\u0000',
    '{"query":"{ __typename }"}garbage',
    '{"__proto__":{"query":"{ __typename }"}}',
  ),
  fc.json({ maxDepth: 3 }),
);

/** encodeURIComponent throws on lone surrogates; those go as U+FFFD (raw junk escapes come from the list above). */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}

const junkQueryString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '%%%',
    'query',
    'query=',
    'query=%7B',
    'query=a&query=b',
    'variables=%7B',
    'extensions=[',
    'documentId=nope',
    '&&&=&',
    `query=${encodeURIComponent(DOC)}&variables=null&operationName=%00`,
  ),
  fc
    .tuple(fc.constantFrom('query', 'variables', 'extensions', 'operationName', 'documentId', 'x'), hostileString)
    .map(([k, v]) => `${k}=${encode(v.slice(0, 6000))}`),
  hostileString.map((s) => `query=${encodeURIComponent(DOC)}&variables=${encode(s.slice(0, 3000))}`),
);

const batch: fc.Arbitrary<string> = fc
  .nat({ max: 120 })
  .map((n) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ query: i % 2 ? DOC : '{ __typename }' }))));

/** Malformed HTTP, or a document from the in-process generator sent over the wire (half of the cases). */
export const wireRequest = (pools: Pools, secretMark: string): fc.Arbitrary<WireRequest> =>
  fc.oneof(
    { weight: 10, arbitrary: fuzzRequest(pools, secretMark).map((r) => ({ ...r, verb: r.method })) },
    { weight: 3, arbitrary: junkBody.map((payload) => wire('POST', payload, 'application/json')) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...CONTENT_TYPES).map((ct) => wire('POST', JSON.stringify({ query: DOC }), ct)),
    },
    { weight: 1, arbitrary: fc.constant(wire('POST', JSON.stringify({ query: DOC }), undefined)) },
    { weight: 3, arbitrary: junkQueryString.map((qs) => wire('GET', qs, undefined)) },
    { weight: 2, arbitrary: batch.map((payload) => wire('POST', payload, 'application/json')) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE')
        .map((verb) => ({ ...wire('POST', JSON.stringify({ query: DOC }), 'application/json'), verb })),
    },
  );

function wire(method: 'POST' | 'GET', payload: string, contentType: string | undefined): WireRequest {
  return { method, verb: method, payload, contentType, headers: {} };
}

export interface WireAnswer {
  status: number;
  text: string;
  /** The server hung up before an answer was read (allowed only for oversized bodies). */
  cut?: boolean;
}

/** Sends one request over a real socket; a server that hangs up is an answer, not an exception. */
export function send(
  url: string,
  r: WireRequest | (Omit<WireRequest, 'payload'> & { payload: Buffer; chunked?: boolean }),
): Promise<WireAnswer> {
  const target = new URL(url);
  const isGet = r.verb === 'GET';
  const path = isGet ? `${target.pathname}?${r.payload as string}` : target.pathname;
  const body = isGet ? undefined : Buffer.isBuffer(r.payload) ? r.payload : Buffer.from(r.payload);
  const chunked = 'chunked' in r && r.chunked;
  const headers: Record<string, string> = {
    accept: 'application/graphql-response+json, application/json',
    ...r.headers,
  };
  if (r.contentType !== undefined) headers['content-type'] = r.contentType;
  if (body && !chunked) headers['content-length'] = String(body.length);
  return new Promise((resolve) => {
    const req = request(
      { host: target.hostname, port: target.port, path, method: r.verb, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), cut: true }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, text: '', cut: true }));
    if (body && chunked) {
      // in 64 KiB pieces, so the limit is passed mid-stream
      for (let at = 0; at < body.length; at += 65_536) req.write(body.subarray(at, at + 65_536));
    } else if (body) {
      req.write(body);
    }
    req.end();
  });
}
