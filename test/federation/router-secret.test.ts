/**
 * The router secret (ROUTER_SECRET, sent as `x-router-secret`):
 * - hardened (PERSISTED_OPERATIONS=require, INTROSPECTION=false, ROUTER_SECRET): a live supergraph
 *   (@apollo/gateway, IntrospectAndCompose reading `_service`) whose data sources send the secret composes and
 *   runs a cross-subgraph query; any other caller gets neither `_service` nor `_entities`, nor an arbitrary
 *   document;
 * - INTROSPECTION=false alone: the federation fields answer nobody (no router can prove itself), however they
 *   are spelled (aliases, fragments), with FORBIDDEN and no data;
 * - ROUTER_SECRET alone: only the router gets them, and neither yoga's validation cache nor the response cache
 *   hands a router's answer to someone else;
 * - neither: today's behaviour (`_service` served to anyone);
 * - start-up refuses PERSISTED_OPERATIONS=require with FEDERATION=true and no ROUTER_SECRET, saying what to do.
 */
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startInventorySubgraph, type InventorySubgraph } from './inventory-subgraph.js';

const SECRET = 'router-secret-0123456789abcdef';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

let sim: Simulator;
let hardened: TestGateway;
let noIntrospection: TestGateway;
let secretOnly: TestGateway;
let defaults: TestGateway;
let inventory: InventorySubgraph;
let supergraph: ApolloServer;
let cluster: { regionId: string; resourceId: string; tags: Array<{ key: string; value: string }> };

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const hardenedEnv = {
    PERSISTED_OPERATIONS: 'require',
    INTROSPECTION: 'false',
    ROUTER_SECRET: SECRET,
    CACHE_ENABLED: 'false',
  };
  hardened = await startTestGateway({ sim, env: hardenedEnv });
  noIntrospection = await startTestGateway({ sim, env: { INTROSPECTION: 'false', CACHE_ENABLED: 'false' } });
  secretOnly = await startTestGateway({ sim, env: { ROUTER_SECRET: SECRET } });
  defaults = await startTestGateway({ sim, env: { CACHE_ENABLED: 'false' } });
  cluster = sim.inventory().resources.find((r) => r.type === 'cluster' && r.tags.length > 0)!;
  inventory = await startInventorySubgraph([
    {
      id: 'item-0',
      name: 'k8s',
      owner: 'cmdb',
      ackCluster: { regionId: cluster.regionId, resourceId: cluster.resourceId },
    },
  ]);
  const gateway = new ApolloGateway({
    logger: silent,
    supergraphSdl: new IntrospectAndCompose({
      subgraphs: [
        { name: 'tags', url: hardened.url },
        { name: 'inventory', url: inventory.url },
      ],
    }),
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest: ({ request }) => request.http?.headers.set('x-router-secret', SECRET),
      }),
  });
  supergraph = new ApolloServer({ gateway, logger: silent });
  await supergraph.start();
});
afterAll(async () => {
  await supergraph?.stop();
  await inventory?.close();
  for (const gw of [hardened, noIntrospection, secretOnly, defaults]) await gw?.close();
  await sim?.close();
});

const SERVICE = '{ _service { sdl } }';
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on AckCluster { resourceId } } }';
const representation = () => ({ __typename: 'AckCluster', regionId: cluster.regionId, resourceId: cluster.resourceId });
const router = { 'x-router-secret': SECRET };

function expectForbidden(res: {
  status: number;
  data?: unknown;
  errors?: Array<{ extensions?: Record<string, unknown> }>;
}) {
  expect(res.data).toBeUndefined();
  expect(res.status).toBe(403);
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe('FORBIDDEN');
}

