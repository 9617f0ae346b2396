/**
 * What a write invalidates (cache/write-invalidation.ts does it): the generation of each (tenant, region, kind) it
 * touched, the responses that showed a touched resource, and the responses of the list and count types a write can
 * change without showing the resource (taggedResources, the catalog, cluster lists). Called for every planned call,
 * written, failed or partial: a failed call may have written some resources (a per-resource cloud, a lost answer).
 */
import type { ResponseEntity, WriteScope } from '../../cache/write-invalidation.js';
import type { Credential } from '../../upstream/types.js';
import { encodeGlobalId } from '../ids.js';
import { TYPENAME_OF } from '../types/kinds.js';
import type { ResourceModel } from '../types/resource.js';
import type { WriteContext } from '../context.js';
import { resourceTypeOf } from './plan.js';

/** Types whose answers list or count resources by tag. */
const LIST_TYPES = [
  'ResourceConnection',
  'ResourceCounts',
  'TagCatalogConnection',
  'TagCatalogEntry',
  'TagKeyConnection',
  'TagKeyFacet',
  'TagValueConnection',
  'TagValueFacet',
];
const CLUSTER_LIST_TYPES = ['AckClusterConnection'];

export async function invalidateWrite(
  writes: WriteContext,
  credential: Credential,
  refs: readonly ResourceModel[],
): Promise<void> {
  const scopes = new Map<string, WriteScope>();
  const entities: ResponseEntity[] = [];
  const p = writes.typePrefix;
  for (const r of refs) {
    const kind = resourceTypeOf(r.kind);
    scopes.set(`${r.regionId}|${kind}`, { identity: credential.identity, regionId: r.regionId, kind });
    const typename = TYPENAME_OF[r.kind];
    entities.push({ typename: `${p}${typename}`, id: encodeGlobalId(typename, `${r.regionId}/${r.resourceId}`) });
  }
  const types = [...LIST_TYPES, ...(refs.some((r) => r.kind === 'ACK_CLUSTER') ? CLUSTER_LIST_TYPES : [])];
  entities.push(...types.map((t) => ({ typename: `${p}${t}` })));
  try {
    await writes.invalidator.invalidate([...scopes.values()], entities);
  } catch (err) {
    // The store cannot answer: a read cannot use it either (its key needs the generation), so nothing stale is served.
    writes.logger?.warn({ err: (err as Error).message }, 'tag write: cache invalidation failed');
  }
}
