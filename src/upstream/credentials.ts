import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { Credential } from './types.js';

/**
 * Builds a Credential with its stable, non-secret identity: a truncated SHA-256 of the AccessKeyId, so cache
 * keys and logs can tell tenants apart without ever holding the key in clear. Serialising or inspecting the
 * object (a stray log line, JSON.stringify) shows the identity only.
 */
export function makeCredential(accessKeyId: string, accessKeySecret: string, securityToken?: string): Credential {
  const identity = createHash('sha256').update(`alibaba-ak:${accessKeyId}`).digest('hex').slice(0, 24);
  const credential: Credential = securityToken
    ? { accessKeyId, accessKeySecret, securityToken, identity }
    : { accessKeyId, accessKeySecret, identity };
  const redacted = () => ({ identity });
  Object.defineProperty(credential, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(credential, inspect.custom, { value: () => `Credential(${identity})`, enumerable: false });
  return credential;
}
