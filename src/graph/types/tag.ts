/** `Tag`, the tag filter input, and the connection of a resource's tags. */
import type { Tag, TagFilter } from '../../upstream/types.js';
import { charLength } from '../../upstream/strings.js';
import { LIMITS, validateTagFilters } from '../../upstream/operations/validate.js';
import { builder } from '../builder.js';
import { userInputError } from '../errors.js';

export const TagType = builder.objectRef<Tag>('Tag').implement({
  description: 'A tag: a key and its value on one resource.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key, 1 to 128 characters.' }),
    value: t.exposeString('value', { description: 'The tag value, 0 to 128 characters (may be empty).' }),
  }),
});

export const TagFilterInput = builder.inputType('TagFilterInput', {
  description: 'Matches resources that carry `key`; with `value`, only that value. Several filters are ANDed.',
  fields: (t) => ({
    key: t.string({ required: true, description: 'The tag key to match.' }),
    value: t.string({ description: 'The value to match; omit it to match every value of the key.' }),
  }),
});

/** Normalises GraphQL filter input and checks it against the upstream's limits, before any call. */
export function readFilters(
  input: ReadonlyArray<{ key: string; value?: string | null }> | null | undefined,
  max: number,
): TagFilter[] {
  const filters = (input ?? []).map((f) =>
    f.value === null || f.value === undefined ? { key: f.key } : { key: f.key, value: f.value },
  );
  validateTagFilters('DescribeTags', filters, max);
  return filters;
}

/** Keys to keep from a resource's tags: no more than a resource can carry, each as long as a filter's key may be. */
export function readKeys(keys: readonly string[] | null | undefined): string[] | undefined {
  if (!keys) return undefined;
  const max = LIMITS.tagsPerResource;
  if (keys.length > max) throw userInputError(`At most ${max} keys may be given.`, 'keys');
  for (const key of keys) {
    const length = charLength(key);
    if (length < 1 || length > LIMITS.tagKeyMax)
      throw userInputError(`Each key must be 1 to ${LIMITS.tagKeyMax} characters long.`, 'keys');
  }
  return [...keys];
}
