/**
 * Hostile and broken requests over a real socket: wrong variable types, objects where strings are expected,
 * huge integers, null for non-null, `__proto__` and `constructor` keys in input objects, non-object variables,
 * malformed JSON bodies (POST and GET), wrong content types, documents that do not parse or validate, and
 * `_entities` representations that break the resolvers' assumptions. For every answer:
 * - no 5xx;
 * - every error object carries an `extensions.code` (the code each case expects is in the table);
 * - no message is a JavaScript runtime message, and nothing looks like a stack;
 * - nothing reached the upstream for input refused before execution.
 * Run against the production error masking (NODE_ENV=production), where it matters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const RUNTIME = /Cannot read|undefined is not|is not a function|TypeError|SyntaxError|at .*\.[jt]s:\d/;

const TAGS =
  'query Q($r: [String!]!, $f: [TagFilterInput!], $first: Int) { tagKeys(regionIds: $r, first: $first) { totalCount } tagCatalog(regionIds: $r, filters: $f) { totalCount } }';
const ENTITIES = 'query E($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
const NODE = 'query N($i: ID!) { node(id: $i) { id } }';
const json = (query: string, variables?: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ query, variables, ...extra });

interface Case {
  name: string;
  body?: string;
  contentType?: string | null;
  /** GET with this query string instead of a POST. */
  get?: string;
  status: number;
  /** The code of the first error; undefined: no error body (e.g. 415). */
  code?: string;
  /** Refused before execution: no upstream call. */
  noUpstream?: boolean;
}

