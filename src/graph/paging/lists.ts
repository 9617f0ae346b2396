/** Glue between resolvers and `resolveConnection`: the cursor scope always includes the caller's tenant. */
import { resolveConnection, type Connection, type ConnectionArgs, type ListSource } from './connection.js';
import type { GraphContext } from '../context.js';

export function listConnection<T>(
  ctx: GraphContext,
  list: string,
  scopeArgs: unknown,
  args: ConnectionArgs,
  source: ListSource<T>,
): Promise<Connection<T>> {
  return resolveConnection(source, args, { list, args: scopeArgs, tenant: ctx.credential.identity }, ctx.paging);
}
