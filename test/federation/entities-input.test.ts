/**
 * `_entities` with representations a router would never send (unknown, missing or prototype `__typename`, wrongly
 * typed key fields, not an object) answers BAD_USER_INPUT at that representation's index, resolves the good ones
 * beside them, never INTERNAL_SERVER_ERROR, makes no upstream call for them, and logs no error-level line.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = `query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on EcsInstance { resourceId } } }`;
const GOOD = { __typename: 'EcsInstance', regionId: 'cn-hangzhou', resourceId: 'i-bpwbo4nq5hzl9cagxna4' };

const BAD: Array<[string, unknown]> = [
  ['__proto__', { __typename: '__proto__', id: 'x' }],
  ['constructor', { __typename: 'constructor', regionId: 'cn-hangzhou', resourceId: 'i-x' }],
  ['toString', { __typename: 'toString', id: 'x' }],
  ['Query', { __typename: 'Query', id: 'x' }],
  ['NoSuchType', { __typename: 'NoSuchType', id: 'x' }],
  ['no __typename', { regionId: 'cn-hangzhou', resourceId: 'i-bpwbo4nq5hzl9cagxna4' }],
  ['empty object', {}],
  ['numeric __typename', { __typename: 7, id: 'x' }],
  ['numeric id', { __typename: 'EcsInstance', id: 42 }],
  ['object regionId', { __typename: 'EcsInstance', regionId: { a: 1 }, resourceId: 'i-x' }],
  ['missing resourceId', { __typename: 'AckCluster', regionId: 'cn-beijing' }],
  ['null key fields', { __typename: 'EcsDisk', regionId: null, resourceId: null }],
  ['a string', 'EcsInstance'],
  ['a list', [GOOD]],
];

describe('_entities with malformed representations', () => {
  let gw: TestGateway;
  const lines: Array<{ level: number; msg?: string }> = [];
  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' }, logger });
  });
  afterAll(() => gw?.close());

  it.each(BAD)('%s → BAD_USER_INPUT at its index, the good one beside it resolves', async (_name, bad) => {
    lines.length = 0;
    const before = gw.sim.calls().length;
    const res = await gw.query(QUERY, { r: [GOOD, bad] });
    expect(res.status).toBe(200);
    const entities = (res.data as { _entities: Array<unknown> })._entities;
    expect(entities[1]).toBeNull();
    expect(entities[0]).toEqual({ __typename: 'EcsInstance', resourceId: GOOD.resourceId });
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors as Array<{ path: unknown[]; message: string; extensions: Record<string, unknown> }>;
    expect(error!.path).toEqual(['_entities', 1]);
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'representations[1]' });
    expect(error!.message).not.toMatch(/Cannot read|undefined|TypeError|is not a function/);
    // Only the good representation went upstream.
    expect(
      gw.sim
        .calls()
        .slice(before)
        .every((c) => JSON.stringify(c).includes(GOOD.resourceId)),
    ).toBe(true);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('a null representation is a variable error (400, BAD_USER_INPUT), an object instead of a list is one representation', async () => {
    const nullRep = await gw.query(QUERY, { r: [GOOD, null] });
    expect(nullRep.status).toBe(400);
    expect((nullRep.errors as any[])[0]!.extensions.code).toBe('BAD_USER_INPUT');
    const single = await gw.query(QUERY, { r: {} });
    expect(single.status).toBe(200);
    expect((single.errors as any[])[0]).toMatchObject({
      path: ['_entities', 0],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
