/**
 * Runs a plan's write calls, in parallel (the transport's per-region concurrency and the request's call budget
 * bound them), and turns every refusal into per-resource failures, never a dropped write.
 *
 * Whether the cloud fails a whole call for one bad resource, or writes the others, is undocumented (the simulator
 * does either: faults.tagWriteFailures). Both are handled alike: a call refused for a resource-level reason (not
 * found, tag quota) is split in two and each half retried (tagging is idempotent, so a half already written by a
 * per-resource cloud is written again harmlessly) until the refusing resources stand alone.
 */
import { UpstreamError } from '../../upstream/errors.js';
import type { CallOptions, Credential, TagWriteApi } from '../../upstream/types.js';
import type { PlannedCall, WriteEdit } from './plan.js';

export interface WriteFailure {
  call: PlannedCall;
  resourceId: string;
  code: string;
  message: string;
}

export interface CallsOutcome {
  /** write calls made (each split half counts) */
  calls: number;
  failures: WriteFailure[];
}

/** Refusals about one resource of the call, not the call itself. */
function isPerResource(err: UpstreamError): boolean {
  return (
    err.isNotFound ||
    /^(OperationDenied\.QuotaExceed|InvalidTagCount|InvalidResourceId\.NotSupported|InvalidTag\.Mismatch)$/.test(
      err.code,
    )
  );
}

function failureOf(err: unknown): { code: string; message: string } {
  if (err instanceof UpstreamError) return { code: err.code, message: err.message };
  return { code: 'InternalError', message: 'The write failed unexpectedly.' };
}

export async function runCalls(
  api: TagWriteApi,
  credential: Credential,
  calls: readonly PlannedCall[],
  edit: WriteEdit,
  options: CallOptions,
): Promise<CallsOutcome> {
  const outcome: CallsOutcome = { calls: 0, failures: [] };
  const send = (call: PlannedCall) =>
    'tags' in edit
      ? api.tagResources(credential, { ...call, tags: edit.tags }, options)
      : api.untagResources(credential, { ...call, ...edit }, options);

  const run = async (call: PlannedCall): Promise<void> => {
    outcome.calls++;
    try {
      await send(call);
    } catch (err) {
      if (err instanceof UpstreamError && isPerResource(err) && call.resourceIds.length > 1) {
        const half = Math.ceil(call.resourceIds.length / 2);
        await Promise.all([
          run({ ...call, resourceIds: call.resourceIds.slice(0, half) }),
          run({ ...call, resourceIds: call.resourceIds.slice(half) }),
        ]);
        return;
      }
      const f = failureOf(err);
      for (const resourceId of call.resourceIds) outcome.failures.push({ call, resourceId, ...f });
    }
  };
  await Promise.all(calls.map(run));
  return outcome;
}
