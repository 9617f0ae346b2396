/**
 * The Relay connection of `taggedResources` (and of the catalog's `resources` edges): a stream connection
 * (paging/stream-connection.ts) over the segments of the plan (tagged-plan.ts), walked by tagged-stream.ts.
 * Forward paging is lazy; `last`/`before` and `totalCount` read every page of every segment, segments in parallel.
 */
import type { ConnectionArgs } from '../paging/connection.js';
import { streamConnection, type StreamConnection } from '../paging/stream-connection.js';
import type { GraphContext } from '../context.js';
import { segmentsOf, type TaggedQuery } from './tagged-plan.js';
import { enumerateAll, walkForward } from './tagged-stream.js';
import { isEcsKind } from '../types/kinds.js';
import type { ResourceModel } from '../types/resource.js';

export type TaggedConnection = StreamConnection<ResourceModel>;

/**
 * One page of the list `q` names. `list` and `scopeArgs` scope the cursors (with the caller's tenant): a cursor
 * from another list, other arguments or another tenant is refused before any call.
 */
export function taggedConnection(
  ctx: GraphContext,
  list: string,
  scopeArgs: unknown,
  args: ConnectionArgs,
  q: TaggedQuery,
): Promise<TaggedConnection> {
  const segments = segmentsOf(q);
  return streamConnection(ctx.paging, { list, args: scopeArgs, tenant: ctx.credential.identity }, args, {
    // ECS tokens are the cloud's own; cluster pages are numbered.
    validAt: (s, t) => {
      const seg = segments[s];
      return seg !== undefined && (isEcsKind(seg.kind) || /^(|[1-9]\d{0,8})$/.test(t));
    },
    forward: (after, demand) => walkForward(ctx, q, segments, after, demand),
    all: () => enumerateAll(ctx, q, segments),
  });
}
