/**
 * The serialized cache entry: a versioned JSON envelope that echoes its own key, records when it was fetched
 * and when it stops being fresh, and holds either a result or a cacheable (not-found) error.
 * `decodeEntry` validates everything — JSON, version, key echo, operation, timestamps and the result's shape —
 * and answers null for anything corrupt or foreign, which the cache treats as a miss. Nothing unchecked is served.
 */
import { z } from 'zod';
import { UpstreamError, type ReadOperation as Operation } from '../upstream/errors.js';
import {
  CLUSTER_STATES,
  ECS_LISTING_OPERATION,
  ECS_RESOURCE_TYPES,
  type DescribeClustersResult,
  type DescribeTagsResult,
  type EcsResourcesResult,
  type EcsTagResourcesResult,
  type ListTagResourcesResult,
} from '../upstream/types.js';

export const ENTRY_VERSION = 1;

export interface ResultByOperation {
  DescribeTags: DescribeTagsResult;
  ListTagResources: ListTagResourcesResult;
  EcsListTagResources: EcsTagResourcesResult;
  DescribeClustersV1: DescribeClustersResult;
  DescribeInstances: EcsResourcesResult;
  DescribeDisks: EcsResourcesResult;
  DescribeImages: EcsResourcesResult;
  DescribeSecurityGroups: EcsResourcesResult;
  DescribeSnapshots: EcsResourcesResult;
}

interface EntryBase<O extends Operation> {
  v: typeof ENTRY_VERSION;
  /** The full cache key, echoed so an entry copied or colliding under another key is refused. */
  key: string;
  op: O;
  /** Epoch ms of the upstream answer. */
  fetchedAt: number;
  /** Epoch ms after which the entry is stale (served only within CACHE_SWR_S, while refreshing). */
  expiresAt: number;
}

export interface ValueEntry<O extends Operation = Operation> extends EntryBase<O> {
  kind: 'value';
  value: ResultByOperation[O];
}

/** What is kept of a not-found UpstreamError: enough to re-throw an equal one. */
export interface CachedError {
  code: string;
  message: string;
  status?: number;
  requestId?: string;
}

export interface ErrorEntry<O extends Operation = Operation> extends EntryBase<O> {
  kind: 'error';
  error: CachedError;
}

export type Entry<O extends Operation = Operation> = ValueEntry<O> | ErrorEntry<O>;

const counts = z.object({
  instance: z.number().optional(),
  disk: z.number().optional(),
  image: z.number().optional(),
  securitygroup: z.number().optional(),
  snapshot: z.number().optional(),
});

const describeTagsResult = z.object({
  tags: z.array(z.object({ key: z.string(), value: z.string(), resourceTypeCounts: counts })),
  totalCount: z.number(),
  pageNumber: z.number(),
  pageSize: z.number(),
  requestId: z.string(),
});

const listTagResourcesResult = z.object({
  tagResources: z.array(
    z.object({ key: z.string(), value: z.string(), resourceId: z.string(), resourceType: z.literal('CLUSTER') }),
  ),
  nextToken: z.string().nullable(),
  requestId: z.string(),
});

const ecsTagResourcesResult = z.object({
  tagResources: z.array(
    z.object({ key: z.string(), value: z.string(), resourceId: z.string(), resourceType: z.enum(ECS_RESOURCE_TYPES) }),
  ),
  nextToken: z.string().nullable(),
  requestId: z.string(),
});

const tag = z.object({ key: z.string(), value: z.string() });
const describeClustersResult = z.object({
  clusters: z.array(
    z.object({
      clusterId: z.string(),
      name: z.string(),
      regionId: z.string(),
      clusterType: z.string(),
      clusterSpec: z.string(),
      profile: z.string().optional(),
      state: z.enum(CLUSTER_STATES),
      createdAt: z.string(),
      tags: z.array(tag),
    }),
  ),
  pageNumber: z.number(),
  pageSize: z.number(),
  totalCount: z.number(),
  requestId: z.string(),
});

const ecsResourcesResult = z.object({
  resources: z.array(
    z.object({
      resourceId: z.string(),
      name: z.string(),
      status: z.string().optional(),
      createdAt: z.string().optional(),
      tags: z.array(tag),
    }),
  ),
  pageNumber: z.number(),
  pageSize: z.number(),
  totalCount: z.number(),
  requestId: z.string(),
});

const resultSchemas: { [O in Operation]: z.ZodType<ResultByOperation[O]> } = {
  DescribeTags: describeTagsResult,
  ListTagResources: listTagResourcesResult,
  EcsListTagResources: ecsTagResourcesResult,
  DescribeClustersV1: describeClustersResult,
  DescribeInstances: ecsResourcesResult,
  DescribeDisks: ecsResourcesResult,
  DescribeImages: ecsResourcesResult,
  DescribeSecurityGroups: ecsResourcesResult,
  DescribeSnapshots: ecsResourcesResult,
};

const envelope = z.object({
  v: z.literal(ENTRY_VERSION),
  key: z.string(),
  op: z.enum([
    'DescribeTags',
    'ListTagResources',
    'EcsListTagResources',
    'DescribeClustersV1',
    ...Object.values(ECS_LISTING_OPERATION),
  ]),
  fetchedAt: z.number().finite(),
  expiresAt: z.number().finite(),
  kind: z.enum(['value', 'error']),
  value: z.unknown().optional(),
  error: z
    .object({
      code: z.string().min(1),
      message: z.string(),
      status: z.number().int().optional(),
      requestId: z.string().optional(),
    })
    .optional(),
});

export function encodeEntry(entry: Entry): string {
  return JSON.stringify(entry);
}

/** The entry stored as `raw` under `key` for `op`, or null if it is not one this code wrote for that key. */
export function decodeEntry<O extends Operation>(raw: string, key: string, op: O): Entry<O> | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) return null;
  const e = parsed.data;
  if (e.key !== key || e.op !== op || e.expiresAt < e.fetchedAt) return null;
  const base = { v: ENTRY_VERSION, key, op, fetchedAt: e.fetchedAt, expiresAt: e.expiresAt } as const;
  if (e.kind === 'error') {
    if (!e.error) return null;
    return { ...base, kind: 'error', error: e.error };
  }
  const value = resultSchemas[op].safeParse(e.value);
  if (!value.success) return null;
  return { ...base, kind: 'value', value: value.data };
}

export function isFresh(entry: Entry, now = Date.now()): boolean {
  return now < entry.expiresAt;
}

export function toCachedError(err: UpstreamError): CachedError {
  const out: CachedError = { code: err.code, message: err.message };
  if (err.status !== undefined) out.status = err.status;
  if (err.requestId !== undefined) out.requestId = err.requestId;
  return out;
}

/** An UpstreamError equal in code, status, operation, message and request ID to the one cached. */
export function fromCachedError(op: Operation, cached: CachedError): UpstreamError {
  return new UpstreamError({
    operation: op,
    code: cached.code,
    message: cached.message,
    status: cached.status,
    requestId: cached.requestId,
    retryable: false,
  });
}
