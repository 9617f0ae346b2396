/**
 * What a write invalidates (cache/write-invalidation.ts does it): the generation of each (tenant, region, kind) it
 * touched, and the GraphQL responses that read tag data of those scopes (indexed as `TagScope:<identity>|<region>|
 * <kind>` by the response-cache plugin) or showed a touched resource. Called for every planned call, written, failed
 * or partial: a failed call may have written some resources (a per-resource cloud, an answer lost on the way).
 */
import type { ResponseEntity, WriteScope } from '../../cache/write-invalidation.js';
import type { Credential } from '../../upstream/types.js';
import { readScope } from '../cost/meter.js';
import { encodeGlobalId } from '../ids.js';
import { TYPENAME_OF } from '../types/kinds.js';
import type { ResourceModel } from '../types/resource.js';
import type { WriteContext } from '../context.js';
import { resourceTypeOf } from './plan.js';

/** The response-cache type of read scopes (plugins/response-cache.ts indexes entries under it). */
export const TAG_SCOPE_TYPENAME = 'TagScope';

export async function invalidateWrite(
  writes: WriteContext,
  credential: Credential,
  refs: readonly ResourceModel[],
): Promise<void> {
  const scopes = new Map<string, WriteScope>();
  const entities: ResponseEntity[] = [];
  for (const r of refs) {
    const kind = resourceTypeOf(r.kind);
    const id = readScope(credential.identity, r.regionId, kind);
    if (!scopes.has(id)) {
      scopes.set(id, { identity: credential.identity, regionId: r.regionId, kind });
      entities.push({ typename: TAG_SCOPE_TYPENAME, id });
    }
    const typename = TYPENAME_OF[r.kind];
    entities.push({
      typename: `${writes.typePrefix}${typename}`,
      id: encodeGlobalId(typename, `${r.regionId}/${r.resourceId}`),
    });
  }
  try {
    await writes.invalidator.invalidate([...scopes.values()], entities);
  } catch (err) {
    // The store cannot answer: a read cannot use it either (its key needs the generation), so nothing stale is served.
    writes.logger?.warn({ err: (err as Error).message }, 'tag write: cache invalidation failed');
  }
}
