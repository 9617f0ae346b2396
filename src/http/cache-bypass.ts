/**
 * Operators (not any caller) can skip every cache layer for one request: `x-cache-bypass: <CACHE_BYPASS_TOKEN>`.
 * Without a configured token the header does nothing. The comparison is constant-time.
 */
import { headerSecretCheck } from '../callers/header-secret.js';

export const BYPASS_HEADER = 'x-cache-bypass';

export function bypassChecker(token: string | undefined): (headers: Headers) => boolean {
  return headerSecretCheck(BYPASS_HEADER, token);
}
