/**
 * Bounds how deeply a request's variables nest, before anything walks them: the response cache hashes them
 * (canonicalJson recurses) and graphql-js coerces them recursively, so 3,000 nested arrays were a stack overflow,
 * an HTTP 500 and error-level log lines (issue 19, item 7). No input type of the schema nests anywhere near
 * MAX_VARIABLE_DEPTH; deeper variables are refused as BAD_USER_INPUT, a request error (GraphQL over HTTP: 400 for
 * `application/graphql-response+json`, 200 for `application/json`), logged at debug level like any bad input.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The deepest nesting of objects and arrays accepted in `variables` (the schema's deepest input needs 4). */
export const MAX_VARIABLE_DEPTH = 32;

/** True when `value` nests objects/arrays deeper than `max` (iterative: the check itself cannot overflow). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

export function useVariableDepthLimit(max = MAX_VARIABLE_DEPTH): Plugin {
  return {
    onParams({ params }) {
      if (!nestsDeeperThan(params.variables, max + 1)) return;
      throw new GraphQLError(`Variables may nest at most ${max} levels deep.`, {
        // `spec`: yoga drops the 400 for application/json, as GraphQL over HTTP asks.
        extensions: { code: 'BAD_USER_INPUT', argument: 'variables', http: { status: 400, spec: true } },
      });
    },
  };
}
