/**
 * Refused key pairs, remembered briefly (issue 19, item 6): when the upstream refuses a call's signature
 * (SignatureDoesNotMatch) or key (InvalidAccessKeyId), further calls signed with the same key pair are refused
 * here for REFUSED_KEYS_TTL_S with the same error, without a call. A bad key pair costs one upstream refusal, not
 * one per request: with CALLER_CREDENTIALS a client must not make the gateway sign a stream of refused calls under
 * a tenant's AccessKeyId (the tenant's cloud-side throttling and alarms). Remembered in process, and in Redis
 * when one is configured (every replica learns it). The key is a hash of the pair (credentialScope), never the key.
 */
import { LRUCache } from 'lru-cache';
import { UpstreamError, type ReadOperation as Operation } from '../upstream/errors.js';
import { ECS_LISTING_OPERATION, type CallOptions, type Credential, type TagApi } from '../upstream/types.js';
import { fromCachedError, toCachedError, type CachedError } from './entry.js';
import { credentialScope } from './keys.js';
import type { CacheStore } from './stores/store.js';

/** Upstream codes that say the key pair itself is refused, whatever the request. */
const REFUSED = /^(SignatureDoesNotMatch|InvalidAccessKeyId)/;
/** Key pairs remembered in process at most (each entry is small). */
const MAX_REMEMBERED = 10_000;

export interface RefusedKeysOptions {
  /** REFUSED_KEYS_TTL_S in ms; 0 remembers nothing. */
  ttlMs: number;
  keyPrefix: string;
  /** Redis, when configured: shared by the replicas. */
  shared?: CacheStore;
}

export function guardRefusedKeys(inner: TagApi, o: RefusedKeysOptions): TagApi {
  if (!(o.ttlMs > 0)) return inner;
  const memory = new LRUCache<string, CachedError>({ max: MAX_REMEMBERED, ttl: o.ttlMs });
  const keyOf = (credential: Credential) => `${o.keyPrefix}refused-keys:${credentialScope(credential)}`;

  async function remembered(key: string): Promise<CachedError | undefined> {
    const local = memory.get(key);
    if (local || !o.shared) return local;
    const raw = await o.shared.get(key).catch(() => null);
    try {
      return raw === null ? undefined : (JSON.parse(raw) as CachedError);
    } catch {
      return undefined; // not ours, or corrupt: ask the upstream
    }
  }

  async function remember(key: string, err: UpstreamError): Promise<void> {
    const cached = toCachedError(err);
    memory.set(key, cached);
    await o.shared?.set(key, JSON.stringify(cached), o.ttlMs).catch(() => undefined);
  }

  const guard =
    <Req, Res>(op: Operation, call: (c: Credential, r: Req, options?: CallOptions) => Promise<Res>) =>
    async (credential: Credential, request: Req, options?: CallOptions): Promise<Res> => {
      const key = keyOf(credential);
      const known = await remembered(key);
      if (known) throw fromCachedError(op, known);
      try {
        return await call(credential, request, options);
      } catch (err) {
        if (err instanceof UpstreamError && REFUSED.test(err.code)) await remember(key, err);
        throw err;
      }
    };
  return {
    describeTags: guard('DescribeTags', (c, r, opt) => inner.describeTags(c, r, opt)),
    listTagResources: guard('ListTagResources', (c, r, opt) => inner.listTagResources(c, r, opt)),
    listEcsTagResources: guard('EcsListTagResources', (c, r, opt) => inner.listEcsTagResources(c, r, opt)),
    describeClusters: guard('DescribeClustersV1', (c, r, opt) => inner.describeClusters(c, r, opt)),
    listEcsResources: (c, r, opt) =>
      guard(ECS_LISTING_OPERATION[r.resourceType], (c2, r2: typeof r, o2) => inner.listEcsResources(c2, r2, o2))(
        c,
        r,
        opt,
      ),
  };
}
