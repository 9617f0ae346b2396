/** `Resource.tagsVersion`: an opaque digest of a resource's tag set (order-free), compared by `ifTagsVersion`. */
import { createHash } from 'node:crypto';
import { canonicalJson, compareUtf8 } from '../../upstream/strings.js';
import type { Tag } from '../../upstream/types.js';

export function tagsVersion(tags: readonly Tag[]): string {
  const pairs = tags.map((t) => [t.key, t.value]).sort((a, b) => compareUtf8(a[0]!, b[0]!));
  return createHash('sha256').update(canonicalJson(pairs)).digest('base64url').slice(0, 22);
}
