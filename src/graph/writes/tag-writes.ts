/**
 * The three tag mutations' logic: permission first (FORBIDDEN, no call), then the plan (BAD_USER_INPUT, no call),
 * then the calls, the invalidation of both cache layers, and the live read-back the payload shows.
 */
import { traceTagWrite } from '../../observability/spans.js';
import type { CallOptions, Tag } from '../../upstream/types.js';
import type { GraphContext, WriteContext } from '../context.js';
import { ConflictError, ForbiddenError, userInputError } from '../errors.js';
import type { ResourceModel } from '../types/resource.js';
import { invalidateWrite } from './invalidate.js';
import { readLiveTags, refKey } from './live-tags.js';
import { checkCalls, groupCalls, planWrite, readRefs, untagEdit, type RefInput, type WriteEdit } from './plan.js';
import { runCalls, type WriteFailure } from './run-calls.js';
import { logWrite } from './write-log.js';
import { tagsVersion } from './tags-version.js';

export interface TagWriteFailureModel {
  kind: ResourceModel['kind'];
  regionId: string;
  resourceId: string;
  code: string;
  message: string;
}

export interface TagWritePayloadModel {
  resources: ResourceModel[];
  failures: TagWriteFailureModel[];
  calls: number;
  dryRun: boolean;
}

type Operation = 'tagResources' | 'untagResources' | 'setResourceTags';

function writer(ctx: GraphContext): WriteContext {
  const w = ctx.writes;
  if (!w) throw new ForbiddenError('This gateway takes no tag writes.');
  if (!w.access.allowed) throw new ForbiddenError(w.access.reason ?? 'This caller may not write tags.');
  return w;
}

const callOptions = (ctx: GraphContext): CallOptions => ({
  meter: ctx.meter,
  ...(ctx.signal ? { signal: ctx.signal } : {}),
  ...(ctx.scope ? { scope: ctx.scope } : {}),
});

/** Runs `edits` in order, invalidates, reads back the resources that did not fail. */
async function write(
  ctx: GraphContext,
  w: WriteContext,
  refs: ResourceModel[],
  edits: WriteEdit[],
): Promise<Omit<TagWritePayloadModel, 'dryRun'>> {
  let calls = 0;
  const failures: WriteFailure[] = [];
  try {
    for (const edit of edits) {
      const failed = new Set(failures.map((f) => `${f.call.kind}|${f.call.regionId}|${f.resourceId}`));
      const outcome = await runCalls(
        w.api,
        ctx.credential,
        groupCalls(refs.filter((r) => !failed.has(refKey(r)))),
        edit,
        callOptions(ctx),
      );
      calls += outcome.calls;
      failures.push(...outcome.failures);
    }
  } finally {
    await invalidateWrite(w, ctx.credential, refs);
  }
  const failed = new Set(failures.map((f) => `${f.call.kind}|${f.call.regionId}|${f.resourceId}`));
  const written = refs.filter((r) => !failed.has(refKey(r)));
  const live = written.length > 0 ? await readLiveTags(w.api, ctx.credential, written, callOptions(ctx)) : new Map();
  return {
    resources: written.map((r) => ({ ...r, liveTags: live.get(refKey(r)) ?? [] })),
    failures: failures.map((f) => ({
      kind: f.call.kind,
      regionId: f.call.regionId,
      resourceId: f.resourceId,
      code: f.code,
      message: f.message,
    })),
    calls,
  };
}

function outcomeOf(p: TagWritePayloadModel): string {
  if (p.dryRun) return 'dry_run';
  if (p.failures.length === 0) return 'ok';
  return p.resources.length > 0 ? 'partial' : 'failed';
}

