/** What the server needs from a protocol layer (RPC or ROA) for one API request. */
import type { ApiError } from './errors.js';
import type { Tenant, Tenants } from './accounts/tenants.js';
import type { CallOperation } from './types.js';
import type { PageTokens } from './protocol/page-tokens.js';
import type { SecurityTokens } from './accounts/sts.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** the error code, null on success */
  code: string | null;
}

export interface ApiCall {
  operation: CallOperation;
  /** the AccessKeyId the request claims (not yet verified); null when absent */
  accessKeyId: string | null;
  regionId: string | null;
  /** params for the call log, already stripped of signatures and secrets */
  logParams: Record<string, string>;
  /** verifies the request's signature and common parameters; throws ApiError */
  authenticate(now: number): Tenant;
  /** runs the operation for an authenticated tenant; throws ApiError */
  execute(tenant: Tenant): HttpAnswer;
  renderError(error: ApiError): HttpAnswer;
}

export interface RawRequest {
  method: string;
  path: string;
  /** the raw (still encoded) query string, without "?" */
  rawQuery: string;
  /** lower-case names */
  headers: Record<string, string>;
  body: Buffer;
  requestId: string;
}

export interface ApiContext {
  tenants: Tenants;
  secrets: ReadonlySet<string>;
  toleranceMs: number;
  /** CS ListTagResources items per page */
  pageSizeCs: number;
  /** ECS ListTagResources rows per page */
  pageSizeEcs: number;
  tokens: PageTokens;
  securityTokens: SecurityTokens;
  /** how a tag write with a failing resource fails (faults.tagWriteFailures) */
  tagWriteFailures: () => 'whole-call' | 'per-resource';
}
