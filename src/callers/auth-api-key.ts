/**
 * API keys: sent as `x-api-key: <key>` or `Authorization: Bearer <key>`, configured only as SHA-256 digests (the
 * gateway never holds a key). The presented key is hashed and compared with every configured digest in constant
 * time, without stopping at a match, so the time taken tells nothing about which digest came close.
 */
import { timingSafeEqual } from 'node:crypto';
import { sha256 } from './header-secret.js';
import { callerHash, type Caller } from './caller.js';
import type { ApiKeyEntry } from './auth-files.js';
import type { Credential } from '../upstream/types.js';

export const API_KEY_HEADER = 'x-api-key';

export function bearerToken(headers: Headers): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match?.[1];
}

/**
 * undefined: no key sent; null: a key that matches no digest; else the caller (allowed to write when its entry says
 * `:write`, signing with its entry's tenant's credential when it names one).
 */
export function apiKeyVerifier(
  entries: ApiKeyEntry[],
  credentials: ReadonlyMap<string, Credential> = new Map(),
): (headers: Headers) => Caller | null | undefined {
  const known = entries.map((e) => Buffer.from(e.digest, 'hex'));
  return (headers) => {
    const key = headers.get(API_KEY_HEADER) ?? bearerToken(headers);
    if (!key) return undefined;
    const presented = sha256(key);
    let found = -1;
    known.forEach((digest, i) => {
      if (timingSafeEqual(presented, digest) && found < 0) found = i;
    });
    if (found < 0) return null;
    const entry = entries[found]!;
    const credential = entry.tenant === undefined ? undefined : credentials.get(entry.tenant);
    return {
      id: `key:${callerHash('api-key', entry.digest)}`,
      canWrite: entry.write,
      ...(credential ? { credential } : {}),
    };
  };
}
