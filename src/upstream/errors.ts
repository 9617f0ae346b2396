import type { EcsListingOperation } from './types.js';

/**
 * The one error type of the upstream layer. It carries what a caller (and a client) may know: the upstream
 * code, HTTP status, request ID, operation and whether retrying can help — never a URL, a signature or a key.
 */
export type ReadOperation =
  'DescribeTags' | 'ListTagResources' | 'EcsListTagResources' | 'DescribeClustersV1' | EcsListingOperation;
// The five ECS listings (DescribeInstances, DescribeDisks, DescribeImages, DescribeSecurityGroups,
// DescribeSnapshots) keep their cloud names, like the RAM actions a policy must allow.
/** The tag writes: ECS's carry the `Ecs` prefix for the same reason as `EcsListTagResources`. */
export type WriteOperation = 'EcsTagResources' | 'EcsUntagResources' | 'TagResources' | 'UntagResources';
export type Operation = ReadOperation | WriteOperation;
// `ListTagResources` stays CS's (its name since the first release, visible in errors and metrics); ECS's
// operation of the same cloud name is `EcsListTagResources`, so the two never share a label. CS's cluster
// listing keeps its cloud name, `DescribeClustersV1`.

/** Not-found codes without the `.NotFound` suffix (CS answers `ErrorClusterNotFound`; its status is unconfirmed). */
const NOT_FOUND_CODES = new Set(['ErrorClusterNotFound']);
/**
 * Codes of an answer that rejects the arguments: the `Invalid*` / `Missing*` families and, for the ECS tag
 * APIs, `NumberExceed.ResourceIds|Tags` and `Duplicate.TagKey`.
 */
const REJECTED_INPUT_CODES = /^(Invalid|Missing|ErrorParameter|NumberExceed|Duplicate)/i;

/** Our own codes for failures that never got an upstream answer, or that we refused before sending. */
export type LocalErrorCode =
  'InvalidInput' | 'Timeout' | 'DeadlineExceeded' | 'NetworkError' | 'BadResponse' | 'Aborted';

export interface UpstreamErrorInit {
  operation: Operation;
  code: string;
  message: string;
  status?: number;
  requestId?: string;
  retryable?: boolean;
  /** Set when the error is about one argument (validation). */
  field?: string;
}

/** The code of a call a request's upstream call budget refused (MAX_UPSTREAM_CALLS). */
export const BUDGET_CODE = 'UpstreamBudgetExceeded';

/** The code of a `cache: 'only'` call the cache could not answer (nothing went upstream). */
export const NOT_CACHED_CODE = 'NotCached';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly operation: Operation;
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly field: string | undefined;

  constructor(init: UpstreamErrorInit) {
    super(init.message);
    this.operation = init.operation;
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
    this.field = init.field;
  }

  /** True for input we refused before any call. */
  get isInvalidInput(): boolean {
    return this.code === 'InvalidInput';
  }

  /** True for answers that say the thing asked for does not exist (worth a short negative cache). */
  /** The request's own call budget refused the call (graph/meter.ts): says nothing of the upstream. */
  get isBudgetExceeded(): boolean {
    return this.code === BUDGET_CODE;
  }

  /** A `cache: 'only'` call the cache could not answer: nothing was sent upstream. */
  get isNotCached(): boolean {
    return this.code === NOT_CACHED_CODE;
  }

  get isNotFound(): boolean {
    return this.status === 404 || /\.NotFound$/.test(this.code) || NOT_FOUND_CODES.has(this.code);
  }

  /** The cloud refused the call's arguments (HTTP 400): a client's mistake, not an outage. */
  get isRejectedInput(): boolean {
    return this.status === 400 && REJECTED_INPUT_CODES.test(this.code);
  }

  /** The credential may not call this operation (a RAM policy without the action): worth a fallback, not a retry. */
  get isForbidden(): boolean {
    return /^(Forbidden|NoPermission)/.test(this.code);
  }

  get isThrottled(): boolean {
    return /^Throttling/.test(this.code);
  }
}

/** Codes the cloud answers when a retry may succeed (throttling, 5xx and network errors; every other code is final). */
export function isRetryableCode(code: string, status: number | undefined): boolean {
  if (/^Throttling/.test(code) || code === 'ServiceUnavailable' || code === 'InternalError') return true;
  return status !== undefined && status >= 500;
}

/** A call its caller cancelled (499: the client closed the request). Built here only, so every layer says it alike. */
export function abortedError(operation: Operation): UpstreamError {
  return new UpstreamError({ operation, code: 'Aborted', message: 'The request was cancelled.', status: 499 });
}

/** A call that did not finish (retries included) before its deadline. Built here only. */
export function deadlineError(operation: Operation): UpstreamError {
  return new UpstreamError({
    operation,
    code: 'DeadlineExceeded',
    message: `${operation} did not complete before the deadline.`,
    status: 504,
  });
}

/**
 * A `cache: 'only'` call the cache could not answer (no fresh or servable entry, or no cache at all): nothing was
 * sent upstream. Built here only.
 */
export function notCachedError(operation: Operation): UpstreamError {
  return new UpstreamError({ operation, code: NOT_CACHED_CODE, message: `${operation} is not cached.` });
}

export function invalidInput(operation: Operation, field: string, message: string): UpstreamError {
  return new UpstreamError({ operation, code: 'InvalidInput', message, field, retryable: false });
}
