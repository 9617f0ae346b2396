/** What every resolver gets: the caller's credential, its per-request loaders and the paging settings. */
import { createLoaders, type EcsListAccess, type Loaders } from '../loaders/index.js';
import type { Credential, TagApi } from '../upstream/types.js';
import type { PageSettings } from './connection.js';

export interface GraphContext {
  credential: Credential;
  loaders: Loaders;
  paging: PageSettings;
  /** Most native references one `resources` field may take. */
  maxRefs: number;
}

export interface GraphSettings {
  api: TagApi;
  paging: PageSettings;
  csMaxResourceIds: number;
  maxRefs?: number;
  /** Which tenants may not call ECS ListTagResources, remembered across requests (one per gateway). */
  ecsListAccess?: EcsListAccess;
}

export function createGraphContext(
  settings: GraphSettings,
  credential: Credential,
  request: { signal?: AbortSignal; bypassCache?: boolean } = {},
): GraphContext {
  return {
    credential,
    loaders: createLoaders(settings.api, credential, {
      csMaxResourceIds: settings.csMaxResourceIds,
      ...(settings.ecsListAccess ? { ecsListAccess: settings.ecsListAccess } : {}),
      ...request,
    }),
    paging: settings.paging,
    maxRefs: settings.maxRefs ?? 500,
  };
}
