/**
 * Cache keys: `${CACHE_KEY_PREFIX}v1:${credential.identity}:${operation}:${regionId}:${sha256(canonical params)}`.
 *
 * The identity is the credential's non-secret hash (tenants never share entries); the AccessKeyId and the secret
 * never appear. The hash covers every request field, regionId included, and the credential's scope (see
 * `credentialScope`: the secret counts too), so the readable parts are only for humans and SCAN patterns. Canonical params are order-independent where order cannot change the answer:
 * object keys are sorted, undefined fields dropped, and tag filters (ANDed, one per key) sorted by key.
 * ListTagResources `resourceIds` are de-duplicated like the upstream does, but NOT sorted: the upstream sends
 * them in the given order and the answer's order and its `nextToken` follow it, so two orders are two requests.
 *
 * Tag writes: a key also carries the generation of every (tenant, region, kind) its answer depends on
 * (`withGeneration`, generations.ts): DescribeTags counts every ECS type of its region, EcsListTagResources its one
 * type, the ECS listings (DescribeInstances, …) theirs, the CS operations the region's clusters. Before any write
 * the suffix is empty and keys are as they were.
 */
import { createHash } from 'node:crypto';
import type { ReadOperation as Operation } from '../upstream/errors.js';
import { ECS_GENERATION_KINDS, INITIAL_GENERATION, type GenerationKind } from './generations.js';
import { canonicalJson, compareUtf8 } from '../upstream/strings.js';
import { ECS_LISTING_OPERATION } from '../upstream/types.js';
import type {
  Credential,
  DescribeClustersRequest,
  DescribeTagsRequest,
  EcsResourcesRequest,
  EcsTagResourcesRequest,
  ListTagResourcesRequest,
  TagFilter,
} from '../upstream/types.js';

export { canonicalJson };

/** Bump when the entry format or the canonical form changes: old entries then simply stop being read. */
const KEY_VERSION = 'v1';

export function describeTagsKey(prefix: string, credential: Credential, request: DescribeTagsRequest): string {
  const params = {
    regionId: request.regionId,
    resourceType: request.resourceType,
    resourceId: request.resourceId,
    tags: canonicalTags(request.tags),
    pageNumber: request.pageNumber,
    pageSize: request.pageSize,
  };
  return buildKey(prefix, credential, 'DescribeTags', request.regionId, params);
}

export function listTagResourcesKey(prefix: string, credential: Credential, request: ListTagResourcesRequest): string {
  const params = {
    regionId: request.regionId,
    resourceIds: [...new Set(request.resourceIds)],
    tags: canonicalTags(request.tags),
    // The upstream treats '' like no token.
    nextToken: request.nextToken ? request.nextToken : undefined,
  };
  return buildKey(prefix, credential, 'ListTagResources', request.regionId, params);
}

export function ecsTagResourcesKey(prefix: string, credential: Credential, request: EcsTagResourcesRequest): string {
  const params = {
    regionId: request.regionId,
    resourceType: request.resourceType,
    // De-duplicated like the upstream layer sends them; order kept (the answer's order and token follow it).
    resourceIds: request.resourceIds ? [...new Set(request.resourceIds)] : undefined,
    tags: canonicalTags(request.tags),
    nextToken: request.nextToken ? request.nextToken : undefined,
  };
  return buildKey(prefix, credential, 'EcsListTagResources', request.regionId, params);
}

export function describeClustersKey(prefix: string, credential: Credential, request: DescribeClustersRequest): string {
  return buildKey(prefix, credential, 'DescribeClustersV1', request.regionId, { ...request });
}

/** The generation kinds an operation's answer depends on (see the header). */
export function generationKinds(op: Operation, request: { resourceType?: string }): readonly GenerationKind[] {
  if (op === 'DescribeTags') return ECS_GENERATION_KINDS;
  if (op === 'ListTagResources' || op === 'DescribeClustersV1') return ['cluster'];
  // EcsListTagResources and the five ECS listings (DescribeInstances, …): their one type
  return [request.resourceType as GenerationKind];
}

/** `key` under a generation: unchanged for the initial one, else suffixed with a short hash of it. */
export function withGeneration(key: string, generation: string): string {
  if (generation === INITIAL_GENERATION) return key;
  return `${key}:g${createHash('sha256').update(generation).digest('hex').slice(0, 16)}`;
}

/** An ECS listing page: keyed under its own operation name (DescribeInstances, …), tag filters canonical. */
export function ecsResourcesKey(prefix: string, credential: Credential, request: EcsResourcesRequest): string {
  const params = {
    regionId: request.regionId,
    resourceType: request.resourceType,
    tags: canonicalTags(request.tags),
    pageNumber: request.pageNumber,
    pageSize: request.pageSize,
  };
  return buildKey(prefix, credential, ECS_LISTING_OPERATION[request.resourceType], request.regionId, params);
}

/** The lock guarding the production of `key`'s value. */
export function lockKeyFor(key: string): string {
  return `${key}:lock`;
}

export function buildKey(
  prefix: string,
  credential: Credential,
  operation: Operation,
  regionId: string,
  params: unknown,
): string {
  const hash = createHash('sha256')
    .update(`${credentialScope(credential)}\n${canonicalJson(params)}`)
    .digest('hex');
  return `${prefix}${KEY_VERSION}:${credential.identity}:${operation}:${keySegment(regionId)}:${hash}`;
}

const scopes = new WeakMap<Credential, string>();

/**
 * Who may share cached answers. The identity hashes the AccessKeyId alone, and an AccessKeyId is no secret (it is
 * in every signed request and in logs), so with caller credentials the identity alone would let anyone who knows
 * a tenant's AccessKeyId read that tenant's cached answers with any secret. The scope hashes the AccessKeyId, the
 * secret and the STS token: only a caller with the same signing material shares entries. A one-way hash of a
 * high-entropy secret, never the secret itself.
 */
export function credentialScope(credential: Credential): string {
  let scope = scopes.get(credential);
  if (scope === undefined) {
    scope = createHash('sha256')
      .update(
        [
          'tag-gateway-cache-scope',
          credential.accessKeyId,
          credential.accessKeySecret,
          credential.securityToken ?? '',
        ].join('\0'),
      )
      .digest('hex');
    scopes.set(credential, scope);
  }
  return scope;
}

/** Tag filters are ANDed and keys are unique (validation refuses repeats), so sorting keeps the meaning. */
function canonicalTags(tags: TagFilter[] | undefined): TagFilter[] | undefined {
  if (!tags || tags.length === 0) return undefined;
  return tags
    .map((t) => (t.value === undefined ? { key: t.key } : { key: t.key, value: t.value }))
    .sort(
      (a, b) => compareUtf8(a.key, b.key) || compareUtf8(a.value ?? '', b.value ?? '') || hasValue(a) - hasValue(b),
    );
}

/** Region IDs are validated upstream, but the key is built first: keep the readable segment tame and short. */
function keySegment(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return safe === '' ? '_' : safe;
}

function hasValue(t: TagFilter): number {
  return t.value === undefined ? 0 : 1;
}
