/**
 * The GraphQL Foundation's GraphQL-over-HTTP audit (graphql-http `serverAudits`, 61 audits: MUST → 'error',
 * SHOULD → 'warn', MAY → 'notice') against the running gateway over a real socket, in three configurations.
 * Each audit is its own test and must come out exactly as expected: 'ok', or the status of a documented
 * exception below. A MUST failure that is not documented fails the run.
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

interface Exception {
  status: AuditResult['status'];
  why: string;
}

const INTROSPECTION_OFF =
  'the audit’s document is `query Type($name: String!) { __type(name: $name) { name } }`, an introspection query that ' +
  'INTROSPECTION=false refuses by design (a validation error); the behaviour audited (variables as a map / as ' +
  'URL-encoded JSON in GET) is checked below with a non-introspection document';

interface Setup {
  env: Record<string, string>;
  /** Audit id → the documented non-ok status and why. */
  exceptions: Record<string, Exception>;
}

const SETUPS: Record<string, Setup> = {
  'default knobs (response cache, GraphiQL and introspection on)': { env: {}, exceptions: {} },
  'PERSISTED_OPERATIONS=allow': { env: { PERSISTED_OPERATIONS: 'allow' }, exceptions: {} },
  'hardened (NODE_ENV=production, INTROSPECTION=false, GRAPHIQL=false)': {
    env: { NODE_ENV: 'production', INTROSPECTION: 'false', GRAPHIQL: 'false' },
    exceptions: {
      '28B9': { status: 'error', why: INTROSPECTION_OFF },
      '2EA1': { status: 'warn', why: INTROSPECTION_OFF },
      D6D5: { status: 'notice', why: INTROSPECTION_OFF },
      '6A70': { status: 'notice', why: INTROSPECTION_OFF },
    },
  },
};

let sim: Simulator;
const gateways = new Map<string, TestGateway>();

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  for (const [name, setup] of Object.entries(SETUPS))
    gateways.set(name, await startTestGateway({ sim, env: setup.env }));
});
afterAll(async () => {
  for (const gw of gateways.values()) await gw.close();
  await sim?.close();
});

const urlOf = (name: string) => () => gateways.get(name)!.url;

function reasonOf(result: AuditResult): string {
  return result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`;
}

for (const [name, setup] of Object.entries(SETUPS)) {
  describe(`GraphQL over HTTP audit, ${name}`, () => {
    const audits = serverAudits({ url: urlOf(name) });

    it('runs the full audit suite (61 audits in graphql-http 1.23.1)', () => {
      expect(audits).toHaveLength(61);
      // every documented exception names an audit that exists
      for (const id of Object.keys(setup.exceptions)) expect(audits.map((a) => a.id)).toContain(id);
    });

    for (const audit of audits) {
      const exception = setup.exceptions[audit.id];
      const title = `${audit.id} ${audit.name}${exception ? ` — documented ${exception.status}` : ''}`;
      it(title, async () => {
        const result = await audit.fn();
        expect(result.status, reasonOf(result)).toBe(exception?.status ?? 'ok');
      });
    }
  });
}

/** The result of the document above: data and no error (extensions, e.g. the response cache's, may follow). */
function expectData(body: { data?: unknown; errors?: unknown }) {
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ __typename: 'Query' });
}

describe('with INTROSPECTION=false, what the excepted audits meant to check still holds', () => {
  const name = 'hardened (NODE_ENV=production, INTROSPECTION=false, GRAPHIQL=false)';
  const document = 'query Q($skip: Boolean!) { __typename @skip(if: $skip) }';

  it.each(['application/json', 'application/graphql-response+json'])(
    'map {variables} in a POST, accepting %s',
    async (accept) => {
      const res = await fetch(urlOf(name)(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: document, variables: { skip: false } }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(accept);
      expectData(await res.json());
    },
  );

  it.each(['application/json', 'application/graphql-response+json'])(
    'URL-encoded JSON {variables} in a GET, accepting %s',
    async (accept) => {
      const url = new URL(urlOf(name)());
      url.searchParams.set('query', document);
      url.searchParams.set('variables', JSON.stringify({ skip: false }));
      const res = await fetch(url, { headers: { accept } });
      expect(res.status).toBe(200);
      expectData(await res.json());
    },
  );

  it('while the audit’s own introspection document is refused (400 under application/graphql-response+json)', async () => {
    const res = await fetch(urlOf(name)(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({
        query: 'query Type($name: String!) { __type(name: $name) { name } }',
        variables: { name: 'sometype' },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.message).toMatch(/introspection/i);
  });
});
