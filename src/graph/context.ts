/** What every resolver gets: the caller's credential, its per-request loaders and the paging settings. */
import {
  createLoaders,
  type EcsListAccess,
  type EcsTagBatcher,
  type KnownSizes,
  type ListSizes,
  type Loaders,
} from '../loaders/index.js';
import type { Credential, TagApi } from '../upstream/types.js';
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
  /** TAG_POLICY_FILE's policy (unset: none): `tagHygiene`'s defaults and `Resource.compliance`. */
  tagPolicy?: TagPolicy;
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
  tagPolicy?: TagPolicy;
}

/** What one request brings: its abort signal, the operator's bypass, its meter, and how fresh its data must be. */
export interface RequestOptions {
  signal?: AbortSignal;
  bypassCache?: boolean;
  meter?: RequestMeter;
  /** Cache-Control: max-age on the request, in ms (already bounded below by FRESHNESS_FLOOR_S). */
  maxAgeMs?: number;
}

export function createGraphContext(
  settings: GraphSettings,
  credential: Credential,
  request: RequestOptions = {},
): GraphContext {
  const meter = request.meter ?? new RequestMeter();
  return {
    credential,
    loaders: createLoaders(settings.api, credential, {
      csMaxResourceIds: settings.csMaxResourceIds,
      ...(settings.ecsListAccess ? { ecsListAccess: settings.ecsListAccess } : {}),
      ...(settings.ecsTagBatcher ? { ecsTagBatcher: settings.ecsTagBatcher } : {}),
      ...request,
      meter,
    }),
    paging: settings.paging,
    maxRefs: MAX_REFS,
    meter,
    ...(settings.listSizes ? { sizes: settings.listSizes.for(credential) } : {}),
    ...(settings.tagPolicy ? { tagPolicy: settings.tagPolicy } : {}),
  };
}
