/**
 * The gateway's one string order and one length rule, at the lowest layer that needs them; every layer above
 * imports these instead of writing its own (the simulator keeps its own copy: it imports nothing from here).
 *
 * Order: both tag APIs document their answers in byte order of the UTF-8 encodings, which is code point order.
 * JS `<` and `localeCompare` disagree with it: `<` compares UTF-16 code units, so a character above U+FFFF (a
 * surrogate pair, 0xD800…) sorts before U+E000…U+FFFF (e.g. '𝒜' U+1D49C before 'ｚ' U+FF5A), the reverse of
 * byte order. Length: the cloud counts tag keys and values in characters (code points), not UTF-16 units.
 */

/** Compares in UTF-8 byte order (= code point order); a proper prefix sorts first. */
export function compareUtf8(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length || i === b.length) return a.length - b.length;
  // Code points where the strings first differ: a character above U+FFFF (a surrogate pair) is then above every
  // BMP character. Inside a pair whose high halves agree, the low halves compare, which is code point order too.
  return a.codePointAt(i)! - b.codePointAt(i)!;
}

/** How the cloud counts a tag key's or value's length: in characters (code points), not UTF-16 units. */
export function charLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/**
 * JSON with object keys sorted (in UTF-8 order) at every level and undefined members dropped; arrays keep their
 * order (an undefined item is `null`, as in JSON.stringify). Equal values give equal text: cache keys, response
 * cache keys and cursor fingerprints hash it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareUtf8)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
