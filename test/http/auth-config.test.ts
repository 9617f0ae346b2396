/** The callers' knobs: half-configured authentication stops the start-up (never a silently open gateway). */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, toAppOptions } from '../../src/config/index.js';

const DIGEST = createHash('sha256').update('some-api-key').digest('hex');
const JWT = {
  AUTH_MODE: 'jwt',
  AUTH_JWKS_URL: 'https://idp.example/jwks.json',
  AUTH_ISSUER: 'https://idp.example/',
  AUTH_AUDIENCE: 'tg',
};
const dir = mkdtempSync(join(tmpdir(), 'tg-auth-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('caller configuration', () => {
  it('is off by default', () => {
    const gateway = toAppOptions(loadConfig({})).gateway;
    expect(gateway.auth).toBeUndefined();
    expect(gateway.rateLimit).toBeUndefined();
  });

  it('maps the knobs, with the default burst from the rate', () => {
    const gateway = toAppOptions(loadConfig({ ...JWT, RATE_LIMIT_RPS: '2.5', CACHE_KEY_PREFIX: 'x:' })).gateway;
    expect(gateway.auth).toMatchObject({
      mode: 'jwt',
      jwt: { jwksUrl: JWT.AUTH_JWKS_URL, issuer: JWT.AUTH_ISSUER, audience: 'tg', cooldownMs: 30_000 },
    });
    expect(gateway.rateLimit).toEqual({ rps: 2.5, burst: 3, trustedProxies: 0, keyPrefix: 'x:' });
  });

  it.each<[string, Record<string, string>, string]>([
    ['keys without the mode', { AUTH_API_KEYS: DIGEST }, 'AUTH_API_KEYS: set AUTH_MODE=api-key too'],
    [
      'a JWKS without the mode',
      { AUTH_JWKS_URL: 'https://idp.example/jwks.json' },
      'AUTH_JWKS_URL: set AUTH_MODE=jwt too',
    ],
    ['api-key without keys', { AUTH_MODE: 'api-key' }, 'AUTH_MODE=api-key needs AUTH_API_KEYS or AUTH_API_KEYS_FILE'],
    [
      'a raw key instead of a digest',
      { AUTH_MODE: 'api-key', AUTH_API_KEYS: 'my-secret-key' },
      'not a SHA-256 hex digest',
    ],
    ['a missing keys file', { AUTH_MODE: 'api-key', AUTH_API_KEYS_FILE: join(dir, 'nope') }, 'does not exist'],
    [
      'jwt without issuer and audience',
      { AUTH_MODE: 'jwt', AUTH_JWKS_URL: JWT.AUTH_JWKS_URL },
      'AUTH_MODE=jwt needs AUTH_ISSUER, AUTH_AUDIENCE',
    ],
    [
      'a plain-http JWKS off loopback',
      { ...JWT, AUTH_JWKS_URL: 'http://idp.example/jwks.json' },
      'AUTH_JWKS_URL must be https',
    ],
    ['a claim without credentials', { ...JWT, AUTH_CREDENTIAL_CLAIM: 'tenant' }, 'must be set together'],
    [
      'a claim with caller credentials',
      { ...JWT, AUTH_CREDENTIAL_CLAIM: 'tenant', ALIBABA_CREDENTIALS_FILE: 'x', CALLER_CREDENTIALS: 'true' },
      'exclude each other',
    ],
    [
      'a credentials file of the wrong shape',
      {
        ...JWT,
        AUTH_CREDENTIAL_CLAIM: 'tenant',
        ALIBABA_CREDENTIALS_FILE: file('bad.json', '{"a":{"accessKeyId":"x"}}'),
      },
      'check: a.accessKeySecret',
    ],
    ['a burst without a rate', { RATE_LIMIT_BURST: '5' }, 'RATE_LIMIT_BURST needs RATE_LIMIT_RPS'],
  ])('refuses %s', (_what, env, message) => {
    expect(problems(env)).toContain(message);
  });

  it('never echoes a raw key pasted instead of a digest', () => {
    const message = problems({ AUTH_MODE: 'api-key', AUTH_API_KEYS: 'my-secret-key' });
    // refused (an empty message would pass the negative check vacuously), saying why, without the value
    expect(message).toMatch(/AUTH_API_KEYS.*not a SHA-256 hex digest/);
    expect(message).not.toContain('my-secret-key');
  });

  it('accepts a keys file with comments and a good credentials file', () => {
    expect(
      problems({
        AUTH_MODE: 'api-key',
        AUTH_API_KEYS_FILE: file('keys.txt', `# ops\n${DIGEST.toUpperCase()}  # bot\n`),
      }),
    ).toBe('');
    const creds = file('creds.json', JSON.stringify({ a: { accessKeyId: 'id-a', accessKeySecret: 'secret-a' } }));
    expect(problems({ ...JWT, AUTH_CREDENTIAL_CLAIM: 'tenant', ALIBABA_CREDENTIALS_FILE: creds })).toBe('');
  });
});
