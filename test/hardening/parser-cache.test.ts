/**
 * yoga's parse caches are bounded by bytes (src/plugins/parser-cache.ts): distinct large documents and large
 * parse errors stay within the budget, where yoga's count-only default kept them all.
 */
import { parse } from 'graphql';
import { expect, it } from 'vitest';
import { boundedParserCache, PARSE_CACHE_MAX_BYTES } from '../../src/plugins/parser-cache.js';

it('keeps parsed documents and parse errors within the byte budget', () => {
  const { documentCache, errorCache } = boundedParserCache();
  const body = 'b: __typename '.repeat(1_000);
  const parsed = parse(`{ ${body} }`);
  // 100 documents of ~15 KB: ~120 MB as parsed documents, far over the budget (the size is estimated from the text)
  for (let i = 0; i < 100; i++) {
    const text = `{ a${i}: __typename ${body} }`;
    documentCache.set(text, parsed);
    errorCache.set(`${text}{`, new Error('Syntax Error'));
  }
  expect(documentCache.calculatedSize).toBeLessThanOrEqual(PARSE_CACHE_MAX_BYTES);
  expect(errorCache.calculatedSize).toBeLessThanOrEqual(PARSE_CACHE_MAX_BYTES);
  expect(documentCache.size).toBeGreaterThan(0);
  // small documents are still cached as before
  const small = '{ __typename }';
  documentCache.set(small, parse(small));
  expect(documentCache.get(small)).toBeDefined();
});
