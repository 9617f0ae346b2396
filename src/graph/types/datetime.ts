/**
 * Freshness (issue 14): the DateTime scalar, and the connection-level `fetchedAt` of catalog connections — when
 * the oldest upstream answer behind the list was fetched (the upstream cache may have kept it a while).
 */
import { builder } from '../builder.js';

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'A point in time, as an ISO 8601 string in UTC with milliseconds, e.g. `2024-09-20T01:28:50.123Z`.',
  serialize: (date) => date.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 date and time.');
    return date;
  },
});

/** A connection with the fetch time of its oldest upstream answer (epoch ms; unset: none was needed). */
export type WithFetchedAt<C> = C & { fetchedAt?: number };

/** `connection` once resolved, with `fetchedAt` read after its pages were loaded. */
export async function withFetchedAt<C extends object>(
  connection: Promise<C> | C,
  oldest: () => number | undefined,
): Promise<WithFetchedAt<C>> {
  const resolved = await connection;
  const at = oldest();
  return at === undefined ? resolved : { ...resolved, fetchedAt: at };
}

export const FETCHED_AT_DESCRIPTION =
  'When the oldest upstream answer behind this list was fetched (cached answers are older than the request); ' +
  'null when none was needed. Ask for fresher data with the request header `Cache-Control: max-age=N`.';
