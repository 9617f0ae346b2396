/**
 * HEAP_GROWING_PERCENT (src/config/heap-growth.ts): with a large heap limit V8 lets the heap grow to about 4× what
 * is live before a full collection; set at start-up, the gateway's factor (default 2×) holds it nearer. Watched in
 * a child process's --trace-gc lines: the heap size at each full collection against what the previous one left.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

/** For each Mark-Compact after the first: heap before it ÷ live heap after the previous one. */
function growthRatios(percent: number): number[] {
  const run = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--trace-gc', '--import', 'tsx', 'test/deploy/fixtures/heap-churn.ts'],
    { env: { ...process.env, HEAP_GROWING_PERCENT: String(percent) }, encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.status).toBe(0);
  const collections = [...run.stdout.matchAll(/Mark-Compact (\d+\.\d+) \([\d.]+\) -> (\d+\.\d+)/g)].map((m) => ({
    before: Number(m[1]),
    after: Number(m[2]),
  }));
  expect(collections.length).toBeGreaterThan(2);
  return collections.slice(1).map((c, i) => c.before / collections[i]!.after);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('fixes the growing factor on a large heap; 0 leaves V8 its own, larger one', () => {
  const own = median(growthRatios(0));
  const fixed = median(growthRatios(100));
  // V8's own ceiling on a 4 GiB heap is 4 (4.4 measured, with what the young generation promotes meanwhile); the
  // fixed factor is 2 (2.5 measured).
  expect(own).toBeGreaterThan(3.5);
  expect(fixed).toBeLessThan(3);
  expect(fixed).toBeLessThan(own * 0.75);
}, 120_000);
