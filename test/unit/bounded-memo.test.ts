/** The memo behind cache keys, cursor MACs and the cost walk (upstream/memo.ts): bounded in entries and key size. */
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/upstream/memo.js';

describe('BoundedMemo', () => {
  it('makes a value once per key while it is kept', () => {
    const memo = new BoundedMemo<number>(10);
    let made = 0;
    const make = () => ++made;
    expect(memo.get('a', make)).toBe(1);
    expect(memo.get('a', make)).toBe(1);
    expect(memo.get('b', make)).toBe(2);
    expect(made).toBe(2);
  });

  it('remembers an undefined value too', () => {
    const memo = new BoundedMemo<number | undefined>(10);
    let made = 0;
    memo.get('a', () => (made++, undefined));
    memo.get('a', () => (made++, undefined));
    expect(made).toBe(1);
  });

  it('is emptied when full, so it never holds more than its bound', () => {
    const memo = new BoundedMemo<number>(3);
    let made = 0;
    for (const k of ['a', 'b', 'c', 'd']) memo.get(k, () => ++made);
    expect(made).toBe(4);
    // 'a' went when 'd' came in: made again.
    memo.get('a', () => ++made);
    expect(made).toBe(5);
  });

  it('never keeps a key longer than its limit', () => {
    const memo = new BoundedMemo<number>(10, 8);
    let made = 0;
    memo.get('x'.repeat(9), () => ++made);
    memo.get('x'.repeat(9), () => ++made);
    expect(made).toBe(2);
  });
});
