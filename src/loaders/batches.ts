/** How a DataLoader batch is cut into upstream calls. */
import { compareUtf8 } from '../upstream/strings.js';
import { chunk } from './keys.js';

/**
 * `refs` grouped by `groupOf` (one group per region, or per region and type), each group sorted by `idOf` and
 * cut into slices of at most `size`: one upstream call each. Sorted, so the same resources asked in any order
 * make the same calls (and the same cache keys).
 */
export function sortedChunks<T>(
  refs: readonly T[],
  groupOf: (ref: T) => string,
  idOf: (ref: T) => string,
  size: number,
): T[][] {
  const groups = new Map<string, T[]>();
  for (const ref of refs) {
    const key = groupOf(ref);
    const group = groups.get(key);
    if (group) group.push(ref);
    else groups.set(key, [ref]);
  }
  // Each group is a fresh array of ours, so it is sorted in place.
  return [...groups.values()].flatMap((group) =>
    chunk(
      group.sort((a, b) => compareUtf8(idOf(a), idOf(b))),
      size,
    ),
  );
}
