/**
 * The files behind authentication: API-key entries (AUTH_API_KEYS_FILE, one a line, `#` comments; the same form
 * as AUTH_API_KEYS: a SHA-256 hex digest, then optionally `:write` (may write tags) and `:tenant=<name>` (signs with
 * that tenant's credential from ALIBABA_CREDENTIALS_FILE), e.g. `<digest>:write:tenant=acme`) and the tenants' Alibaba credentials (ALIBABA_CREDENTIALS_FILE, a JSON map tenant → keys). Read once
 * at start-up; config/load.ts's cross-checks call the same readers, so a bad file stops the process with its reason.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { makeCredential } from '../upstream/credentials.js';
import type { Credential } from '../upstream/types.js';

const DIGEST = /^[0-9a-f]{64}$/;

export interface ApiKeyEntry {
  digest: string;
  /** `:write`: the key may write tags */
  write: boolean;
  /** `:tenant=<name>`: the key signs with this tenant's credential (ALIBABA_CREDENTIALS_FILE) */
  tenant?: string;
}

const OPTION = /^(write|tenant=[^:\s]+)$/;

/** Entries from AUTH_API_KEYS (comma-separated) and the file; throws on an entry that is not of the form above. */
export function apiKeyEntries(list: string, file?: string): ApiKeyEntry[] {
  const fromList = list.split(',');
  const fromFile = file
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.replace(/#.*/, ''))
    : [];
  const raw = [...fromList, ...fromFile].map((d) => d.trim()).filter(Boolean);
  const parts = raw.map((entry) => entry.split(':'));
  const bad = parts.filter(
    ([digest = '', ...options]) => !DIGEST.test(digest.toLowerCase()) || !options.every((o) => OPTION.test(o)),
  );
  // Never echo the bad entry: it may be a raw key pasted by mistake.
  if (bad.length > 0)
    throw new Error(
      `${bad.length} API key entr${bad.length === 1 ? 'y is' : 'ies are'} not a SHA-256 hex digest (64 hex characters) with optional :write and :tenant=<name>`,
    );
  const byDigest = new Map<string, ApiKeyEntry>();
  for (const [digest = '', ...options] of parts) {
    const tenant = options.find((o) => o.startsWith('tenant='))?.slice('tenant='.length);
    const entry: ApiKeyEntry = {
      digest: digest.toLowerCase(),
      write: options.includes('write'),
      ...(tenant ? { tenant } : {}),
    };
    byDigest.set(entry.digest, entry);
  }
  return [...byDigest.values()];
}

/** The digests alone (the configuration check). */
export function apiKeyDigests(list: string, file?: string): string[] {
  return apiKeyEntries(list, file).map((e) => e.digest);
}

const tenantFile = z.record(
  z.string().min(1),
  z
    .object({
      accessKeyId: z.string().min(1),
      accessKeySecret: z.string().min(1),
      securityToken: z.string().min(1).optional(),
    })
    .strict(),
);

/** Tenant → credential from ALIBABA_CREDENTIALS_FILE; throws with the reason (never a secret) when it is unusable. */
export function tenantCredentials(file: string): Map<string, Credential> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof SyntaxError ? 'not JSON' : (err as Error).message}`);
  }
  const parsed = tenantFile.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new Error(
      `${file} must map tenant names to {accessKeyId, accessKeySecret, securityToken?} (check: ${where})`,
    );
  }
  const entries = Object.entries(parsed.data);
  if (entries.length === 0) throw new Error(`${file} names no tenant`);
  return new Map(
    entries.map(([tenant, k]) => [tenant, makeCredential(k.accessKeyId, k.accessKeySecret, k.securityToken)]),
  );
}
