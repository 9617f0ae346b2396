/**
 * The upstream layer's entry point: `createUpstream` gives the TagApi every layer above talks to.
 * One code path for the real cloud and the simulator; only the endpoint differs.
 */
import type { Logger } from 'pino';
import { listTagResources } from './operations/cs.js';
import { describeClusters } from './operations/cs-clusters.js';
import { listEcsResources } from './operations/ecs-listings.js';
import { listEcsTagResources } from './operations/ecs-tag-resources.js';
import { describeTags } from './operations/ecs.js';
import { tagResources, untagResources } from './operations/tag-writes.js';
import { Transport, type UpstreamCallEvent } from './transport.js';
import type { TagApi, TagWriteApi } from './types.js';

/** The knobs of the upstream layer (UPSTREAM_* and CS_MAX_RESOURCE_IDS in config/schema.ts, which takes its defaults from here). */
export interface UpstreamSettings {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** One call, retries included. */
  deadlineMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Calls in flight per service and region. */
  maxConcurrency: number;
  /** Most cluster IDs one ListTagResources call may carry (the loaders batch to it). */
  csMaxResourceIds: number;
}

export interface UpstreamOptions extends Partial<UpstreamSettings> {
  /** Simulator URL; unset means the real regional endpoints. */
  endpointOverride?: string;
  logger?: Logger;
  /** Called after every attempt (metrics). */
  onCall?: (event: UpstreamCallEvent) => void;
}

export const UPSTREAM_DEFAULTS: Readonly<UpstreamSettings> = {
  timeoutMs: 10_000,
  deadlineMs: 20_000,
  maxAttempts: 4,
  backoffBaseMs: 100,
  backoffMaxMs: 2_000,
  maxConcurrency: 8,
  csMaxResourceIds: 50,
};

export function createUpstream(options: UpstreamOptions = {}): TagApi & TagWriteApi {
  const o = { ...UPSTREAM_DEFAULTS, ...stripUndefined(options) };
  const transport = new Transport(o);
  return {
    describeTags: (credential, request, callOptions) => describeTags(transport, credential, request, callOptions),
    listTagResources: (credential, request, callOptions) =>
      listTagResources(transport, credential, request, o.csMaxResourceIds, callOptions),
    listEcsTagResources: (credential, request, callOptions) =>
      listEcsTagResources(transport, credential, request, callOptions),
    describeClusters: (credential, request, callOptions) =>
      describeClusters(transport, credential, request, callOptions),
    tagResources: (credential, request, callOptions) => tagResources(transport, credential, request, callOptions),
    untagResources: (credential, request, callOptions) => untagResources(transport, credential, request, callOptions),
    listEcsResources: (credential, request, callOptions) =>
      listEcsResources(transport, credential, request, callOptions),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { makeCredential } from './credentials.js';
export { UpstreamError } from './errors.js';
export type { UpstreamCallEvent } from './transport.js';
export {
  describeTagsPages,
  listTagResourcesPages,
  ecsTagResourcesPages,
  describeClustersPages,
  ecsResourcesPages,
} from './operations/paging.js';
export {
  ECS_LIST_TAG_RESOURCES_MAX_IDS,
  ECS_LIST_TAG_RESOURCES_MAX_TAGS,
  DESCRIBE_CLUSTERS_PAGE_SIZE_MAX,
  DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT,
  LIMITS as UPSTREAM_LIMITS,
  ECS_LISTING_PAGE_SIZE_MAX,
} from './operations/validate.js';
export { validateTagResources, validateUntagResources } from './operations/validate-writes.js';
export * from './types.js';
