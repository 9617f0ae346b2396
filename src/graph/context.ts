/** What every resolver gets: the caller's credential, its per-request loaders and the paging settings. */
import {
  createLoaders,
  type EcsListAccess,
  type EcsTagBatcher,
  type KnownSizes,
  type ListSizes,
  type Loaders,
} from '../loaders/index.js';
import type { Logger } from 'pino';
import type { RequestScope } from '../observability/request-scope.js';
import type { WriteInvalidator } from '../cache/write-invalidation.js';
import type { Credential, TagApi, TagWriteApi } from '../upstream/types.js';
import type { PageSettings } from './paging/connection.js';
import { RequestMeter } from './cost/meter.js';
import type { TagPolicy } from './inventory/policy.js';

export interface GraphContext {
  credential: Credential;
  loaders: Loaders;
  paging: PageSettings;
  /** Most native references one `resources` field may take. */
  maxRefs: number;
  /** This request's upstream bill and budget (extensions.upstream). */
  meter: RequestMeter;
  /** The sizes of this tenant's lists seen so far (the cost estimate's knowledge). */
  sizes?: KnownSizes;
  /** The tag writes' parts and this request's permission to write (unset: the gateway takes no writes). */
  writes?: WriteContext;
  signal?: AbortSignal;
  /** The request's scope (http/request-log.ts): its correlation ID and log-line counters; unset outside HTTP. */
  scope?: RequestScope;
  /** TAG_POLICY_FILE's policy (unset: none): `tagHygiene`'s defaults and `Resource.compliance`. */
  tagPolicy?: TagPolicy;
}

/** Whether this request may write tags, decided by the callers layer before execution. */
export interface WriteAccess {
  allowed: boolean;
  /** why not, for the FORBIDDEN message */
  reason?: string;
  /** the caller's non-secret identity for the write log ('anonymous' without authentication) */
  caller: string;
}

/** What the tag writes need, one per gateway (graph/writes/). */
export interface WriteSettings {
  /** the upstream itself, never cached: writes, and the live reads a write's payload shows */
  api: TagApi & TagWriteApi;
  invalidator: WriteInvalidator;
  /** federation's type prefix: response-cache entries are indexed under the prefixed type names */
  typePrefix: string;
  logger?: Logger;
  /** metrics: one event per mutation */
  onWrite?: (operation: string, outcome: string) => void;
}

export interface WriteContext extends WriteSettings {
  access: WriteAccess;
}

/** Most native references or IDs one list argument (`refs`, `ids`, `clusterIds`) may take. */
export const MAX_REFS = 500;

export interface GraphSettings {
  api: TagApi;
  paging: PageSettings;
  csMaxResourceIds: number;
  /** Which tenants may not call ECS ListTagResources, remembered across requests (one per gateway). */
  ecsListAccess?: EcsListAccess;
  /** The process-level batch window that lets concurrent requests share ECS tag calls (unset: none). */
  ecsTagBatcher?: EcsTagBatcher;
  /** The sizes of lists seen (one per gateway; `api` is to be watched by it). */
  listSizes?: ListSizes;
  writes?: WriteSettings;
  tagPolicy?: TagPolicy;
}

/** What one request brings: its abort signal, the operator's bypass, its meter, and how fresh its data must be. */
export interface RequestOptions {
  signal?: AbortSignal;
  bypassCache?: boolean;
  meter?: RequestMeter;
  /** Cache-Control: max-age on the request, in ms (already bounded below by FRESHNESS_FLOOR_S). */
  maxAgeMs?: number;
  /** May this request write tags (unset: no) */
  writeAccess?: WriteAccess;
  /** The request's scope: every upstream call of the request counts on it (its log line). */
  scope?: RequestScope;
}

export function createGraphContext(
  settings: GraphSettings,
  credential: Credential,
  request: RequestOptions = {},
): GraphContext {
  const { writeAccess, ...loaderOptions } = request;
  const meter = request.meter ?? new RequestMeter();
  return {
    credential,
    loaders: createLoaders(settings.api, credential, {
      csMaxResourceIds: settings.csMaxResourceIds,
      ...(settings.ecsListAccess ? { ecsListAccess: settings.ecsListAccess } : {}),
      ...(settings.ecsTagBatcher ? { ecsTagBatcher: settings.ecsTagBatcher } : {}),
      ...loaderOptions,
      meter,
    }),
    paging: settings.paging,
    maxRefs: MAX_REFS,
    meter,
    ...(settings.listSizes ? { sizes: settings.listSizes.for(credential) } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.scope ? { scope: request.scope } : {}),
    ...(settings.writes
      ? { writes: { ...settings.writes, access: writeAccess ?? { allowed: false, caller: 'anonymous' } } }
      : {}),
    ...(settings.tagPolicy ? { tagPolicy: settings.tagPolicy } : {}),
  };
}
