/**
 * Tag matches of `taggedResources`: `{ key, values }` entries. No values: any value of the key; several values:
 * any of them (OR). The `tags` entries are ANDed, a resource carrying any `without` entry is excluded. Input is
 * checked with the same text rules and limits as every other tag argument, and put in one canonical form (entries
 * by key, values deduplicated in byte order), so equal questions page with the same cursors and calls.
 */
import { compareUtf8 } from '../../upstream/strings.js';
import type { Tag } from '../../upstream/types.js';
import { ECS_LIST_TAG_RESOURCES_MAX_TAGS, validateTagFilters } from '../../upstream/operations/validate.js';
import { userInputError } from '../errors.js';

export interface TagMatch {
  key: string;
  /** Absent: any value of the key. Else at least one value, distinct, in byte order. */
  values?: string[];
}

/**
 * Entries per argument: ECS ListTagResources takes at most 20 `Tag.N`, and every `tags` entry is sent as one.
 * Values per entry: each value of the driving entry is one listing (at least one call), so the same bound.
 */
export const MAX_MATCHES = ECS_LIST_TAG_RESOURCES_MAX_TAGS;
export const MAX_MATCH_VALUES = ECS_LIST_TAG_RESOURCES_MAX_TAGS;

type MatchInput = ReadonlyArray<{ key: string; values?: readonly string[] | null }> | null | undefined;

/** Checks one argument (`tags` or `without`) and returns its canonical form; throws InputError naming the culprit. */
export function readTagMatches(input: MatchInput, argument: string): TagMatch[] {
  const list = input ?? [];
  if (list.length > MAX_MATCHES)
    throw userInputError(`At most ${MAX_MATCHES} entries may be given in ${argument}.`, argument);
  const seen = new Set<string>();
  const matches = list.map((entry, i) => {
    if (seen.has(entry.key))
      throw userInputError(
        `Tag key "${entry.key.slice(0, 64)}" is given twice in ${argument}.`,
        `${argument}[${i}].key`,
      );
    seen.add(entry.key);
    return readEntry(entry, `${argument}[${i}]`);
  });
  return matches.sort((a, b) => compareUtf8(a.key, b.key));
}

function readEntry(entry: { key: string; values?: readonly string[] | null }, argument: string): TagMatch {
  checkText({ key: entry.key }, `${argument}.key`);
  if (entry.values === null || entry.values === undefined) return { key: entry.key };
  if (entry.values.length === 0)
    throw userInputError('Give at least one value, or leave values out to match any value.', `${argument}.values`);
  if (entry.values.length > MAX_MATCH_VALUES)
    throw userInputError(`At most ${MAX_MATCH_VALUES} values may be given.`, `${argument}.values`);
  entry.values.forEach((value, j) => checkText({ key: entry.key, value }, `${argument}.values[${j}]`));
  return { key: entry.key, values: [...new Set(entry.values)].sort(compareUtf8) };
}

/** The upstream layer's tag text rules (length, reserved prefixes, no URLs), reported under the client's argument. */
function checkText(filter: { key: string; value?: string }, argument: string): void {
  try {
    validateTagFilters('EcsListTagResources', [filter], 1);
  } catch (err) {
    throw userInputError((err as Error).message, argument);
  }
}

function carries(tags: ReadonlyMap<string, string>, m: TagMatch): boolean {
  const value = tags.get(m.key);
  return value !== undefined && (m.values === undefined || m.values.includes(value));
}

/** True when a resource with these (complete) tags carries every `tags` entry and no `without` entry. */
export function matchesAll(tags: readonly Tag[], wanted: readonly TagMatch[], without: readonly TagMatch[]): boolean {
  const byKey = new Map(tags.map((t) => [t.key, t.value]));
  return wanted.every((m) => carries(byKey, m)) && !without.some((m) => carries(byKey, m));
}
