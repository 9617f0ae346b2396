/**
 * Memory follows the heap (issue 18): the byte budgets of the in-memory caches and the weight of heavy operations
 * in flight, when not set explicitly, are shares of the heap this process actually has
 * (`v8.getHeapStatistics().heap_size_limit`, which `--max-old-space-size` sets). Shares of that heap:
 *
 *   upstream-response store (CACHE_MEMORY_MAX_BYTES)   15 %, at most 64 MiB
 *   its decoded entries (objects, counted ×3 of JSON)  10 %, at most 16 MiB
 *   GraphQL-response store (RESPONSE_CACHE_MAX_BYTES)  15 %, at most 64 MiB
 *   heavy operations in flight (ADMISSION_MAX_WEIGHT)  25 %, at most 64 MiB, at IN_FLIGHT_BYTES_PER_CALL a call
 *   the code, schema, libraries and GC headroom        the rest (35 % and more)
 *
 * The caps bound what a process with no heap flag on a large host (Node's own heap limit: a quarter of the host's
 * memory, or 4 GiB) keeps in its caches; how far V8 lets such a heap grow past what is live is heap-growth.ts's
 * (344 MiB peak RSS under the bench's flood of heavy operations, 466–507 without it). Set the heap all the same
 * (the image does, `--max-old-space-size=320`: 212 MiB under the same flood). A larger heap set on purpose can
 * raise the budgets explicitly.
 *
 * The stores keep JSON text, which V8 holds at about one byte a character (counted as its UTF-8 length); decoded
 * entries are object graphs, which cost about three times their JSON (DECODED_HEAP_FACTOR, cache/decoded-entries.ts).
 * The in-flight figure was measured: a 200-ref `resources` operation (81 estimated calls) waiting for its tags holds
 * about 1.2 MiB of heap after a full GC (test/e2e-cache/memory-held.test.ts; 1.84 MiB before its fields' async
 * frames were cut), some 15 KiB per estimated call; 64 KiB also covers what it allocates between collections and
 * the result it builds at the end (sixteen at once showed about 4 MiB each without a full GC).
 */
import { getHeapStatistics } from 'node:v8';

const MiB = 1024 * 1024;

export const HEAP_SHARES = { upstream: 0.15, decoded: 0.1, responses: 0.15, inFlight: 0.25 } as const;
export const HEAP_CAPS = { upstream: 64 * MiB, decoded: 16 * MiB, responses: 64 * MiB, inFlight: 64 * MiB } as const;

/** Heap one estimated upstream call of a running operation holds (see above). */
export const IN_FLIGHT_BYTES_PER_CALL = 64 * 1024;

export interface HeapBudgets {
  heapLimitBytes: number;
  upstreamBytes: number;
  decodedBytes: number;
  responseBytes: number;
  admissionWeight: number;
}

/** The budgets for a heap of `heapLimitBytes` (default: this process's). */
export function heapBudgets(heapLimitBytes = getHeapStatistics().heap_size_limit): HeapBudgets {
  const share = (part: keyof typeof HEAP_SHARES) =>
    Math.max(MiB, Math.min(HEAP_CAPS[part], Math.floor(heapLimitBytes * HEAP_SHARES[part])));
  return {
    heapLimitBytes,
    upstreamBytes: share('upstream'),
    decodedBytes: share('decoded'),
    responseBytes: share('responses'),
    admissionWeight: Math.floor(share('inFlight') / IN_FLIGHT_BYTES_PER_CALL),
  };
}
