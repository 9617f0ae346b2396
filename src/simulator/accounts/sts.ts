/**
 * STS security tokens: the simulator accepts only tokens it issued (`issue`, through `Simulator.issueSecurityToken`)
 * or was configured with (`SimulatorKey.securityTokens`, `SIMULATOR_SECURITY_TOKENS`), each bound to one
 * AccessKeyId, so a test catches a client that forwards a wrong, stale or foreign token.
 *
 * An issued token is `SIMSTS.<payload>.<mac>`: the payload (base64url JSON `{k: accessKeyId, e: expiry ms}`)
 * HMAC-SHA256-signed with a key of this simulator instance; it expires, a configured one does not. Codes (all
 * HTTP 400; the reference lists the codes, the statuses are its "usual class"): a token that is neither
 * issued nor configured is `InvalidSecurityToken.Malformed`, a token of another key
 * `InvalidSecurityToken.MismatchWithAccessKey`, an issued token past its expiry `InvalidSecurityToken.Expired`.
 * A key with `requireSecurityToken` (a temporary key, as STS keys are) answers `MissingParameter` without one.
 */
import { createHmac } from 'node:crypto';
import { errors } from '../errors.js';
import { signaturesEqual } from '../protocol/signature-rpc.js';
import type { SimulatorKey } from '../types.js';

const PREFIX = 'SIMSTS.';

export class SecurityTokens {
  /** configured token → the AccessKeyId it belongs to */
  private readonly configured = new Map<string, string>();

  constructor(
    private readonly macKey: Buffer,
    keys: readonly SimulatorKey[],
  ) {
    for (const key of keys) for (const token of key.securityTokens ?? []) this.configured.set(token, key.accessKeyId);
  }

  /** Every configured token, to keep them out of the call log. */
  secrets(): string[] {
    return [...this.configured.keys()];
  }

  issue(accessKeyId: string, expiresAtMs: number): string {
    const payload = Buffer.from(JSON.stringify({ k: accessKeyId, e: expiresAtMs })).toString('base64url');
    return `${PREFIX}${payload}.${this.mac(payload)}`;
  }

  /** Throws the cloud's ApiError unless `token` (absent: undefined or '') may sign for `key` at `now`. */
  check(token: string | undefined, key: SimulatorKey, now: number): void {
    if (token === undefined || token === '') {
      if (key.requireSecurityToken) throw errors.missingParameter('SecurityToken');
      return;
    }
    const owner = this.configured.get(token) ?? this.issuedOwner(token, now);
    if (owner !== key.accessKeyId) throw errors.securityTokenMismatch();
  }

  /** The AccessKeyId of a token this simulator issued; throws Malformed (not one) or Expired. */
  private issuedOwner(token: string, now: number): string {
    const parts = token.startsWith(PREFIX) ? token.slice(PREFIX.length).split('.') : [];
    const [payload, mac] = parts;
    if (parts.length !== 2 || !payload || !mac || !signaturesEqual(this.mac(payload), mac))
      throw errors.securityTokenMalformed();
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: string; e: number };
    if (claims.e <= now) throw errors.securityTokenExpired();
    return claims.k;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.macKey).update(payload).digest('base64url');
  }
}
