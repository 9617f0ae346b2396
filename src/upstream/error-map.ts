/**
 * Turns whatever pop-core or httpx threw into an UpstreamError. pop-core's RPC messages embed the full signed
 * URL, httpx appends the URL to network errors, and the cloud's SignatureDoesNotMatch message embeds the string
 * to sign (with the AccessKeyId): so no message is ever copied through without `sanitize`.
 */
import { deadlineError, UpstreamError, isRetryableCode, type Operation } from './errors.js';

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

type Loose = Record<string, unknown>;

const asObject = (v: unknown): Loose | undefined => (v !== null && typeof v === 'object' ? (v as Loose) : undefined);
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function toUpstreamError(operation: Operation, err: unknown, secrets: string[]): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const e = asObject(err) ?? {};
  return (
    fromCloudBody(operation, e, secrets) ??
    fromXmlError(operation, e, secrets) ??
    fromTransport(operation, e) ??
    new UpstreamError({ operation, code: 'BadResponse', message: `${operation} failed unexpectedly.`, status: 502 })
  );
}

/** An error body the cloud sent: RPC (`Code` via err.data) or CS (`code` via err.result). */
function fromCloudBody(operation: Operation, e: Loose, secrets: string[]): UpstreamError | undefined {
  const body = asObject(e.data) ?? asObject(e.result);
  if (!body) return undefined;
  const code = asString(body.Code) ?? asString(body.code) ?? asString(body.errorCode) ?? asString(e.code);
  if (!code) return undefined;
  const status = rpcStatus(e) ?? asNumber(e.statusCode) ?? asNumber(body.status);
  const message = asString(body.Message) ?? asString(body.message) ?? asString(body.errorMsg) ?? code;
  return new UpstreamError({
    operation,
    code,
    status,
    message: sanitize(message, secrets),
    requestId: asString(body.RequestId) ?? asString(body.requestId) ?? asString(body.request_id),
    retryable: isRetryableCode(code, status),
  });
}

/**
 * pop-core's ROA client turns a `text/xml` `<Error>` answer into an ACSError: no body and no status, only
 * `code` and the message `"<Message> hostid: <HostId>, requestid: <RequestId>"`. Without this the cloud's
 * code was lost (a non-retryable "failed unexpectedly"), so an XML throttling answer was never retried.
 */
function fromXmlError(operation: Operation, e: Loose, secrets: string[]): UpstreamError | undefined {
  const code = asString(e.code);
  const m = /^([\s\S]*?) hostid: [^,]*, requestid: (\S*)$/.exec(asString(e.message) ?? '');
  if (!code || !m || NETWORK_CODES.has(code)) return undefined;
  return new UpstreamError({
    operation,
    code,
    message: sanitize(m[1] || code, secrets),
    requestId: asString(m[2]),
    retryable: isRetryableCode(code, undefined),
  });
}

function rpcStatus(e: Loose): number | undefined {
  const response = asObject(asObject(e.entry)?.response);
  return asNumber(response?.statusCode);
}

/** Timeouts, resets, refusals and bodies that are not JSON. */
function fromTransport(operation: Operation, e: Loose): UpstreamError | undefined {
  const name = asString(e.name) ?? '';
  const code = asString(e.code) ?? '';
  if (name === 'AbortError') {
    return deadlineError(operation);
  }
  if (name.includes('RequestTimeout') || name.includes('ReadTimeout')) {
    return new UpstreamError({
      operation,
      code: 'Timeout',
      message: `${operation} timed out waiting for an answer.`,
      status: 504,
      retryable: true,
    });
  }
  if (NETWORK_CODES.has(code) || /socket hang up/i.test(asString(e.message) ?? '')) {
    return new UpstreamError({
      operation,
      code: 'NetworkError',
      message: `${operation} lost its connection (${code || 'socket hang up'}).`,
      status: 502,
      retryable: true,
    });
  }
  if (name === 'SyntaxError' || name === 'FormatError') {
    return badResponse(operation, 'the answer was not JSON');
  }
  return undefined;
}

export function badResponse(operation: Operation, why: string): UpstreamError {
  return new UpstreamError({
    operation,
    code: 'BadResponse',
    message: `${operation} returned an unreadable answer: ${why}.`,
    status: 502,
    retryable: true,
  });
}

/** Removes URLs, the string-to-sign echo and any secret from a message the cloud wrote. */
export function sanitize(message: string, secrets: string[]): string {
  let out = message.replace(/,?\s*URL:\s*\S+/g, '').replace(/\s*server string to sign is:.*$/is, '');
  out = out.replace(/https?:\/\/\S+/g, '<url>');
  // A request line or relative URL echoed back (`GET /?Action=…&Signature=…`) carries the signature and key too.
  out = out.replace(/\S*[?&](?:Signature|SecurityToken|AccessKeyId|SignatureNonce)=\S*/gi, '<url>');
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out.slice(0, 500);
}
