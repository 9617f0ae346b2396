import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** Wall-clock ms with sub-ms precision, comparable across entries of one process. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A request id shaped like the cloud's (upper-case UUID). */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/**
 * Compares two strings in UTF-8 byte order (= code point order). JS `<` compares UTF-16 code units,
 * which differs for characters above U+FFFF versus U+E000..U+FFFF.
 */
export function byteCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && ca <= 0xdfff) ca += 0x10000;
    if (cb >= 0xd800 && cb <= 0xdfff) cb += 0x10000;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Parses an `application/x-www-form-urlencoded` string (or a URL query) leniently: never throws. */
export function parseForm(s: string): Array<[string, string]> {
  return [...new URLSearchParams(s)];
}
