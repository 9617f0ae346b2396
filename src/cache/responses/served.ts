/**
 * A response-cache hit served from its bytes (issue 18): the stored response keeps its `data` as the JSON text it
 * was serialised to, apart from the rest (extensions: the ETag and Last-Modified headers, `upstream`). A hit hands
 * yoga a result with that rest and no `data` object, and a `stringify` (yoga's hook for serialising a result) that
 * writes the stored text in place of `data`: no JSON.parse of the stored response, no JSON.stringify of its data
 * again, and the plugins that set headers and `extensions` (ETag, 304, `extensions.upstream`) work as on any result.
 */
import type { ExecutionResult } from 'graphql';

/** What a store gives for a hit: the result's extensions, parsed, and its data as stored JSON text. */
export interface ServedResponse {
  extensions?: Record<string, unknown>;
  dataJson: string;
}

/** The stored form: the result without `data` and the data's JSON, separately (`dataJson` is "null" for none). */
export function splitResult(result: ExecutionResult): { rest: string; dataJson: string } {
  const { data, ...rest } = result;
  return { rest: JSON.stringify(rest), dataJson: JSON.stringify(data ?? null) };
}

/** The whole result again (the store's plain `get`; tests and any reader that wants objects). */
export function joinResult(rest: string, dataJson: string): ExecutionResult {
  return { data: JSON.parse(dataJson) as ExecutionResult['data'], ...(JSON.parse(rest) as ExecutionResult) };
}

export function servedFrom(rest: string, dataJson: string): ServedResponse {
  return { ...(JSON.parse(rest) as Pick<ServedResponse, 'extensions'>), dataJson };
}

/** The result yoga serves for a hit: `stringify` writes the stored data text into the response body. */
export function servedResult(served: ServedResponse): ExecutionResult {
  const { dataJson, extensions } = served;
  const stringify = (sanitized: ExecutionResult) =>
    sanitized.extensions === undefined
      ? `{"data":${dataJson}}`
      : `{"data":${dataJson},"extensions":${JSON.stringify(sanitized.extensions)}}`;
  return { ...(extensions ? { extensions } : {}), stringify } as ExecutionResult;
}
