/**
 * Operators (not any caller) can skip every cache layer for one request: `x-cache-bypass: <CACHE_BYPASS_TOKEN>`.
 * Without a configured token the header does nothing. The comparison is constant-time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const BYPASS_HEADER = 'x-cache-bypass';

export function bypassChecker(token: string | undefined): (headers: Headers) => boolean {
  if (!token) return () => false;
  const expected = digest(token);
  return (headers) => {
    const given = headers.get(BYPASS_HEADER);
    return given !== null && timingSafeEqual(digest(given), expected);
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();
