/**
 * Entity tags as RFC 9110 §8.8.3 writes them (`"<opaque>"`, or `W/"<opaque>"` for a weak one) and the
 * If-None-Match test of §13.1.2: `*` matches any current representation; otherwise the weak comparison, which
 * ignores the `W/` prefix on either side. Anything that is not a well-formed entity-tag never matches.
 */
import { createHash } from 'node:crypto';

/** A strong tag: the SHA-256 of the parts, quoted. */
export function entityTag(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return `"${hash.digest('hex')}"`;
}

/** The opaque-tags (quotes included, `W/` dropped) listed in an If-None-Match value; `'*'` for the wildcard. */
export function parseIfNoneMatch(value: string): '*' | string[] {
  if (value.trim() === '*') return '*';
  const tags: string[] = [];
  // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, where etagc excludes DQUOTE, controls and space.
  const form = /\s*(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (form.lastIndex < value.length && (match = form.exec(value)) !== null) tags.push(match[1]!);
  return tags;
}

/** Whether If-None-Match `value` matches the representation tagged `etag` (weak comparison). */
export function ifNoneMatchHits(value: string | null, etag: string | undefined): boolean {
  if (value === null || etag === undefined) return false;
  const tags = parseIfNoneMatch(value);
  if (tags === '*') return true;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  return tags.includes(opaque);
}
