/** TAG_POLICY_FILE: read and checked once at start-up; a bad file stops the gateway with a message naming it. */
import { readFileSync } from 'node:fs';
import { tagPolicySchema, type TagPolicy } from '../graph/inventory/policy.js';

export function readTagPolicyFile(path: string): TagPolicy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`TAG_POLICY_FILE: cannot read ${path} as JSON: ${(e as Error).message}`);
  }
  const parsed = tagPolicySchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`TAG_POLICY_FILE: ${path} is not a tag policy: ${issues.join('; ')}`);
  }
  return parsed.data;
}
