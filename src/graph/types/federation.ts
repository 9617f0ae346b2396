/**
 * Federation 2 entities: every resource type is an entity, resolvable by its global `id` and by the native
 * `regionId resourceId` pair, so a subgraph that owns ECS instances or ACK clusters can have this one add
 * `tags` (and, to clusters, their DescribeClustersV1 fields). Representations resolve through the same
 * per-request loaders: many entities, the floor of calls. A cluster that does not exist is null with a NOT_FOUND
 * error at its `_entities` index (resolveRef); an `id` of another type is null (no such entity of this type).
 */
import { builder } from '../builder.js';
import { decodeGlobalId, splitResourceId } from '../ids.js';
import { KINDS, TYPENAME_OF } from './kinds.js';
import { checkRef, resolveRef, resourceTypes } from './resource.js';

type Representation = { id: string } | { regionId: string; resourceId: string };

for (const kind of KINDS) {
  builder.asEntity(resourceTypes[kind], {
    key: [
      builder.selection<{ id: string }>('id'),
      builder.selection<{ regionId: string; resourceId: string }>('regionId resourceId'),
    ],
    resolveReference: (rep: Representation, ctx) => {
      if ('id' in rep) {
        const { typename, id } = decodeGlobalId(rep.id);
        const parts = typename === TYPENAME_OF[kind] ? splitResourceId(id) : null;
        return parts ? resolveRef(ctx, checkRef(kind, parts.regionId, parts.resourceId, 'id')) : null;
      }
      return resolveRef(ctx, checkRef(kind, rep.regionId, rep.resourceId, 'representations'));
    },
  });
}
