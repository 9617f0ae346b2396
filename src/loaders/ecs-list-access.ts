/**
 * Whether a tenant's credential may call ECS ListTagResources. A RAM policy may allow ecs:DescribeTags but not
 * ecs:ListTagResources; such a tenant's ECS tags fall back to DescribeTags per resource. The refusal is
 * remembered per tenant for `recheckMs` (so its requests do not each pay a refused call first; a policy that
 * gains the action is used again after that) and logged once per tenant and process, at warn level, with the
 * tenant's non-secret identity only.
 */
import type { UpstreamError } from '../upstream/errors.js';

/** The one logger method used here (pino's `warn(obj, msg)` fits). */
export interface WarnLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

const DEFAULT_RECHECK_MS = 10 * 60_000;
/** Tenants remembered at most (caller credentials can be many); past it the memory starts over. */
const MAX_TENANTS = 10_000;

export class EcsListAccess {
  private readonly deniedUntil = new Map<string, number>();
  private readonly logged = new Set<string>();

  constructor(
    private readonly logger?: WarnLogger,
    private readonly recheckMs = DEFAULT_RECHECK_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the tenant's last ListTagResources call was refused less than `recheckMs` ago. */
  isDenied(identity: string): boolean {
    const until = this.deniedUntil.get(identity);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.deniedUntil.delete(identity);
    return false;
  }

  /** Records a refusal (`err.isForbidden`); the first one of a tenant is logged. */
  deny(identity: string, err: UpstreamError): void {
    if (this.deniedUntil.size >= MAX_TENANTS) this.deniedUntil.clear();
    this.deniedUntil.set(identity, this.now() + this.recheckMs);
    if (this.logged.has(identity)) return;
    if (this.logged.size >= MAX_TENANTS) this.logged.clear();
    this.logged.add(identity);
    this.logger?.warn(
      { tenant: identity, operation: err.operation, code: err.code },
      'ECS ListTagResources refused for this credential (RAM action ecs:ListTagResources missing?): ECS tags fall back to one DescribeTags call per resource',
    );
  }
}
