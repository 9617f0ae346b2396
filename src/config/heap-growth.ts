/**
 * How far V8 lets the heap grow past what is live before a full collection (issue 18, "no flag on a large host").
 * V8's limit for the next full GC is the live heap times a growing factor whose ceiling depends on the heap limit:
 * 1.3 up to a 256 MiB limit, rising to 4 at 2 GiB and beyond. A process started without `--max-old-space-size` on
 * a large host gets Node's own limit (a quarter of the host's memory, or 4 GiB), hence the factor 4: under the
 * bench's flood of heavy operations about 110 MB were live and the heap reached 365 MB before collecting (peak RSS
 * 466–507 MiB). Above HEAP_GROWTH_MIN_LIMIT the gateway fixes the factor at 1 + HEAP_GROWING_PERCENT / 100 instead
 * (default 2×: peak RSS 341 MiB under the same flood, no CPU cost measurable on the execution path). Smaller heaps
 * (the image's and the pod's 320 MiB, 1.33; a 512 MiB pod's default 128 MiB, 1.3) keep V8's own, lower factor.
 *
 * `--heap-growing-percent` is a V8 flag Node accepts only on the command line, not in NODE_OPTIONS; V8 reads it each
 * time it sets the next limit, so setting it at start-up with `v8.setFlagsFromString` takes effect
 * (test/deploy/heap-growth.test.ts watches the collections of a child process).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

const MiB = 1024 * 1024;

/** Heap limits from here up get the fixed factor (V8's own ceiling there is 1.6 and rises to 4 at 2 GiB). */
export const HEAP_GROWTH_MIN_LIMIT = 1024 * MiB;

/** What `applyHeapGrowth` did, for the start-up log. */
export interface HeapGrowth {
  heapLimitMib: number;
  /** The factor set, or undefined when V8's own was left alone. */
  factor?: number;
}

/** Fixes V8's heap growing factor at 1 + percent / 100 when the heap limit is large; 0 leaves V8 alone. */
export function applyHeapGrowth(percent: number, heapLimitBytes = getHeapStatistics().heap_size_limit): HeapGrowth {
  const heapLimitMib = Math.round(heapLimitBytes / MiB);
  if (percent <= 0 || heapLimitBytes < HEAP_GROWTH_MIN_LIMIT) return { heapLimitMib };
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return { heapLimitMib, factor: 1 + percent / 100 };
}
