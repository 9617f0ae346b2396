/**
 * Entries are validated once when they enter the process (src/cache/decoded-entries.ts): the same raw text is
 * decoded once, any other text is validated again, and what is shared between reads cannot be mutated.
 */
import { describe, expect, it } from 'vitest';
import { DecodedEntries } from '../../src/cache/decoded-entries.js';
import { encodeEntry, type Entry } from '../../src/cache/entry.js';

const key = 'tg:test:DescribeTags:1';
const entry: Entry<'DescribeTags'> = {
  v: 1,
  key,
  op: 'DescribeTags',
  fetchedAt: 1_000,
  expiresAt: 61_000,
  kind: 'value',
  value: {
    tags: [{ key: 'env', value: 'prod', resourceTypeCounts: { instance: 2 } }],
    totalCount: 1,
    pageNumber: 1,
    pageSize: 100,
    requestId: 'r1',
  },
};

describe('DecodedEntries', () => {
  it('decodes a raw text once: the same text (even an equal copy, as Redis returns) gives the same object', () => {
    const decoded = new DecodedEntries();
    const raw = encodeEntry(entry);
    const first = decoded.decode(raw, key, 'DescribeTags');
    expect(first).toEqual(entry);
    expect(decoded.decode(raw, key, 'DescribeTags')).toBe(first);
    expect(decoded.decode(`${raw} `.trimEnd(), key, 'DescribeTags')).toBe(first);
  });

  it('validates any other text again: a rewritten entry is new, a corrupt or foreign one is refused', () => {
    const decoded = new DecodedEntries();
    const first = decoded.decode(encodeEntry(entry), key, 'DescribeTags');
    const rewritten = decoded.decode(encodeEntry({ ...entry, fetchedAt: 2_000 }), key, 'DescribeTags');
    expect(rewritten).not.toBe(first);
    expect(rewritten?.fetchedAt).toBe(2_000);
    expect(decoded.decode('{"v":1', key, 'DescribeTags')).toBeNull();
    expect(decoded.decode(encodeEntry(entry), 'tg:other', 'DescribeTags')).toBeNull();
    expect(decoded.decode(encodeEntry(entry), key, 'DescribeClustersV1')).toBeNull();
    expect(
      decoded.decode(
        encodeEntry({ ...entry, value: { ...entry.value, totalCount: 'x' } } as never),
        key,
        'DescribeTags',
      ),
    ).toBeNull();
  });

  it('shares deep-frozen entries: a caller cannot change what later reads get', () => {
    const decoded = new DecodedEntries();
    const got = decoded.decode(encodeEntry(entry), key, 'DescribeTags');
    if (got?.kind !== 'value') throw new Error('expected a value entry');
    expect(() => got.value.tags.push({ key: 'x', value: 'y', resourceTypeCounts: {} })).toThrow(TypeError);
    expect(() => {
      (got.value.tags[0] as { key: string }).key = 'changed';
    }).toThrow(TypeError);
    expect(decoded.decode(encodeEntry(entry), key, 'DescribeTags')).toEqual(entry);
  });

  it('is bounded by count', () => {
    const decoded = new DecodedEntries({ maxEntries: 2 });
    for (const i of [1, 2, 3]) decoded.decode(encodeEntry({ ...entry, key: `k${i}` }), `k${i}`, 'DescribeTags');
    expect(decoded.size).toBe(2);
  });
});