describe('hardened: PERSISTED_OPERATIONS=require, INTROSPECTION=false, ROUTER_SECRET', () => {
  it('a supergraph whose router sends the secret composes from _service and fetches entities', async () => {
    const res = await supergraph.executeOperation({
      query: '{ items { edges { node { id ackCluster { resourceId tags(first: 50) { totalCount } } } } } }',
    });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = res.body.singleResult as { data?: any; errors?: unknown };
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(data.items.edges[0].node.ackCluster).toEqual({
      resourceId: cluster.resourceId,
      tags: { totalCount: cluster.tags.length },
    });
  });

  it('the router runs documents that are not on the allow-list', async () => {
    const res = await hardened.query(ENTITIES, { r: [representation()] }, router);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data._entities).toEqual([{ resourceId: cluster.resourceId }]);
  });

  it.each([
    ['no header', {}],
    ['a wrong secret', { 'x-router-secret': `${SECRET}x` }],
    ['an empty secret', { 'x-router-secret': '' }],
  ])('a caller with %s gets neither the SDL nor entities nor an arbitrary document', async (_name, headers) => {
    for (const [query, variables] of [
      [SERVICE, undefined],
      [ENTITIES, { r: [representation()] }],
      ['{ __typename }', undefined],
    ] as const) {
      const res = await hardened.query(query, variables, headers);
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    }
  });
});

describe('INTROSPECTION=false without ROUTER_SECRET', () => {
  it.each([
    ['_service', SERVICE],
    ['an aliased _service', '{ schema: _service { sdl } }'],
    ['_service in a fragment', '{ ...F } fragment F on Query { _service { sdl } }'],
    ['_service next to a permitted field', '{ __typename _service { sdl } }'],
  ])('%s is refused with FORBIDDEN and no data', async (_name, query) => {
    expectForbidden(await noIntrospection.query(query));
  });

  it('_entities is refused, before any upstream call', async () => {
    sim.clearCalls();
    expectForbidden(await noIntrospection.query(ENTITIES, { r: [representation()] }));
    expect(sim.calls()).toEqual([]);
  });

  it('the secret header means nothing when no secret is configured', async () => {
    expectForbidden(await noIntrospection.query(SERVICE, undefined, router));
  });

  it('ordinary queries still run', async () => {
    const res = await noIntrospection.query('{ __typename }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ __typename: 'Query' });
  });
});

describe('ROUTER_SECRET alone (introspection on, response cache on)', () => {
  it('only the router gets _service, whichever asks first (validation cache)', async () => {
    expectForbidden(await secretOnly.query(SERVICE));
    const first = await secretOnly.query(SERVICE, undefined, router);
    expect(first.data._service.sdl).toContain('type AckCluster');
    expectForbidden(await secretOnly.query(SERVICE));
  });

  it('a router’s cached _entities answer is not served to another caller (response cache)', async () => {
    const variables = { r: [representation()] };
    const a = await secretOnly.query(ENTITIES, variables, router);
    const b = await secretOnly.query(ENTITIES, variables, router);
    expect(b.data).toEqual(a.data);
    expectForbidden(await secretOnly.query(ENTITIES, variables));
  });
});

describe('neither (defaults)', () => {
  it('_service is served to anyone, as before', async () => {
    const res = await defaults.query(SERVICE);
    expect(res.errors).toBeUndefined();
    expect(res.data._service.sdl).toContain('type AckCluster');
  });
});

describe('start-up', () => {
  const env = (extra: Record<string, string>) => ({ PERSISTED_OPERATIONS: 'require', ...extra }) as NodeJS.ProcessEnv;

  it('refuses PERSISTED_OPERATIONS=require with FEDERATION=true and no ROUTER_SECRET, saying what to do', () => {
    expect(() => loadConfig(env({}))).toThrow(ConfigError);
    expect(() => loadConfig(env({}))).toThrow(/set ROUTER_SECRET.*x-router-secret.*or set FEDERATION=false/);
  });

  it('accepts it with a ROUTER_SECRET, or without federation', () => {
    expect(loadConfig(env({ ROUTER_SECRET: SECRET })).ROUTER_SECRET).toBe(SECRET);
    expect(loadConfig(env({ FEDERATION: 'false' })).PERSISTED_OPERATIONS).toBe('require');
  });

  it('refuses a short ROUTER_SECRET', () => {
    expect(() => loadConfig({ ROUTER_SECRET: 'short' })).toThrow(/ROUTER_SECRET/);
  });
});
