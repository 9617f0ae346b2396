/**
 * The response cache's key (issue 18: a hit hashes its document's remembered digest, not the whole document): the
 * same operation, variables and caller give the same id; any one of them different gives another, whatever the
 * order of the variables' keys.
 */
import { describe, expect, it } from 'vitest';
import { responseId } from '../../src/plugins/response-cache.js';

const DOC = 'query Q($first: Int) { tagCatalog(first: $first) { totalCount } }';

describe('responseId', () => {
  it('is stable across calls and across the order of variable keys', () => {
    const a = responseId(DOC, 'Q', { first: 5, after: null }, 'tenant-a');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(responseId(DOC, 'Q', { after: null, first: 5 }, 'tenant-a')).toBe(a);
  });

  it('differs by document, operation name, variables and session', () => {
    const a = responseId(DOC, 'Q', { first: 5 }, 'tenant-a');
    const others = [
      responseId(`${DOC} `, 'Q', { first: 5 }, 'tenant-a'),
      responseId(DOC, null, { first: 5 }, 'tenant-a'),
      responseId(DOC, 'Q', { first: 6 }, 'tenant-a'),
      responseId(DOC, 'Q', { first: 5 }, 'tenant-b'),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
  });

  it('keeps the tenants apart for a document it has not seen before, and for one too large to remember', () => {
    const huge = `${DOC}${' '.repeat(1024 * 1024)}`;
    for (const doc of [`query Fresh { __typename }`, huge]) {
      const a = responseId(doc, undefined, undefined, 'tenant-a');
      expect(responseId(doc, undefined, undefined, 'tenant-b')).not.toBe(a);
      expect(responseId(doc, undefined, undefined, 'tenant-a')).toBe(a);
    }
  });

  it('takes a document that is not a string (a malformed query, refused with 400 later) without throwing', () => {
    const malformed = { not: 'a string' } as unknown as string;
    expect(responseId(malformed, undefined, undefined, 'tenant-a')).toMatch(/^[0-9a-f]{64}$/);
    expect(responseId(malformed, undefined, undefined, 'tenant-b')).not.toBe(
      responseId(malformed, undefined, undefined, 'tenant-a'),
    );
  });
});
