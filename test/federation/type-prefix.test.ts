/**
 * SUBGRAPH_TYPE_PREFIX: next to a subgraph that owns `Resource`, `ResourceKind`, `Tag` and `PageInfo` with
 * other shapes, our unprefixed SDL cannot compose; with `Alibaba` it composes, and @apollo/gateway runs a query
 * across both subgraphs: the CMDB's assets with their own `Tag`s, each with our ECS instance resolved through
 * `_entities` by the prefixed `__typename`, and our root fields under their prefixed types. Global IDs do not
 * change with the prefix (they are encoded with the original names).
 */
import { composeServices } from '@apollo/composition';
import type { ApolloServer } from '@apollo/server';
import { readFileSync } from 'node:fs';
import { isTypeDefinitionNode, parse, print, printSchema, visit, type DefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TYPE_PREFIX, subgraphSdl } from '../../src/print-schema.js';
import type { InventoryResource } from '../../src/simulator/index.js';
import { buildSchema } from '../../src/graph/schema.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/gateway.js';
import { CMDB_SDL, startCmdbSubgraph, type Asset } from './cmdb-subgraph.js';
import { runOperation, startRouter } from './router.js';

const PREFIX = EXAMPLE_TYPE_PREFIX; // Alibaba
const globalId = (type: string, r: { regionId: string; resourceId: string }) =>
  Buffer.from(`${type}:${r.regionId}/${r.resourceId}`).toString('base64url');
const sortedTags = (r: InventoryResource) =>
  [...r.tags]
    .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)))
    .map(({ key, value }) => ({ key, value }));

function composeWithCmdb(
  ourTypeDefs: string,
  urls = { tags: 'http://tags/graphql', cmdb: 'http://cmdb/graphql' },
  cmdbSdl = CMDB_SDL,
) {
  return composeServices([
    { name: 'tags', typeDefs: parse(ourTypeDefs), url: urls.tags },
    { name: 'cmdb', typeDefs: parse(cmdbSdl), url: urls.cmdb },
  ]);
}

