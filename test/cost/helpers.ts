/** Shared by the cost tests: the example operations and a query that reports its share of the simulator's log. */
import { readdirSync, readFileSync } from 'node:fs';
import type { GraphQLResponse, TestGateway } from '../support/gateway.js';

const DIR = new URL('../../examples/operations/', import.meta.url);

/** Every example operation (file name → document), each runnable with its variables' defaults. */
export function exampleOperations(): Array<[string, string]> {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => [f, readFileSync(new URL(f, DIR), 'utf8')]);
}

export interface Upstream {
  estimatedCalls: number;
  calls: number;
  cacheHits: number;
  coalesced: number;
  responseCache: 'hit' | 'miss' | 'bypass';
  oldestFetchedAt?: string;
}

/** The response, its `extensions.upstream`, and how many calls the simulator logged while it ran (queries run one at a time). */
export async function measured(
  gw: TestGateway,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<{ res: GraphQLResponse<any>; upstream: Upstream; logged: number }> {
  const before = gw.sim.calls().length;
  const res = await gw.query(query, variables, headers);
  const logged = gw.sim.calls().length - before;
  return { res, upstream: res.extensions?.upstream as Upstream, logged };
}
