/**
 * Which credential signs a request's upstream calls: the gateway's own, or, when CALLER_CREDENTIALS is on, the
 * caller's keys from headers (each caller its own tenant in every cache). Keys from headers are never logged.
 */
import { GraphQLError } from 'graphql';
import { makeCredential } from '../upstream/credentials.js';
import type { Credential } from '../upstream/types.js';

export const CREDENTIAL_HEADERS = {
  accessKeyId: 'x-alibaba-cloud-access-key-id',
  accessKeySecret: 'x-alibaba-cloud-access-key-secret',
  securityToken: 'x-alibaba-cloud-security-token',
} as const;

const KEY_FORM = /^[A-Za-z0-9._-]{3,128}$/;

export function credentialResolver(defaultCredential: Credential, allowCallerKeys: boolean) {
  const known = new Map<string, Credential>();
  return (headers: Headers): Credential => {
    const id = headers.get(CREDENTIAL_HEADERS.accessKeyId);
    const secret = headers.get(CREDENTIAL_HEADERS.accessKeySecret);
    if (!id && !secret) return defaultCredential;
    if (!allowCallerKeys) throw unauthenticated('This gateway does not accept caller credentials.');
    if (!id || !secret || !KEY_FORM.test(id) || secret.length < 8 || secret.length > 256) {
      throw unauthenticated(`Send both ${CREDENTIAL_HEADERS.accessKeyId} and ${CREDENTIAL_HEADERS.accessKeySecret}.`);
    }
    const token = headers.get(CREDENTIAL_HEADERS.securityToken) ?? undefined;
    const cacheKey = `${id}\u0000${secret}\u0000${token ?? ''}`;
    let credential = known.get(cacheKey);
    if (!credential) {
      credential = makeCredential(id, secret, token);
      if (known.size > 1_000) known.clear();
      known.set(cacheKey, credential);
    }
    return credential;
  };
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
