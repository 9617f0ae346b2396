/**
 * The plan of a taggedResources list, pure: canonical matches, the driving entry, the filters each ECS listing
 * sends and when a listing is the exact answer (no tag sets to load).
 */
import { describe, expect, it } from 'vitest';
import { readTagMatches } from '../../src/graph/search/tag-match.js';
import { readTaggedQuery, segmentsOf } from '../../src/graph/search/tagged-plan.js';

const plan = (
  tags: Array<{ key: string; values?: string[] }>,
  without: Array<{ key: string; values?: string[] }> = [],
  kinds = ['ECS_DISK' as const],
) =>
  segmentsOf(
    readTaggedQuery(
      { regionIds: ['cn-hangzhou'], kinds },
      readTagMatches(tags, 'tags'),
      readTagMatches(without, 'without'),
    ),
  );

describe('taggedResources plan', () => {
  it('matches are canonical: entries by key, values distinct in byte order', () => {
    expect(readTagMatches([{ key: 'team', values: ['web', 'api', 'web'] }, { key: 'env' }], 'tags')).toEqual([
      { key: 'env' },
      { key: 'team', values: ['api', 'web'] },
    ]);
  });

  it('one exact value: one listing, exact', () => {
    expect(plan([{ key: 'env', values: ['prod'] }])).toEqual([
      { kind: 'ECS_DISK', regionId: 'cn-hangzhou', filters: [{ key: 'env', value: 'prod' }], exact: true },
    ]);
  });

  it('the entry with the most values drives: one listing per value, the others sent along', () => {
    const segments = plan([
      { key: 'env', values: ['prod', 'dev'] },
      { key: 'team', values: ['a', 'b', 'c'] },
      { key: 'app' },
    ]);
    expect(segments.map((s) => s.filters)).toEqual(
      ['a', 'b', 'c'].map((value) => [{ key: 'team', value }, { key: 'app' }, { key: 'env' }]),
    );
    // env has two values: the key alone only narrows, each resource is checked on its tags
    expect(segments.every((s) => !s.exact)).toBe(true);
  });

  it('an empty value or `without` makes a listing inexact; ACK clusters are one listing per region', () => {
    expect(plan([{ key: 'env', values: [''] }])[0]).toMatchObject({ filters: [{ key: 'env' }], exact: false });
    expect(plan([{ key: 'env' }], [{ key: 'team' }])[0]!.exact).toBe(false);
    expect(plan([], [{ key: 'env' }], ['ACK_CLUSTER' as never])).toEqual([
      { kind: 'ACK_CLUSTER', regionId: 'cn-hangzhou', filters: [], exact: false },
    ]);
  });

  it('ECS kinds need a tags entry', () => {
    expect(() => plan([], [{ key: 'env' }])).toThrow(/by tag or by ID only/);
  });
});
