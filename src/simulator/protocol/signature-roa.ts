/**
 * ROA signature as pop-core 1.8.0 signs it (lib/roa.js), written from Alibaba Cloud's description of it
 * (https://www.alibabacloud.com/help/doc-detail/108552.html, "Signature Mechanism" for ROA APIs):
 *
 *   StringToSign = METHOD \n Accept \n Content-MD5 \n Content-Type \n Date \n
 *                  CanonicalizedHeaders    each x-acs-* header, lower-case, sorted: "name:value\n",
 *                                          tabs/newlines in values turned to spaces, trimmed
 *                  CanonicalizedResource   path, then "?" + query keys sorted, "key=value" joined by "&",
 *                                          with RAW (decoded) values; just the path without a query
 *   Authorization: acs <AccessKeyId>:base64(HMAC-SHA1(AccessKeySecret, StringToSign))   (bare secret)
 */
import { createHash, createHmac } from 'node:crypto';
import { byteCompare } from '../util.js';

export interface RoaSignInput {
  method: string;
  /** lower-case header names */
  headers: Record<string, string | undefined>;
  /** the request path without the query */
  path: string;
  /** decoded query */
  query: Record<string, string>;
}

export function canonicalizedHeaders(headers: Record<string, string | undefined>): string {
  return Object.keys(headers)
    .map((k) => k.toLowerCase())
    .filter((k) => k.startsWith('x-acs-'))
    .sort(byteCompare)
    .map((k) => `${k}:${(headers[k] ?? '').replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('');
}

export function canonicalizedResource(path: string, query: Record<string, string>): string {
  const keys = Object.keys(query).sort(byteCompare);
  if (keys.length === 0) return path;
  return `${path}?${keys.map((k) => `${k}=${query[k] ?? ''}`).join('&')}`;
}

export function roaStringToSign(input: RoaSignInput): string {
  const h = (name: string) => input.headers[name] ?? '';
  return (
    `${input.method.toUpperCase()}\n${h('accept')}\n${h('content-md5')}\n${h('content-type')}\n${h('date')}\n` +
    canonicalizedHeaders(input.headers) +
    canonicalizedResource(input.path, input.query)
  );
}

export function roaSignature(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}

/** `acs <AccessKeyId>:<signature>` → parts, or null when malformed. */
export function parseAuthorization(value: string | undefined): { accessKeyId: string; signature: string } | null {
  if (value === undefined) return null;
  const m = /^acs ([^:\s]+):(\S+)$/.exec(value.trim());
  return m ? { accessKeyId: m[1]!, signature: m[2]! } : null;
}

export function contentMd5(body: Buffer | string): string {
  return createHash('md5').update(body).digest('base64');
}

const RFC1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 1123 date (`Tue, 23 Feb 2016 12:46:24 GMT`) → epoch ms, or null when malformed. */
export function parseRfc1123(s: string): number | null {
  const m = RFC1123.exec(s.trim());
  if (!m) return null;
  const day = Number(m[2]);
  const month = MONTHS.indexOf(m[3]!);
  const year = Number(m[4]);
  const [h, mi, se] = [Number(m[5]), Number(m[6]), Number(m[7])];
  const t = Date.UTC(year, month, day, h, mi, se);
  const back = new Date(t);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month &&
    back.getUTCDate() === day &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === se;
  return same ? t : null;
}

/**
 * Client side, for tests and tools: the headers to send for a signed ROA request (besides host).
 * `query` is the decoded query; send it URL-encoded.
 */
export function signRoaRequest(opts: {
  method: string;
  path: string;
  query: Record<string, string>;
  accessKeyId: string;
  accessKeySecret: string;
  version?: string;
  nonce?: string;
  date?: Date;
  body?: string;
  extraHeaders?: Record<string, string>;
}): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    date: (opts.date ?? new Date()).toUTCString(),
    'x-acs-signature-nonce': opts.nonce ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`,
    'x-acs-signature-method': 'HMAC-SHA1',
    'x-acs-signature-version': '1.0',
    'x-acs-version': opts.version ?? '2015-12-15',
    'content-md5': contentMd5(opts.body ?? ''),
    ...opts.extraHeaders,
  };
  const sts = roaStringToSign({ method: opts.method, headers, path: opts.path, query: opts.query });
  headers.authorization = `acs ${opts.accessKeyId}:${roaSignature(sts, opts.accessKeySecret)}`;
  return headers;
}