const CASES: Case[] = [
  { name: 'number for [String!]!', body: json(TAGS, { r: 5 }), status: 400, code: 'BAD_USER_INPUT', noUpstream: true },
  {
    name: 'object for String',
    body: json(TAGS, { r: [{ a: 1 }] }),
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  {
    name: 'huge Int variable',
    body: json(TAGS, { r: ['cn-hangzhou'], first: 1e30 }),
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  {
    name: 'Int variable as string',
    body: json(TAGS, { r: ['cn-hangzhou'], first: '10' }),
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  {
    name: 'huge Int literal',
    body: json('{ tagKeys(regionIds: ["cn-hangzhou"], first: 99999999999999) { totalCount } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    noUpstream: true,
  },
  { name: 'null for non-null', body: json(TAGS, { r: null }), status: 400, code: 'BAD_USER_INPUT', noUpstream: true },
  { name: 'missing required variable', body: json(TAGS, {}), status: 400, code: 'BAD_USER_INPUT', noUpstream: true },
  {
    name: '__proto__ key in an input object',
    body: `{"query":${JSON.stringify(TAGS)},"variables":{"r":["cn-hangzhou"],"f":[{"__proto__":{"polluted":1},"key":"env"}]}}`,
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  {
    name: 'constructor key in an input object',
    body: `{"query":${JSON.stringify(TAGS)},"variables":{"r":["cn-hangzhou"],"f":[{"key":"env","constructor":{"prototype":1}}]}}`,
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  {
    name: '__proto__ as the variables',
    body: `{"query":${JSON.stringify(TAGS)},"variables":{"__proto__":{"r":["cn-hangzhou"]}}}`,
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  {
    name: 'bad enum value',
    body: json('query($k: EcsResourceKind) { tagKeys(regionIds: ["cn-hangzhou"], kind: $k) { totalCount } }', {
      k: 'nope',
    }),
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  { name: 'object for ID', body: json(NODE, { i: { a: 1 } }), status: 400, code: 'BAD_USER_INPUT', noUpstream: true },
  {
    name: 'long string for Int',
    body: json(TAGS, { r: ['cn-hangzhou'], first: 'x'.repeat(100_000) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  { name: 'variables an array', body: json(TAGS, [1]), status: 400, code: 'BAD_REQUEST', noUpstream: true },
  { name: 'variables a string', body: json(TAGS, 'x'), status: 400, code: 'BAD_REQUEST', noUpstream: true },
  { name: 'variables a number', body: json(TAGS, 3), status: 400, code: 'BAD_REQUEST', noUpstream: true },
  {
    name: 'extensions a string',
    body: json('{ __typename }', undefined, { extensions: 'x' }),
    status: 400,
    code: 'BAD_REQUEST',
    noUpstream: true,
  },
  { name: 'query a number', body: JSON.stringify({ query: 5 }), status: 400, code: 'BAD_REQUEST', noUpstream: true },
  {
    name: 'operationName an object',
    body: json('{ __typename }', undefined, { operationName: {} }),
    status: 400,
    noUpstream: true,
  },
  { name: 'truncated JSON body', body: '{"query": ', status: 400, code: 'BAD_REQUEST', noUpstream: true },
  { name: 'JSON body null', body: 'null', status: 400, code: 'BAD_REQUEST', noUpstream: true },
  { name: 'JSON body a string', body: '"{ __typename }"', status: 400, code: 'BAD_REQUEST', noUpstream: true },
  {
    name: 'JSON body an array (batch)',
    body: '[{"query":"{ __typename }"}]',
    status: 400,
    code: 'BAD_REQUEST',
    noUpstream: true,
  },
  {
    name: 'GET with variables that are not JSON',
    get: `query=${encodeURIComponent(TAGS)}&variables=${encodeURIComponent('{bad')}`,
    status: 400,
    code: 'BAD_REQUEST',
    noUpstream: true,
  },
  {
    name: 'GET with extensions that are not JSON',
    get: `query=${encodeURIComponent('{ __typename }')}&extensions=${encodeURIComponent('[')}`,
    status: 400,
    code: 'BAD_REQUEST',
    noUpstream: true,
  },
  { name: 'text/plain body', body: json('{ __typename }'), contentType: 'text/plain', status: 415, noUpstream: true },
  { name: 'no content type', body: json('{ __typename }'), contentType: null, status: 415, noUpstream: true },
  { name: 'XML body', body: '<query/>', contentType: 'application/xml', status: 415, noUpstream: true },
  {
    name: 'document that does not parse',
    body: json('{ tagKeys('),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    noUpstream: true,
  },
  { name: 'unknown field', body: json('{ nope }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', noUpstream: true },
  {
    name: 'unknown operation name',
    body: json('query A { __typename }', undefined, { operationName: 'B' }),
    status: 400,
    noUpstream: true,
  },
  {
    name: 'null representation',
    body: json(ENTITIES, { r: [null] }),
    status: 400,
    code: 'BAD_USER_INPUT',
    noUpstream: true,
  },
  // The resolvers read regionId/resourceId of a representation: without them they must still answer a user.
  {
    name: 'representation without its key fields',
    body: json(ENTITIES, { r: [{ __typename: 'EcsInstance', resourceId: 'i-abc' }, { __typename: 'AckCluster' }] }),
    status: 200,
    noUpstream: true,
  },
  {
    name: 'representations of odd shapes',
    body: json(ENTITIES, {
      r: [5, 'x', [], { __typename: '__proto__' }, { __typename: 'constructor' }, { __typename: 'Query' }, {}],
    }),
    status: 200,
  },
];

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', NODE_ENV: 'production' } });
});
afterAll(() => gw?.close());

async function send(c: Case): Promise<{ status: number; text: string }> {
  if (c.get !== undefined) {
    const res = await fetch(`${gw.url}?${c.get}`, { headers: { accept: 'application/graphql-response+json' } });
    return { status: res.status, text: await res.text() };
  }
  const headers: Record<string, string> = { accept: 'application/graphql-response+json' };
  if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json';
  const res = await fetch(gw.url, { method: 'POST', headers, body: c.body });
  return { status: res.status, text: await res.text() };
}

type Body = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

describe('hostile and broken requests', () => {
  it.each(CASES)('$name', async (c) => {
    gw.sim.clearCalls();
    const { status, text } = await send(c);
    expect(status, text).toBeLessThan(500);
    expect(status, text).toBe(c.status);
    expect(text).not.toMatch(RUNTIME);
    expect(text).not.toMatch(/"stack"|originalError/);
    const body = (text ? JSON.parse(text) : {}) as Body;
    for (const e of body.errors ?? []) {
      expect(typeof e.extensions?.code, JSON.stringify(e)).toBe('string');
      expect(e.message, JSON.stringify(e)).not.toMatch(RUNTIME);
    }
    if (c.code) expect(body.errors?.[0]?.extensions?.code).toBe(c.code);
    if (c.noUpstream) expect(gw.sim.calls()).toEqual([]);
  });

  it('echoes a huge offending value only in part', async () => {
    const { text } = await send({
      name: '',
      body: json(TAGS, { r: ['cn-hangzhou'], first: 'x'.repeat(100_000) }),
      status: 400,
    });
    const body = JSON.parse(text) as Body;
    expect(body.errors?.[0]?.message.length).toBeLessThanOrEqual(501);
  });
});

describe('application/json clients', () => {
  it('keep 400 for a malformed body (the JavaScript parser error is not described to them)', async () => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"query": ',
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/SyntaxError|JSON input/);
    expect((JSON.parse(text) as Body).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('get a code on variable coercion errors too', async () => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: json(TAGS, { r: 5 }),
    });
    const body = (await res.json()) as Body;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
