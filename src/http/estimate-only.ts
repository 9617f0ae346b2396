/**
 * A client may ask what an operation would cost without running it (issue 19, item 1: to size its pages):
 * `x-upstream-estimate: only` on the request. The answer is the estimate in `extensions.upstream` (calls 0, no
 * `data`), after the same validation and input checks; no upstream call is made (nothing is read ahead: the
 * estimate is priced from the sizes last seen and the model), and the response cache is neither read nor written.
 */
export const ESTIMATE_HEADER = 'x-upstream-estimate';

export function isEstimateOnly(headers: Headers): boolean {
  return headers.get(ESTIMATE_HEADER)?.trim().toLowerCase() === 'only';
}
