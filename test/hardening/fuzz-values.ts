/**
 * Values for the fuzz: plausible ones drawn from the simulator's inventory (so some generated queries really
 * execute and reach the upstream) and hostile ones (huge and negative numbers, long strings, unicode above
 * U+FFFF and lone surrogates, `__proto__` / `constructor` keys, nulls, wrong types, deep nesting, bad cursors
 * and IDs). Generated strings never contain what the suite looks for in answers (stack frames, secrets), so a
 * finding is always the gateway's own text.
 */
import fc from 'fast-check';
import type { InventoryFile } from '../../src/simulator/index.js';
import { KIND_OF_TYPE, TYPENAME_OF_TYPE } from '../graph/helpers.js';
import { FORBIDDEN_GLOBAL } from './support.js';

/** What the inventory and a few real answers offer: the plausible values. */
export interface Pools {
  regions: string[];
  ecsRefs: Array<{ kind: string; regionId: string; resourceId: string }>;
  clusterIds: string[];
  tagKeys: string[];
  tagValues: string[];
  globalIds: string[];
  /** Real cursors of several lists (filled after start-up). */
  cursors: string[];
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

export function poolsOf(inv: InventoryFile): Pools {
  const sample = inv.resources.filter((_, i) => i % 17 === 0);
  return {
    regions: inv.regions,
    ecsRefs: sample
      .filter((r) => r.type !== 'cluster')
      .map((r) => ({ kind: KIND_OF_TYPE[r.type], regionId: r.regionId, resourceId: r.resourceId })),
    clusterIds: inv.resources
      .filter((r) => r.type === 'cluster')
      .slice(0, 40)
      .map((r) => r.resourceId),
    tagKeys: [...new Set(inv.resources.flatMap((r) => r.tags.map((t) => t.key)))].slice(0, 40),
    tagValues: [...new Set(inv.resources.flatMap((r) => r.tags.map((t) => t.value)))].slice(0, 40),
    globalIds: sample.map((r) => b64(`${TYPENAME_OF_TYPE[r.type]}:${r.regionId}/${r.resourceId}`)),
    cursors: [],
  };
}

/** Removes anything the response checks look for, so only the gateway can put it there. */
const clean = (s: string): string => s.replace(FORBIDDEN_GLOBAL, '_');

/** Strings a client could send: short, long, astral, control characters, lone surrogates, injection-ish. */
export const hostileString: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\uD800',
      '\uDFFF',
      '😀🏳️‍🌈𝔘𐍈',
      '\u202Eevil',
      'aliyun:x',
      'acs:x',
      'http://x',
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      '${x}',
      "' OR 1=1 --",
      '<script>',
      '../../etc/passwd',
      '%00',
      'null',
      'undefined',
      'NaN',
    ),
    fc
      .tuple(fc.constantFrom('x', 'é', '𝔘', 'ab\u0001'), fc.integer({ min: 100, max: 20_000 }))
      .map(([u, n]) => u.repeat(n)),
  )
  .map(clean);

export const hostileInt: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -3, max: 105 }),
  fc.constantFrom(
    0,
    -1,
    100,
    101,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    -(2 ** 31) - 1,
    2 ** 53,
    -(2 ** 53),
    1e30,
    -1e30,
    1.5,
    1e-7,
  ),
);

/** Cursors that must be refused, and sometimes real ones (valid, or from another list, or tampered). */
export const cursorOf = (pools: Pools): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '',
      'v1',
      'v1..',
      'v1.e30.AAAA',
      'v2.eyJ9.x',
      'YXJyYXljb25uZWN0aW9uOjA=',
      b64('{"__proto__":{"x":1}}'),
    ),
    fc.tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 })).map(([p, s]) => `v1.${p}.${s}`),
    pools.cursors.length ? fc.constantFrom(...pools.cursors) : fc.constant('v1.x.y'),
    pools.cursors.length
      ? fc.tuple(fc.constantFrom(...pools.cursors), fc.nat()).map(([c, i]) => {
          const at = 3 + (i % Math.max(1, c.length - 3));
          return c.slice(0, at) + (c[at] === 'A' ? 'B' : 'A') + c.slice(at + 1);
        })
      : fc.constant('v1.a.b'),
  );

/** Global IDs: real, of unknown or prototype types, without a region, not base64url, overlong. */
export const globalIdOf = (pools: Pools): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...pools.globalIds),
    fc
      .constantFrom(
        '__proto__:x/y',
        'constructor:a/b',
        'Query:a/b',
        'NoSuchType:a/b',
        'EcsInstance:',
        'EcsInstance:cn-hangzhou/',
        'AckCluster:/c1',
        'EcsInstance:nowhere-9/i-x',
        'AckCluster:cn-hangzhou/cnotacluster',
        'Tag:a/b',
      )
      .map(b64),
    fc.constantFrom('', '=', '!!!', 'a'.repeat(500), b64('x'.repeat(400))),
    hostileString.map(b64),
  );

/** Any JSON-ish value, for "wrong type" and nested garbage; `__proto__` and `constructor` as real own keys. */
export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileInt,
    hostileString,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.constantFrom(
      JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
      JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown,
      JSON.parse('{"key":"env","__proto__":{"value":"x"}}') as unknown,
    ),
    fc.dictionary(
      fc.constantFrom('key', 'value', 'values', 'kind', 'regionId', 'resourceId', '__typename', 'toString', 'x'),
      tie('v'),
      { maxKeys: 3 },
    ),
  ),
})).v;

/** A list nested `depth` deep around a value: deep nesting in variables and literals. */
export const deepList = (inner: unknown, depth: number): unknown => (depth <= 0 ? inner : [deepList(inner, depth - 1)]);
