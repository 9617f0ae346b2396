/**
 * RPC signature v1.0, written from Alibaba Cloud's description of it
 * (https://www.alibabacloud.com/help/doc-detail/25488.htm, "Request syntax and signature method V2 for RPC APIs"):
 *   1. every parameter but `Signature`, sorted by name in byte order;
 *   2. names and values percent-encoded as UTF-8 per RFC 3986 (only A-Z a-z 0-9 - _ . ~ stay);
 *   3. CanonicalizedQueryString = name=value joined by &;
 *   4. StringToSign = METHOD & encode("/") & encode(CanonicalizedQueryString);
 *   5. Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { byteCompare } from '../util.js';

const HEX = '0123456789ABCDEF';

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x5f || // _
    b === 0x2e || // .
    b === 0x7e // ~
  );
}

/** RFC 3986 percent-encoding of the UTF-8 bytes of `s` (space → %20, `*` → %2A, `~` kept). */
export function percentEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out += isUnreserved(b) ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

export function canonicalizedQueryString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort(byteCompare)
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
}

export function rpcStringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalizedQueryString(params))}`;
}

export function rpcSignature(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Constant-time comparison of two base64 signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/**
 * Client side, for tests and tools: returns `params` plus `Signature`, and the encoded query/form string
 * to send.
 */
export function signRpcParams(
  method: string,
  params: Record<string, string>,
  accessKeySecret: string,
): { params: Record<string, string>; query: string } {
  const signature = rpcSignature(rpcStringToSign(method, params), accessKeySecret);
  const signed = { ...params, Signature: signature };
  return { params: signed, query: `${canonicalizedQueryString(params)}&Signature=${percentEncode(signature)}` };
}

/** `YYYY-MM-DDThh:mm:ssZ` (optionally with fractional seconds) → epoch ms, or null when malformed. */
export function parseRpcTimestamp(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(t);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== se
  ) {
    return null;
  }
  return t;
}

/** Formats a Date the way RPC clients send Timestamp (`YYYY-MM-DDThh:mm:ssZ`). */
export function formatRpcTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
