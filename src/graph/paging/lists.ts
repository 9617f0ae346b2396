/** Glue between resolvers and `resolveConnection`: the cursor scope always includes the caller's tenant. */
import {
  arrayConnection,
  readPaging,
  resolveConnection,
  type Connection,
  type ConnectionArgs,
  type ListSource,
} from './connection.js';
import type { GraphContext } from '../context.js';

export function listConnection<T>(
  ctx: GraphContext,
  list: string,
  scopeArgs: unknown,
  args: ConnectionArgs,
  source: ListSource<T>,
): Promise<Connection<T>> {
  return resolveConnection(source, args, scopeOf(ctx, list, scopeArgs), ctx.paging);
}

/**
 * A connection over a whole list one promise brings (a resource's tags from the request's loader): the paging
 * arguments are checked first, so bad ones refuse the field before `load` makes any call; then one `.then` and no
 * async frame per item (see `arrayConnection`).
 */
export function loadedConnection<L, T>(
  ctx: GraphContext,
  list: string,
  scopeArgs: unknown,
  args: ConnectionArgs,
  load: () => Promise<L>,
  items: (loaded: L) => T[],
): Promise<Connection<T>> {
  const paging = readPaging(args, scopeOf(ctx, list, scopeArgs), ctx.paging);
  return load().then((loaded) => arrayConnection(items(loaded), paging, ctx.paging));
}

function scopeOf(ctx: GraphContext, list: string, scopeArgs: unknown) {
  return { list, args: scopeArgs, tenant: ctx.credential.identity };
}
