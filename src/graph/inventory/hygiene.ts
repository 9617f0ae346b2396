/**
 * A tag-hygiene report in one pass: every listing of the scope (kinds × regions) is read page by page, segments in
 * parallel, and each page is folded into counts before the next is read, so memory holds the counts (per distinct
 * key and value), never the resources. The findings' `resources` lists re-read the pages afterwards (from the
 * upstream cache), each with the filter that names its resources (`findingFilter`), and only the pages the pass saw
 * holding them (`pagesOf`; not for value spellings, which may be as many as the resources).
 *
 * Variants: two spellings are variants when they are equal but for letter case and surrounding spaces
 * (`Env` / `env`, `prod` / ` prod`); keys of user tags only. Near quota: 18 or more user tags of the 20 allowed.
 */
import { compareUtf8 } from '../../upstream/strings.js';
import type { Tag } from '../../upstream/types.js';
import type { GraphContext } from '../context.js';
import type { InventorySegment, TagFilterFn } from './inventory-query.js';
import { eachSegment, segmentRows, type PageMap } from './inventory-stream.js';
import type { TagPolicy } from './policy.js';
import { NEAR_QUOTA, userTags } from './system-tags.js';

export interface HygieneScope {
  regionIds: string[];
  kinds: string[];
  segments: InventorySegment[];
  policy: TagPolicy;
}

/** What a finding's resources are: the filter and the key of its cursors. */
export type Finding =
  | { type: 'untagged' }
  | { type: 'nearQuota' }
  | { type: 'missingKey'; key: string }
  | { type: 'keySpelling'; text: string }
  | { type: 'value'; key: string; value: string };

export interface Counts {
  resourceCount: number;
  untagged: number;
  nearQuota: number;
  /** per required key, resources lacking it */
  missing: Map<string, number>;
  /** per normalized key, per spelling, resources */
  keys: Map<string, Map<string, number>>;
  /** per key, per normalized value, per spelling, resources */
  values: Map<string, Map<string, Map<string, number>>>;
  /**
   * Per finding (but values: they can be as many as the resources), the pages holding its resources, as
   * `segment/page`; and each segment's last page. A finding's list then reads only those pages.
   */
  pages: Map<string, Set<string>>;
  lastPage: number[];
}

/** The key of a finding in `Counts.pages`; none for values. */
function pagesKey(f: Finding): string | undefined {
  switch (f.type) {
    case 'untagged':
    case 'nearQuota':
      return f.type;
    case 'missingKey':
      return `missingKey:${f.key}`;
    case 'keySpelling':
      return `keySpelling:${f.text}`;
    case 'value':
      return undefined;
  }
}

/** The pages the report's pass saw holding a finding's resources, when it recorded them. */
export function pagesOf(counts: Counts, f: Finding): PageMap | undefined {
  const key = pagesKey(f);
  if (key === undefined) return undefined;
  const held = counts.pages.get(key) ?? new Set<string>();
  return { holds: (s, page) => held.has(`${s}/${page}`), last: (s) => counts.lastPage[s] ?? 0 };
}

export const normalize = (text: string): string => text.trim().toLowerCase();

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
const child = <K, V>(m: Map<K, V>, k: K, make: () => V): V => {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
};

function fold(counts: Counts, tags: readonly Tag[], requiredKeys: readonly string[], at: string): void {
  const own = userTags(tags);
  const mark = (finding: string) => child(counts.pages, finding, () => new Set<string>()).add(at);
  counts.resourceCount++;
  if (own.length === 0) {
    counts.untagged++;
    mark('untagged');
  }
  if (own.length >= NEAR_QUOTA) {
    counts.nearQuota++;
    mark('nearQuota');
  }
  for (const key of requiredKeys) {
    if (tags.some((t) => t.key === key)) continue;
    bump(counts.missing, key);
    mark(`missingKey:${key}`);
  }
  for (const t of own) {
    mark(`keySpelling:${t.key}`);
    bump(
      child(counts.keys, normalize(t.key), () => new Map<string, number>()),
      t.key,
    );
    const byNorm = child(counts.values, t.key, () => new Map<string, Map<string, number>>());
    bump(
      child(byNorm, normalize(t.value), () => new Map<string, number>()),
      t.value,
    );
  }
}

