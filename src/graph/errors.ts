/**
 * Client-visible errors, converted in one place. Resolvers throw the gateway's own error classes (an
 * `UpstreamError` from the upstream layer, an `InputError` for input the graph refuses) and never wrap them:
 * `maskError`, installed as yoga's `maskedErrors.maskError`, turns each into a GraphQLError with a stable
 * `extensions.code` at the path and locations where it was thrown. Upstream failures also carry the upstream
 * code, operation and request ID (for support tickets), never a URL or a key. Anything else is unexpected and
 * masked as yoga masks it.
 */
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type MaskError } from 'graphql-yoga';
import { UpstreamError } from '../upstream/errors.js';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  THROTTLED: 'THROTTLED',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAUTHORIZED: 'UPSTREAM_UNAUTHORIZED',
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  UPSTREAM_BUDGET_EXCEEDED: 'UPSTREAM_BUDGET_EXCEEDED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  /** Too many heavy operations in flight (plugins/admission.ts): 503 with Retry-After, nothing was called. */
  OVERLOADED: 'OVERLOADED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Input the graph refuses before (or instead of) any upstream call; `argument` names it for the client. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly argument?: string,
  ) {
    super(message);
  }
}

/**
 * A thing the client named does not exist, as the upstream's own answer shows (e.g. a cluster ID that no
 * ListTagResources call finds): NOT_FOUND at the path that named it, with no upstream error to quote.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The caller may not do this (a tag write without write permission): FORBIDDEN, before any call. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** The thing changed since the client read it (`ifTagsVersion`): CONFLICT, nothing written. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

export function userInputError(message: string, argument?: string): InputError {
  return new InputError(message, argument);
}

const AUTH_CODES =
  /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidTimeStamp|SignatureNonceUsed|Forbidden|InvalidSecurityToken|NoPermission)/;

export function codeFor(err: UpstreamError): ErrorCode {
  if (err.isInvalidInput) return ErrorCode.BAD_USER_INPUT;
  // The request's own call budget (graph/meter.ts), not the upstream's throttling.
  if (err.isBudgetExceeded) return ErrorCode.UPSTREAM_BUDGET_EXCEEDED;
  if (err.isThrottled) return ErrorCode.THROTTLED;
  if (err.code === 'Timeout' || err.code === 'DeadlineExceeded') return ErrorCode.UPSTREAM_TIMEOUT;
  if (AUTH_CODES.test(err.code)) return ErrorCode.UPSTREAM_UNAUTHORIZED;
  if (err.isNotFound) return ErrorCode.NOT_FOUND;
  if (err.isRejectedInput) return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.UPSTREAM_ERROR;
}

/** What a client may know of a gateway error; undefined for an error of no gateway class (unexpected). */
export function extensionsFor(err: unknown): Record<string, unknown> | undefined {
  if (err instanceof InputError)
    return { code: ErrorCode.BAD_USER_INPUT, ...(err.argument ? { argument: err.argument } : {}) };
  if (err instanceof NotFoundError) return { code: ErrorCode.NOT_FOUND };
  if (err instanceof ForbiddenError) return { code: ErrorCode.FORBIDDEN };
  if (err instanceof ConflictError) return { code: ErrorCode.CONFLICT };
  if (!(err instanceof UpstreamError)) return undefined;
  const argument = err.field ? { argument: err.field } : {};
  // Refused before any call: nothing upstream to report.
  if (err.isInvalidInput) return { code: codeFor(err), ...argument };
  const upstream = { operation: err.operation, code: err.code, ...(err.requestId ? { requestId: err.requestId } : {}) };
  return { code: codeFor(err), ...argument, upstream };
}

/** The error a resolver threw, under the GraphQLErrors that graphql-js and plugins wrap around it. */
function thrownError(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}

/**
 * yoga's `maskedErrors.maskError`: a gateway error becomes a GraphQLError with its code, at the same path and
 * locations; every other error is masked by yoga's own function (message shown only when `isDev`).
 */
export const maskError: MaskError = (error, message, isDev) => {
  const thrown = thrownError(error);
  const extensions = extensionsFor(thrown);
  if (!extensions || !(thrown instanceof Error)) return yogaMaskError(error, message, isDev);
  const located = error instanceof GraphQLError ? error : undefined;
  // No `originalError`: the answer is as deliberate as one a resolver built itself, so yoga does not count it
  // as unexpected (which would make a response without `data` an HTTP 500). yoga logs the thrown error.
  return new GraphQLError(thrown.message, {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    extensions,
  });
};

/** True when `error` (or what it wraps) is a gateway error answered on purpose, not a bug. */
export function isGatewayError(error: unknown): boolean {
  return extensionsFor(thrownError(error)) !== undefined;
}