/** Permission, the write itself, and its one log line, metric and span. */
function mutation(
  ctx: GraphContext,
  operation: Operation,
  run: (w: WriteContext) => Promise<TagWritePayloadModel>,
  describe: { refs: readonly RefInput[]; keys: readonly string[] },
): Promise<TagWritePayloadModel> {
  return traceTagWrite(operation, async (outcome) => {
    let result = 'error';
    let payload: TagWritePayloadModel | undefined;
    try {
      payload = await run(writer(ctx));
      result = outcomeOf(payload);
      return payload;
    } catch (err) {
      result = err instanceof ForbiddenError ? 'forbidden' : err instanceof ConflictError ? 'conflict' : 'refused';
      throw err;
    } finally {
      outcome(result);
      ctx.writes?.onWrite?.(operation, result);
      logWrite(ctx, operation, result, describe, payload ?? { calls: 0, failures: [] });
    }
  });
}

export interface TagResourcesInput {
  refs: RefInput[];
  tags: Tag[];
  dryRun?: boolean | null;
}

export function tagResources(ctx: GraphContext, input: TagResourcesInput): Promise<TagWritePayloadModel> {
  const describe = { refs: input.refs, keys: input.tags.map((t) => t.key) };
  return mutation(
    ctx,
    'tagResources',
    async (w) => {
      const plan = planWrite(input.refs, { tags: input.tags }, ctx.maxRefs);
      if (input.dryRun) return { resources: plan.refs, failures: [], calls: plan.calls.length, dryRun: true };
      return { ...(await write(ctx, w, plan.refs, [plan.edit])), dryRun: false };
    },
    describe,
  );
}

export interface UntagResourcesInput {
  refs: RefInput[];
  keys?: string[] | null;
  all?: boolean | null;
  dryRun?: boolean | null;
}

export function untagResources(ctx: GraphContext, input: UntagResourcesInput): Promise<TagWritePayloadModel> {
  const describe = { refs: input.refs, keys: input.keys ?? [] };
  return mutation(
    ctx,
    'untagResources',
    async (w) => {
      const plan = planWrite(input.refs, untagEdit(input.keys, input.all), ctx.maxRefs);
      if (input.dryRun) return { resources: plan.refs, failures: [], calls: plan.calls.length, dryRun: true };
      return { ...(await write(ctx, w, plan.refs, [plan.edit])), dryRun: false };
    },
    describe,
  );
}

export interface SetResourceTagsInput {
  ref: RefInput;
  tags: Tag[];
  ifTagsVersion?: string | null;
}

/** The untag and tag edits that turn `current` into exactly `wanted`. */
export function diffTags(current: readonly Tag[], wanted: readonly Tag[]): WriteEdit[] {
  const want = new Map(wanted.map((t) => [t.key, t.value]));
  const have = new Map(current.map((t) => [t.key, t.value]));
  const remove = [...have.keys()].filter((k) => !want.has(k));
  const set = wanted.filter((t) => have.get(t.key) !== t.value);
  return [...(remove.length > 0 ? [{ keys: remove }] : []), ...(set.length > 0 ? [{ tags: set }] : [])];
}

export function setResourceTags(ctx: GraphContext, input: SetResourceTagsInput): Promise<TagWritePayloadModel> {
  const describe = { refs: [input.ref], keys: input.tags.map((t) => t.key) };
  return mutation(
    ctx,
    'setResourceTags',
    async (w) => {
      const refs = readRefs([input.ref], 1);
      const keys = new Set(input.tags.map((t) => t.key));
      if (keys.size !== input.tags.length) throw userInputError('A tag key is given twice.', 'tags');
      if (input.tags.length > 0) checkCalls(groupCalls(refs), { tags: input.tags });
      const current = (await readLiveTags(w.api, ctx.credential, refs, callOptions(ctx))).get(refKey(refs[0]!)) ?? [];
      if (input.ifTagsVersion != null && input.ifTagsVersion !== tagsVersion(current)) {
        throw new ConflictError('The resource’s tags changed since that version was read: read them again.');
      }
      const edits = diffTags(current, input.tags);
      if (edits.length === 0)
        return { resources: [{ ...refs[0]!, liveTags: current }], failures: [], calls: 0, dryRun: false };
      return { ...(await write(ctx, w, refs, edits)), dryRun: false };
    },
    describe,
  );
}
