/**
 * Persisted operations against the codegen allow-list (examples/generated/persisted-documents.json, keys
 * `sha256:<hex>`), over HTTP. require: listed ids run (documentId with or without the prefix, or
 * extensions.persistedQuery.sha256Hash), anything else is refused before any upstream call; allow: both run.
 * Refusals follow GraphQL over HTTP: 4xx under application/graphql-response+json, 200 under application/json.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as generated from '../../examples/generated/graphql.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const STORE = JSON.parse(readFileSync('examples/generated/persisted-documents.json', 'utf8')) as Record<string, string>;
const hashOf = (name: string) => {
  const doc = (generated as Record<string, unknown>)[`${name}Document`] as { __meta__: { hash: string } };
  return doc.__meta__.hash;
};
const bare = (id: string) => id.replace(/^sha256:/, '');

let sim: Simulator;
let required: TestGateway;
let allowed: TestGateway;
let off: TestGateway;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  required = await startTestGateway({ sim, env: { PERSISTED_OPERATIONS: 'require', CACHE_ENABLED: 'false' } });
  allowed = await startTestGateway({ sim, env: { PERSISTED_OPERATIONS: 'allow', CACHE_ENABLED: 'false' } });
  off = await startTestGateway({ sim, env: { CACHE_ENABLED: 'false' } });
});
afterAll(async () => {
  for (const gw of [required, allowed, off]) await gw?.close();
  await sim?.close();
});

type Body = { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };

async function post(
  gw: TestGateway,
  body: unknown,
  accept = 'application/graphql-response+json',
): Promise<{ status: number; body: Body }> {
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Body };
}

async function getById(gw: TestGateway, documentId: string, variables: Record<string, unknown>) {
  const url = new URL(gw.url);
  url.searchParams.set('documentId', documentId);
  url.searchParams.set('variables', JSON.stringify(variables));
  const res = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
  return { status: res.status, body: (await res.json()) as Body };
}

function expectData(res: { status: number; body: Body }) {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  expect(res.body.data).toBeTruthy();
}

function expectRefused(res: { status: number; body: Body }, code: string, status: number) {
  expect(res.status).toBe(status);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
}

describe('the allow-list', () => {
  it('keys are sha256:<hex of the document>, and every typed document’s hash is listed', () => {
    const names = Object.keys(generated)
      .filter((k) => k.endsWith('Document'))
      .map((k) => k.slice(0, -'Document'.length));
    expect(names.length).toBe(Object.keys(STORE).length);
    for (const [key, doc] of Object.entries(STORE))
      expect(key).toBe(`sha256:${createHash('sha256').update(doc).digest('hex')}`);
    for (const name of names) expect(STORE[hashOf(name)], name).toBeDefined();
  });
});

describe('PERSISTED_OPERATIONS=require', () => {
  // The queries run with their default variables; the example mutations need inputs (test/writes covers them).
  const queries = Object.keys(STORE).filter((id) => STORE[id]!.startsWith('query '));
  it.each(queries.map((id) => [STORE[id]!.match(/^query (\w+)/)![1]!, id]))(
    '%s runs by documentId (sha256:<hex>) with its default variables',
    async (_name, id) => {
      expectData(await post(required, { documentId: id }));
    },
  );

  it('a bare hex documentId runs the same document', async () => {
    const id = hashOf('TagCatalog');
    const [prefixed, plain] = [
      await post(required, { documentId: id }),
      await post(required, { documentId: bare(id) }),
    ];
    expectData(plain);
    expect(plain.body.data).toEqual(prefixed.body.data);
    expect(plain.body.data.tagCatalog.edges).toHaveLength(10);
  });

  it('extensions.persistedQuery.sha256Hash (APQ form, bare or prefixed) runs, with variables', async () => {
    const id = hashOf('TagCatalogPage');
    for (const sha256Hash of [bare(id), id]) {
      const res = await post(required, {
        variables: { first: 3 },
        extensions: { persistedQuery: { version: 1, sha256Hash } },
      });
      expectData(res);
      expect(res.body.data.tagCatalog.edges).toHaveLength(3);
      expect(res.body.data.tagCatalog.pageInfo.hasNextPage).toBe(true);
    }
  });

  it('a GET with documentId and variables in the query string runs (cacheable by a CDN)', async () => {
    const res = await getById(required, hashOf('TagCatalogPage'), { first: 2 });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.data.tagCatalog.edges).toHaveLength(2);
  });

  it('an arbitrary query is refused with PERSISTED_QUERY_ONLY, before any upstream call (403 / 200 by media type)', async () => {
    sim.clearCalls();
    // even the exact text of a listed document: only ids run
    const query = STORE[hashOf('TagCatalog')]!;
    expectRefused(await post(required, { query }), 'PERSISTED_QUERY_ONLY', 403);
    expectRefused(await post(required, { query: '{ __typename }' }, 'application/json'), 'PERSISTED_QUERY_ONLY', 200);
    expect(sim.calls()).toHaveLength(0);
  });

  it('an unknown id is refused with PERSISTED_QUERY_NOT_FOUND (400 / 200 by media type)', async () => {
    const unknown = `sha256:${'0'.repeat(64)}`;
    expectRefused(await post(required, { documentId: unknown }), 'PERSISTED_QUERY_NOT_FOUND', 400);
    expectRefused(
      await post(required, { documentId: bare(unknown) }, 'application/json'),
      'PERSISTED_QUERY_NOT_FOUND',
      200,
    );
    expectRefused(
      await post(required, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
      'PERSISTED_QUERY_NOT_FOUND',
      400,
    );
  });

  it('neither a query nor an id: PERSISTED_QUERY_ID_REQUIRED (400)', async () => {
    const res = await post(required, { variables: {} });
    expectRefused(res, 'PERSISTED_QUERY_ID_REQUIRED', 400);
    expect(res.body.errors![0]!.message).toMatch(/documentId/);
  });
});

describe('PERSISTED_OPERATIONS=allow', () => {
  it('runs a listed id and an arbitrary query alike', async () => {
    const byId = await post(allowed, { documentId: hashOf('TagCatalog') });
    expectData(byId);
    const byText = await post(allowed, { query: STORE[hashOf('TagCatalog')] });
    expectData(byText);
    expect(byText.body.data).toEqual(byId.body.data);
    expectData(await post(allowed, { query: '{ __typename }' }));
    const get = await getById(allowed, bare(hashOf('TagCatalogPage')), { first: 1 });
    expectData(get);
    expect(get.body.data.tagCatalog.edges).toHaveLength(1);
  });

  it('an unknown id is still refused (PERSISTED_QUERY_NOT_FOUND); a request with neither gets yoga’s own 400', async () => {
    expectRefused(await post(allowed, { documentId: `sha256:${'0'.repeat(64)}` }), 'PERSISTED_QUERY_NOT_FOUND', 400);
    expectRefused(await post(allowed, { qeury: '{ __typename }' }), 'BAD_REQUEST', 400);
  });
});

describe('PERSISTED_OPERATIONS=off (the default)', () => {
  it('documentId is not a parameter it knows (400), and any query runs', async () => {
    expectRefused(await post(off, { documentId: hashOf('TagCatalog') }), 'BAD_REQUEST', 400);
    expectData(await post(off, { query: '{ __typename }' }));
  });
});
