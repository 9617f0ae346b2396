/**
 * Client-visible errors. Every error a client can see carries a stable `extensions.code`; upstream failures
 * also carry the upstream code, operation and request ID (for support tickets), never a URL or a key.
 */
import { GraphQLError } from 'graphql';
import { UpstreamError } from '../upstream/errors.js';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  THROTTLED: 'THROTTLED',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAUTHORIZED: 'UPSTREAM_UNAUTHORIZED',
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function userInputError(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) } });
}

const AUTH_CODES = /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidTimeStamp|SignatureNonceUsed|Forbidden|InvalidSecurityToken|NoPermission)/;

export function codeFor(err: UpstreamError): ErrorCode {
  if (err.isInvalidInput) return ErrorCode.BAD_USER_INPUT;
  if (err.isThrottled) return ErrorCode.THROTTLED;
  if (err.code === 'Timeout' || err.code === 'DeadlineExceeded') return ErrorCode.UPSTREAM_TIMEOUT;
  if (AUTH_CODES.test(err.code)) return ErrorCode.UPSTREAM_UNAUTHORIZED;
  if (err.isNotFound) return ErrorCode.NOT_FOUND;
  if (err.isRejectedInput) return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.UPSTREAM_ERROR;
}

/** Any error a resolver meets becomes a GraphQLError a client may see, or is left for yoga to mask. */
export function toGraphQLError(err: unknown): unknown {
  if (err instanceof GraphQLError) return err;
  if (!(err instanceof UpstreamError)) return err;
  const argument = err.field ? { argument: err.field } : {};
  // Refused before any call: nothing upstream to report.
  if (err.isInvalidInput) return new GraphQLError(err.message, { extensions: { code: codeFor(err), ...argument } });
  const upstream = { operation: err.operation, code: err.code, ...(err.requestId ? { requestId: err.requestId } : {}) };
  return new GraphQLError(err.message, { extensions: { code: codeFor(err), ...argument, upstream } });
}

/** Runs a resolver body and converts what it throws. */
export async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toGraphQLError(err);
  }
}
