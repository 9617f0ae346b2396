/**
 * The cursor codec (src/graph/paging/cursors.ts): `v1.<payload>.<mac>`, bound by its fingerprint to one list, argument
 * set and tenant, refused when edited, foreign or signed with another secret. Pure: no HTTP.
 */
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/graph/paging/cursors.js';
import { InputError } from '../../src/graph/errors.js';

const codec = new CursorCodec('unit-secret');
const scope = { list: 'Query.tagCatalog', args: { regions: ['cn-hangzhou'], kind: 'ECS_INSTANCE' }, tenant: 't1' };
const fp = codec.fingerprint(scope);

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected a refusal');
}

describe('CursorCodec', () => {
  it('round-trips offsets', () => {
    for (const offset of [0, 1, 99, 1_000_000])
      expect(codec.decode(fp, codec.encode(fp, offset), 'after')).toBe(offset);
  });

  it('has the documented shape: version, payload, MAC', () => {
    expect(codec.encode(fp, 7)).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  });

  it('fingerprints name the list, not the spelling: key order does not matter, values do', () => {
    const reordered = {
      tenant: 't1',
      args: { kind: 'ECS_INSTANCE', regions: ['cn-hangzhou'] },
      list: 'Query.tagCatalog',
    };
    expect(codec.fingerprint(reordered)).toBe(fp);
    expect(codec.fingerprint({ ...scope, args: { ...scope.args, extra: undefined } })).toBe(fp);
    expect(codec.fingerprint({ ...scope, tenant: 't2' })).not.toBe(fp);
    expect(codec.fingerprint({ ...scope, list: 'Query.tagKeys' })).not.toBe(fp);
    expect(codec.fingerprint({ ...scope, args: { ...scope.args, regions: ['cn-beijing'] } })).not.toBe(fp);
  });

  it('fingerprints are stable across releases (cursors clients hold stay valid)', () => {
    // Pinned values (computed before the canonical-JSON helper was shared): a change here invalidates every
    // cursor in clients' hands.
    expect(fp).toBe('UVhk42tzQE2nKLQm');
    const filtered = {
      ...scope,
      args: { ...scope.args, filters: [{ key: '𝒜', value: 'ｚ' }, { key: 'env' }] },
      tenant: 'abc',
    };
    expect(
      codec.fingerprint({
        ...filtered,
        args: { ...filtered.args, regions: ['cn-hangzhou', 'cn-beijing'], kind: 'ECS_DISK' },
      }),
    ).toBe('8sq_3PxJL6QS_HRb');
  });

  it('refuses a cursor of another list, naming the argument', () => {
    const other = codec.encode(codec.fingerprint({ ...scope, tenant: 't2' }), 3);
    const err = refusal(() => codec.decode(fp, other, 'before'));
    expect(err.argument).toBe('before');
    expect(err.message).toMatch(/belongs to another list/);
  });

  it.each([
    ['another secret', () => new CursorCodec('other-secret').encode(fp, 3)],
    ['an appended part', () => `${codec.encode(fp, 3)}.x`],
    [
      'an edited payload',
      () => codec.encode(fp, 3).replace(/^v1\.(.)/, (_, c: string) => `v1.${c === 'A' ? 'B' : 'A'}`),
    ],
    ['another version', () => codec.encode(fp, 3).replace(/^v1/, 'v2')],
    ['an empty string', () => ''],
    ['garbage', () => 'not-a-cursor'],
  ])('refuses %s as not valid', (_name, make) => {
    const err = refusal(() => codec.decode(fp, make(), 'after'));
    expect(err.argument).toBe('after');
    expect(err.message).toMatch(/not valid/);
  });

  it('verify checks form and MAC only, and returns the payload', () => {
    const foreign = codec.encode('elsewhere', 1);
    expect(codec.verify(foreign, 'after')).toBe(foreign.split('.')[1]);
  });
});

/** The cursor with its offset re-encoded and its MAC kept. */
function withOffset(cursor: string, offset: number): string {
  const [v, payload, mac] = cursor.split('.');
  const text = Buffer.from(payload!, 'base64url').toString().replace(/:\d+$/, `:${offset}`);
  return `${v}.${Buffer.from(text).toString('base64url')}.${mac}`;
}

describe('CursorCodec: one MAC per block of 32 offsets', () => {
  it('signs the scope and the block, not each edge: positions of one block share the MAC', () => {
    const mac = (c: string) => c.split('.')[2];
    expect(mac(codec.encode(fp, 0))).toBe(mac(codec.encode(fp, 31)));
    expect(mac(codec.encode(fp, 31))).not.toBe(mac(codec.encode(fp, 32)));
    expect(mac(codec.encode(codec.fingerprint({ ...scope, tenant: 't2' }), 0))).not.toBe(mac(codec.encode(fp, 0)));
  });

  it('a position has one cursor whatever page it was issued on', () => {
    expect(codec.encode(fp, 40)).toBe(new CursorCodec('unit-secret').encode(fp, 40));
  });

  it('an offset edited within its block moves within the same list; outside it, the cursor is refused', () => {
    expect(codec.decode(fp, withOffset(codec.encode(fp, 3), 20), 'after')).toBe(20);
    for (const offset of [32, 50, 1_000]) {
      expect(refusal(() => codec.decode(fp, withOffset(codec.encode(fp, 3), offset), 'after')).message).toMatch(
        /not valid/,
      );
    }
  });

  it('still accepts a cursor of the earlier form (a MAC over the whole payload)', async () => {
    const { createHmac } = await import('node:crypto');
    const payload = Buffer.from(`${fp}:7`).toString('base64url');
    const mac = createHmac('sha256', 'unit-secret').update(`v1.${payload}`).digest('base64url').slice(0, 22);
    expect(codec.decode(fp, `v1.${payload}.${mac}`, 'after')).toBe(7);
    expect(refusal(() => new CursorCodec('other-secret').decode(fp, `v1.${payload}.${mac}`, 'after')).message).toMatch(
      /not valid/,
    );
  });
});
