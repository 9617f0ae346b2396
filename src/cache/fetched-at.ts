/**
 * When an upstream answer was fetched, kept beside the answer object rather than in it: results keep the
 * upstream layer's shape (and callers' deep equality), yet the layers above can tell how old their data is.
 * Only the cache layer marks answers; an unmarked answer was fetched just now.
 */
const stamps = new WeakMap<object, number>();

/** Records that `answer` was fetched at `fetchedAt` (epoch ms); returns `answer`. */
export function markFetchedAt<T extends object>(answer: T, fetchedAt: number): T {
  stamps.set(answer, fetchedAt);
  return answer;
}

/** When `answer` was fetched (epoch ms), or undefined when it never went through the cache. */
export function fetchedAtOf(answer: object): number | undefined {
  return stamps.get(answer);
}

/** Marks `answer`, built from `source`, as fetched when `source` was (the older of both when already marked). */
export function stampFrom<T extends object>(answer: T, source: object): T {
  const at = stamps.get(source) ?? Date.now();
  const had = stamps.get(answer);
  stamps.set(answer, had === undefined ? at : Math.min(had, at));
  return answer;
}
