/**
 * Who may write tags, decided per request before execution (the graph refuses with FORBIDDEN before any call):
 * - TAG_WRITES=disabled: nobody.
 * - AUTH_MODE=none: everybody, when TAG_WRITES is enabled (its default: enabled on the embedded simulator or an
 *   UPSTREAM_URL, disabled against the real cloud, so a fresh deployment cannot be written to by accident).
 * - AUTH_MODE=api-key: callers whose key entry is marked `:write` (AUTH_API_KEYS=<digest>:write).
 * - AUTH_MODE=jwt: callers whose token carries the write scope (AUTH_WRITE_SCOPE, default `tags:write`) in `scope`
 *   (space-separated) or `scp` (a list).
 */
import type { WriteAccess } from '../graph/context.js';
import type { AuthMode } from './auth.js';
import { callerOf } from './caller.js';

export interface WritePolicy {
  /** TAG_WRITES, resolved (config/app-options.ts picks the default) */
  enabled: boolean;
  authMode: AuthMode;
}

export function writeAccessFor(policy: WritePolicy): (request: Request) => WriteAccess {
  return (request) => {
    const caller = callerOf(request);
    const id = caller?.id ?? 'anonymous';
    if (!policy.enabled) {
      return { allowed: false, caller: id, reason: 'Tag writes are disabled on this gateway (TAG_WRITES).' };
    }
    if (policy.authMode === 'none' || caller?.canWrite === true) return { allowed: true, caller: id };
    const how =
      policy.authMode === 'jwt' ? 'a token with the write scope' : 'an API key whose entry is marked for writing';
    return { allowed: false, caller: id, reason: `Writing tags needs ${how}.` };
  };
}