describe('composition next to a subgraph that owns Tag, Resource and PageInfo', () => {
  it('without a prefix it fails on those names', () => {
    // Resource is an interface here and an object there: composition throws on it
    expect(() => composeWithCmdb(subgraphSdl())).toThrow(/Resource/);
    // with that one renamed away, the shared PageInfo / connection fields still fail (INVALID_FIELD_SHARING)
    const result = composeWithCmdb(subgraphSdl(), undefined, CMDB_SDL.replace(/\bResource\b/g, 'Asset'));
    const messages = result.errors?.map((e) => `${String(e.extensions.code)}: ${e.message}`).join('\n') ?? '';
    expect(messages).toMatch(/INVALID_FIELD_SHARING: .*"PageInfo\./);
    expect(messages).toMatch(/INVALID_FIELD_SHARING: .*"ResourceConnection\./);
  });

  it(`with SUBGRAPH_TYPE_PREFIX=${PREFIX} it composes with no errors; both subgraphs keep their own types`, () => {
    const result = composeWithCmdb(subgraphSdl({ typePrefix: PREFIX }));
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    const sdl = result.supergraphSdl!;
    const header = (name: string) => {
      const start = sdl.search(new RegExp(`^(type|interface|enum) ${name}\\b`, 'm'));
      return sdl.slice(start, sdl.indexOf('{', start));
    };
    for (const name of ['Resource', 'Tag', 'PageInfo', 'ResourceKind']) {
      expect(header(name).trim().split(/\s+@/)).toEqual([
        expect.stringMatching(new RegExp(`^(type|enum) ${name}$`)),
        expect.stringMatching(/^join__type\(graph: CMDB/),
      ]);
      expect(header(`${PREFIX}${name}`)).toMatch(/@join__type\(graph: TAGS/);
      expect(header(`${PREFIX}${name}`)).not.toMatch(/CMDB/);
    }
  });

  it('the prefixed SDL is the unprefixed one with every type of ours renamed, and nothing else', () => {
    const strip = (def: DefinitionNode) =>
      print(
        visit(def, {
          Name: (node) =>
            node.value.startsWith(PREFIX) ? { ...node, value: node.value.slice(PREFIX.length) } : undefined,
        }),
      );
    const plain = parse(subgraphSdl()).definitions.map(print).sort();
    const prefixed = parse(subgraphSdl({ typePrefix: PREFIX })).definitions;
    expect(prefixed.map(strip).sort()).toEqual(plain);
    // every type definition is prefixed except the roots, Query and Mutation (federation's own types are not in the SDL)
    const names = prefixed.filter(isTypeDefinitionNode).map((d) => d.name.value);
    expect(names.filter((n) => !n.startsWith(PREFIX))).toEqual(['Mutation', 'Query']);
  });
});

describe(`a supergraph over the prefixed gateway and the CMDB subgraph`, () => {
  let gw: TestGateway;
  let cmdb: Awaited<ReturnType<typeof startCmdbSubgraph>>;
  let router: ApolloServer;
  let instances: InventoryResource[];
  const sentToTags: Array<{ query: string; variables?: Record<string, unknown> }> = [];

  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', SUBGRAPH_TYPE_PREFIX: PREFIX } });
    instances = gw.sim
      .inventory()
      .resources.filter((r) => r.type === 'instance' && r.tags.length >= 2)
      .slice(0, 3);
    const assets: Asset[] = instances.map((r, i) => ({
      id: `asset-${i}`,
      name: `web-${i}`,
      labels: ['rack-7'],
      instance: r,
    }));
    cmdb = await startCmdbSubgraph(assets);
    const composed = composeWithCmdb(readFileSync('schema/subgraph.prefixed.graphql', 'utf8'), {
      tags: gw.url,
      cmdb: cmdb.url,
    });
    expect(composed.errors).toBeUndefined();
    router = await startRouter(composed.supergraphSdl!, {}, (name, { request }) => {
      if (name === 'tags') sentToTags.push({ query: request.query ?? '', variables: request.variables });
    });
  });
  afterAll(async () => {
    await router?.stop();
    await cmdb?.close();
    await gw?.close();
  });

  it('the committed schema/subgraph.prefixed.graphql is what the running gateway serves as _service { sdl }', async () => {
    const res = await gw.query('{ _service { sdl } }');
    expect(`${res.data._service.sdl}\n`).toBe(readFileSync('schema/subgraph.prefixed.graphql', 'utf8'));
  });

  it('runs a query across both subgraphs; our entities come through _entities as AlibabaEcsInstance', async () => {
    const first = instances[0]!;
    const { data, errors } = await runOperation(
      router,
      `query($refs: [AlibabaResourceRefInput!]!) {
        assets { pageInfo { hasNextPage } edges { node { name kind tags { label }
          instance { __typename id kind regionId resourceId tags(first: 50) { pageInfo { hasNextPage } edges { node { key value } } } } } } }
        resources(refs: $refs) { __typename id ... on AlibabaResource { kind } }
      }`,
      { refs: [{ kind: 'ECS_INSTANCE', regionId: first.regionId, resourceId: first.resourceId }] },
    );
    expect(errors).toBeUndefined();
    expect(data.assets.pageInfo).toEqual({ hasNextPage: false });
    expect(data.assets.edges.map((e: any) => e.node)).toEqual(
      instances.map((r, i) => ({
        name: `web-${i}`,
        kind: 'SERVER',
        tags: [{ label: 'rack-7' }],
        instance: {
          __typename: `${PREFIX}EcsInstance`,
          // global IDs encode the original type name: the same with or without a prefix
          id: globalId('EcsInstance', r),
          kind: 'ECS_INSTANCE',
          regionId: r.regionId,
          resourceId: r.resourceId,
          tags: { pageInfo: { hasNextPage: false }, edges: sortedTags(r).map((node) => ({ node })) },
        },
      })),
    );
    expect(data.resources).toEqual([
      { __typename: `${PREFIX}EcsInstance`, id: globalId('EcsInstance', first), kind: 'ECS_INSTANCE' },
    ]);
    // the router fetched our entities by their prefixed name
    const entities = sentToTags.filter((r) => r.query.includes('_entities'));
    expect(entities).toHaveLength(1);
    expect(entities[0]!.query).toContain(`...on ${PREFIX}EcsInstance{`);
    const reps = (entities[0]!.variables as { representations: Array<Record<string, string>> }).representations;
    expect(reps).toEqual(
      instances.map((r) => ({ __typename: `${PREFIX}EcsInstance`, regionId: r.regionId, resourceId: r.resourceId })),
    );
  });

  it('node(id:) on the gateway answers the prefixed __typename for an ID issued without a prefix', async () => {
    const r = instances[1]!;
    const res = await gw.query(
      `query($id: ID!) { node(id: $id) { __typename id ... on ${PREFIX}Resource { resourceId } } }`,
      { id: globalId('EcsInstance', r) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      __typename: `${PREFIX}EcsInstance`,
      id: globalId('EcsInstance', r),
      resourceId: r.resourceId,
    });
  });

  it('_entities refuses the unprefixed type name like any unknown type (BAD_USER_INPUT at its index)', async () => {
    const r = instances[0]!;
    const res = await gw.query('query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }', {
      reps: [
        { __typename: 'EcsInstance', regionId: r.regionId, resourceId: r.resourceId },
        { __typename: `${PREFIX}EcsInstance`, regionId: r.regionId, resourceId: r.resourceId },
      ],
    });
    expect(res.data._entities).toEqual([null, { __typename: `${PREFIX}EcsInstance` }]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['_entities', 0], 'BAD_USER_INPUT']]);
  });
});

describe('SUBGRAPH_TYPE_PREFIX, the knob', () => {
  it('takes a GraphQL name start (or nothing) and refuses anything else at start-up', () => {
    expect(testConfig({ SUBGRAPH_TYPE_PREFIX: 'Alibaba' }).SUBGRAPH_TYPE_PREFIX).toBe('Alibaba');
    expect(testConfig().SUBGRAPH_TYPE_PREFIX).toBe('');
    for (const bad of ['1x', 'Ali-baba', 'Ali baba', '_x']) {
      expect(() => testConfig({ SUBGRAPH_TYPE_PREFIX: bad }), bad).toThrow(/SUBGRAPH_TYPE_PREFIX|GraphQL name/);
    }
  });

  it('changes nothing without federation: the plain schema keeps its names', () => {
    expect(printSchema(buildSchema({ federation: false, typePrefix: PREFIX }))).toBe(
      printSchema(buildSchema({ federation: false })),
    );
  });

  it("a prefixed cluster's nested tags arguments are still checked before the cluster lookup (no upstream call)", async () => {
    const gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', SUBGRAPH_TYPE_PREFIX: PREFIX } });
    try {
      const c = gw.sim.inventory().resources.find((r) => r.type === 'cluster')!;
      const before = gw.sim.calls().length;
      const res = await gw.query(
        `query($refs: [${PREFIX}ResourceRefInput!]!) { resources(refs: $refs) { ... on ${PREFIX}AckCluster { tags(first: -1) { totalCount } } } }`,
        { refs: [{ kind: 'ACK_CLUSTER', regionId: c.regionId, resourceId: c.resourceId }] },
      );
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([
        ['BAD_USER_INPUT', 'first'],
      ]);
      expect(gw.sim.calls().length).toBe(before);
    } finally {
      await gw.close();
    }
  });
});
