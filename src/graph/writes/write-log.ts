/** One info line per tag mutation: who, for which tenant, what was written where — never a secret. */
import type { GraphContext } from '../context.js';
import type { RefInput } from './plan.js';

export function logWrite(
  ctx: GraphContext,
  operation: string,
  outcome: string,
  describe: { refs: readonly RefInput[]; keys: readonly string[] },
  payload: { calls: number; failures: ReadonlyArray<{ resourceId: string; code: string }> },
): void {
  const w = ctx.writes;
  if (!w?.logger) return;
  const targets = new Map<string, { regionId: string; kind: string; resourceIds: string[] }>();
  for (const r of describe.refs) {
    const at = `${r.regionId}|${r.kind}`;
    const t = targets.get(at) ?? { regionId: r.regionId, kind: r.kind, resourceIds: [] };
    t.resourceIds.push(r.resourceId);
    targets.set(at, t);
  }
  w.logger.info(
    {
      // The request's correlation ID, as on its request line.
      reqId: ctx.scope?.id,
      caller: w.access.caller,
      tenant: ctx.credential.identity,
      operation,
      outcome,
      targets: [...targets.values()],
      keys: describe.keys,
      calls: payload.calls,
      failures: payload.failures.map((f) => ({ resourceId: f.resourceId, code: f.code })),
    },
    'tag write',
  );
}
