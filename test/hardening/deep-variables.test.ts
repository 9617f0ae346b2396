/**
 * Issue 19, item 7: variables nested thousands deep used to overflow the stack in the response cache's key
 * (canonicalJson) before validation: HTTP 500 and error-level log lines with stacks. They are refused before
 * anything walks them: BAD_USER_INPUT, 400 for application/graphql-response+json and 200 for application/json
 * (GraphQL over HTTP), no upstream call, nothing logged above debug.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { MAX_VARIABLE_DEPTH } from '../../src/plugins/variable-depth.js';

const ENTITIES = 'query E($r: [_Any!]!) { _entities(representations: $r) { __typename } }';

function nested(depth: number, leaf: unknown = 'x', asObject = false): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
  return v;
}

describe('deep variables', () => {
  let gw: TestGateway;
  const lines: Array<{ level: number; msg?: string }> = [];
  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    // The response cache on: its key hashed the variables first.
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'true', RESPONSE_CACHE_TTL_S: '30' }, logger });
  });
  afterAll(() => gw?.close());

  const post = (variables: unknown, accept: string) =>
    fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query: ENTITIES, variables }),
    });

  it.each([
    ['arrays, graphql-response+json', nested(3_000), 'application/graphql-response+json', 400],
    ['objects, graphql-response+json', nested(3_000, 'x', true), 'application/graphql-response+json', 400],
    ['arrays, application/json', nested(3_000), 'application/json', 200],
  ])('%s: BAD_USER_INPUT, no call, no error log', async (_name, deep, accept, status) => {
    lines.length = 0;
    const before = gw.sim.calls().length;
    const res = await post({ r: [{ __typename: 'EcsInstance', id: deep }] }, accept);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors[0]!.extensions.http).toBeUndefined();
    expect(gw.sim.calls().length).toBe(before);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('accepts variables up to the limit (they reach validation)', async () => {
    const res = await post(
      { r: nested(MAX_VARIABLE_DEPTH - 1, { __typename: 'EcsInstance', id: 'x' }) },
      'application/json',
    );
    const body = (await res.json()) as { errors?: Array<{ message: string }> };
    expect(res.status).toBeLessThan(500);
    expect(body.errors?.[0]?.message ?? '').not.toMatch(/nest at most/);
  });
});