/** Reads every listing of the scope once, folding each page as it comes. */
export async function countScope(ctx: GraphContext, scope: HygieneScope): Promise<Counts> {
  const counts: Counts = {
    resourceCount: 0,
    untagged: 0,
    nearQuota: 0,
    missing: new Map(scope.policy.requiredKeys.map((k) => [k, 0])),
    keys: new Map(),
    values: new Map(),
    pages: new Map(),
    lastPage: scope.segments.map(() => 0),
  };
  await eachSegment(scope.segments, async (seg, s, stop) => {
    for await (const { row, page } of segmentRows(ctx, seg, undefined, { stop })) {
      counts.lastPage[s] = page;
      fold(counts, row.tags, scope.policy.requiredKeys, `${s}/${page}`);
    }
  });
  return counts;
}

export function findingFilter(f: Finding): TagFilterFn {
  switch (f.type) {
    case 'untagged':
      return (tags) => userTags(tags).length === 0;
    case 'nearQuota':
      return (tags) => userTags(tags).length >= NEAR_QUOTA;
    case 'missingKey':
      return (tags) => !tags.some((t) => t.key === f.key);
    case 'keySpelling':
      return (tags) => userTags(tags).some((t) => t.key === f.text);
    case 'value':
      return (tags) => tags.some((t) => t.key === f.key && t.value === f.value);
  }
}

export interface SpellingModel {
  text: string;
  resourceCount: number;
  finding: Finding;
}

export interface VariantModel {
  key: string | null;
  spellings: SpellingModel[];
}

const spellingsOf = (m: Map<string, number>, finding: (text: string) => Finding): SpellingModel[] =>
  [...m]
    .sort(([a], [b]) => compareUtf8(a, b))
    .map(([text, resourceCount]) => ({ text, resourceCount, finding: finding(text) }));

/** Keys spelled more than one way, by normalized key. */
export function keyVariants(counts: Counts): VariantModel[] {
  return [...counts.keys]
    .filter(([, spellings]) => spellings.size > 1)
    .sort(([a], [b]) => compareUtf8(a, b))
    .map(([, spellings]) => ({
      key: null,
      spellings: spellingsOf(spellings, (text) => ({ type: 'keySpelling', text })),
    }));
}

/** Per key, values spelled more than one way. */
export function valueVariants(counts: Counts): VariantModel[] {
  return [...counts.values]
    .sort(([a], [b]) => compareUtf8(a, b))
    .flatMap(([key, byNorm]) =>
      [...byNorm]
        .filter(([, spellings]) => spellings.size > 1)
        .sort(([a], [b]) => compareUtf8(a, b))
        .map(([, spellings]) => ({
          key,
          spellings: spellingsOf(spellings, (value) => ({ type: 'value', key, value })),
        })),
    );
}

export interface DisallowedModel {
  key: string;
  value: string;
  resourceCount: number;
}

/** Values the policy does not allow, by key then value. */
export function disallowedValues(counts: Counts, policy: TagPolicy): DisallowedModel[] {
  return Object.keys(policy.allowedValues)
    .sort(compareUtf8)
    .flatMap((key) => {
      const allowed = policy.allowedValues[key]!;
      const seen = [...(counts.values.get(key)?.values() ?? [])].flatMap((m) => [...m]);
      return seen
        .filter(([value]) => !allowed.includes(value))
        .sort(([a], [b]) => compareUtf8(a, b))
        .map(([value, resourceCount]) => ({ key, value, resourceCount }));
    });
}
