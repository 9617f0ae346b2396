/**
 * System tags: set by the cloud, not by users, so they neither make a resource tagged nor count towards its
 * 20-tag quota here: keys starting with `acs:` (e.g. `acs:autoscaling:scalingGroupId`) or `aliyun` (prefixes
 * users may not use), and `ack.aliyun.com` (ACK marks its clusters and their nodes with it).
 */
import type { Tag } from '../../upstream/types.js';

export const SYSTEM_TAG_PREFIXES = ['acs:', 'aliyun'] as const;
export const SYSTEM_TAG_KEYS = ['ack.aliyun.com'] as const;

export function isSystemTag(key: string): boolean {
  return SYSTEM_TAG_PREFIXES.some((p) => key.startsWith(p)) || (SYSTEM_TAG_KEYS as readonly string[]).includes(key);
}

export function userTags(tags: readonly Tag[]): Tag[] {
  return tags.filter((t) => !isSystemTag(t.key));
}

/** The cloud's tag quota per resource, and the count from which a resource is reported near it. */
export const TAG_QUOTA = 20;
export const NEAR_QUOTA = 18;
