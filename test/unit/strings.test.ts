/** The gateway's one string order, length rule and canonical JSON (src/upstream/strings.ts). */
import { describe, expect, it } from 'vitest';
import { canonicalJson, charLength, compareUtf8 } from '../../src/upstream/strings.js';

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareUtf8', () => {
  const samples = [
    '',
    'a',
    'B',
    'ab',
    'a\u0000',
    'é',
    'ｚ',
    '\uE000',
    '\uFFFF',
    '𝒜',
    '😀',
    '𝒜a',
    '項目',
    'z',
    '\uD7FF',
  ];

  it('agrees in sign with the byte order of the UTF-8 encodings for every pair', () => {
    for (const a of samples) {
      for (const b of samples) expect(Math.sign(compareUtf8(a, b)), `${a} vs ${b}`).toBe(Math.sign(utf8Order(a, b)));
    }
  });

  it('puts U+E000..U+FFFF before characters above U+FFFF, unlike JS <', () => {
    expect(compareUtf8('ｚ', '𝒜')).toBeLessThan(0);
    expect('ｚ' < '𝒜').toBe(false);
  });
});

describe('charLength', () => {
  it('counts characters (code points), not UTF-16 units', () => {
    expect(charLength('')).toBe(0);
    expect(charLength('abc')).toBe(3);
    expect(charLength('𝒜'.repeat(128))).toBe(128);
    expect('𝒜'.repeat(128).length).toBe(256);
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every level and drops undefined members; arrays keep their order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"f":1}]},"b":1}',
    );
    expect(canonicalJson([undefined, 'x'])).toBe('[null,"x"]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('sorts keys in UTF-8 order too', () => {
    expect(canonicalJson({ '𝒜': 1, ｚ: 2 })).toBe('{"ｚ":2,"𝒜":1}');
  });
});
