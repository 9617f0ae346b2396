/**
 * The tag policy (TAG_POLICY_FILE, JSON): the keys every resource must carry and, per key, the values it may take.
 * `tagHygiene`'s arguments override its required keys; `Resource.compliance` answers from it.
 *
 *   { "requiredKeys": ["env", "team"], "allowedValues": { "env": ["prod", "staging", "dev", "test"] } }
 */
import { z } from 'zod';
import type { Tag } from '../../upstream/types.js';

export interface TagPolicy {
  requiredKeys: string[];
  /** Per key, the values it may take; a key not listed may take any value. */
  allowedValues: Record<string, string[]>;
}

const key = z.string().min(1).max(128);
export const tagPolicySchema = z
  .object({
    requiredKeys: z.array(key).max(20).default([]),
    allowedValues: z.record(key, z.array(z.string().max(128)).min(1).max(1_000)).default({}),
  })
  .strict();

export const EMPTY_POLICY: TagPolicy = { requiredKeys: [], allowedValues: {} };

export interface Compliance {
  compliant: boolean;
  missingKeys: string[];
  disallowedValues: Tag[];
}

/** What a resource with these tags lacks, and which of its values the policy does not allow. */
export function complianceOf(tags: readonly Tag[], policy: TagPolicy): Compliance {
  const byKey = new Map(tags.map((t) => [t.key, t.value]));
  const missingKeys = policy.requiredKeys.filter((k) => !byKey.has(k));
  const disallowedValues = tags.filter((t) => {
    const allowed = policy.allowedValues[t.key];
    return allowed !== undefined && !allowed.includes(t.value);
  });
  return { compliant: missingKeys.length === 0 && disallowedValues.length === 0, missingKeys, disallowedValues };
}
