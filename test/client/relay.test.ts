/**
 * The README's Relay recipe: the operations of examples/relay, compiled by relay-compiler 21 into
 * examples/relay/__generated__ (committed; a test recompiles and checks they are current), run by relay-runtime's
 * Environment / Network / Store in Node — without React, so each page is fetched with the compiled pagination
 * query and the cursor (what `usePaginationFragment`'s loadNext sends), and the store's ConnectionHandler merges
 * the pages into the `@connection`, read back through the fragment.
 * - Directly against the gateway: a Query-rooted `@refetchable` list, and a Node-rooted one (AckCluster tags,
 *   refetched through `node(id:)`).
 * - Through a supergraph (the committed example, SUBGRAPH_NODE_FIELDS=omit): the Query-rooted list pages the same;
 *   the Node-rooted refetch gets `node: null`, because `Query.node` there belongs to the other subgraph. With
 *   SUBGRAPH_NODE_FIELDS=keep next to a subgraph that has no `Query.node`, it pages through the router too.
 */
import { composeServices } from '@apollo/composition';
import type { ApolloServer } from '@apollo/server';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'graphql';
import {
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getSelector,
  type ConcreteRequest,
  type FetchFunction,
  type GraphQLResponse,
  type ReaderFragment,
  type SingularReaderSelector,
} from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ClusterQuery from '../../examples/relay/__generated__/ClusterQuery.graphql.js';
import ClusterTagsPaginationQuery from '../../examples/relay/__generated__/ClusterTagsPaginationQuery.graphql.js';
import ClusterTagsFragment from '../../examples/relay/__generated__/ClusterTags_cluster.graphql.js';
import TaggedListPaginationQuery from '../../examples/relay/__generated__/TaggedListPaginationQuery.graphql.js';
import TaggedListQuery from '../../examples/relay/__generated__/TaggedListQuery.graphql.js';
import TaggedListFragment from '../../examples/relay/__generated__/TaggedList_query.graphql.js';
import type { InventoryResource } from '../../src/simulator/index.js';
import { ourSdl, SUPERGRAPH_FILE } from '../federation/compose.js';
import { INVENTORY_SDL, startInventorySubgraph, type InventorySubgraph } from '../federation/inventory-subgraph.js';
import { runOperation, startRouter } from '../federation/router.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const GENERATED = 'examples/relay/__generated__';

let gw: TestGateway;
let inventory: InventorySubgraph;
let supergraph: ApolloServer;
let keepGw: TestGateway;
let keepSupergraph: ApolloServer;

/** The inventory subgraph as it would be without its own `Query.node`: then SUBGRAPH_NODE_FIELDS=keep composes. */
const INVENTORY_WITHOUT_NODE = INVENTORY_SDL.replace(
  /^\s*"""Fetches an inventory item by its ID."""\s*node\(id: ID!\): Node$/m,
  '',
);

beforeAll(async () => {
  gw = await startTestGateway({ env: { PAGE_SIZE_MAX: '1000' } });
  inventory = await startInventorySubgraph([]);
  supergraph = await startRouter(readFileSync(SUPERGRAPH_FILE, 'utf8'), { tags: gw.url, inventory: inventory.url });
  keepGw = await startTestGateway({ sim: gw.sim, env: { SUBGRAPH_NODE_FIELDS: 'keep' } });
  expect(INVENTORY_WITHOUT_NODE).not.toContain('node(id');
  const composed = composeServices([
    { name: 'tags', typeDefs: parse(ourSdl('keep')), url: keepGw.url },
    { name: 'inventory', typeDefs: parse(INVENTORY_WITHOUT_NODE), url: inventory.url },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  keepSupergraph = await startRouter(composed.supergraphSdl, {});
});
afterAll(async () => {
  await supergraph?.stop();
  await keepSupergraph?.stop();
  await inventory?.close();
  await keepGw?.close();
  await gw?.close();
});

/** A Relay environment whose network posts the compiled operation text to the gateway. */
function directEnvironment(): Environment {
  const fetchFn: FetchFunction = async (params, variables) => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  };
  return new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
}

/** The same through a supergraph router (@apollo/gateway in-process). */
function supergraphEnvironment(router = supergraph): Environment {
  const fetchFn: FetchFunction = async (params, variables) => {
    return (await runOperation(router, params.text!, variables)) as GraphQLResponse;
  };
  return new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
}

/** Reads a fragment as the query left it in the store (the merged @connection). */
function readFragment<T>(
  env: Environment,
  query: ConcreteRequest,
  variables: Record<string, unknown>,
  fragment: ReaderFragment,
  path: (data: any) => unknown = (d) => d,
): T {
  const op = createOperationDescriptor(query, variables);
  env.retain(op);
  const selector = getSelector(fragment, path(env.lookup(op.fragment).data)) as SingularReaderSelector;
  return env.lookup(selector).data as T;
}

interface TaggedList {
  taggedResources: {
    totalCount: number;
    edges: Array<{ node: { id: string } }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

/** The first page with TaggedListQuery, then TaggedListPaginationQuery with the cursor until the end. */
async function pageTaggedList(env: Environment, first: number): Promise<{ pages: number; list: TaggedList }> {
  await fetchQuery(env, TaggedListQuery, { first }).toPromise();
  const read = () => readFragment<TaggedList>(env, TaggedListQuery, { first }, TaggedListFragment);
  let pages = 1;
  while (read().taggedResources.pageInfo.hasNextPage) {
    await fetchQuery(env, TaggedListPaginationQuery, {
      first,
      after: read().taggedResources.pageInfo.endCursor,
    }).toPromise();
    pages++;
  }
  return { pages, list: read() };
}

async function wholeTaggedList(): Promise<string[]> {
  const res = await gw.query(
    '{ taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE, ACK_CLUSTER], tags: [{ key: "env", values: ["prod"] }], first: 1000) { edges { node { id } } } }',
  );
  return res.data.taggedResources.edges.map((e: any) => e.node.id);
}

const clusterId = (r: InventoryResource) =>
  Buffer.from(`AckCluster:${r.regionId}/${r.resourceId}`).toString('base64url');
const byKey = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('Relay (relay-runtime in Node) against the gateway', () => {
  it('a Query-rooted @refetchable @connection: the pages merge into one list, every item once, in order', async () => {
    const expected = await wholeTaggedList();
    const { pages, list } = await pageTaggedList(directEnvironment(), 40);
    expect(pages).toBe(Math.ceil(expected.length / 40));
    expect(list.taggedResources.edges.map((e) => e.node.id)).toEqual(expected);
    expect(list.taggedResources.totalCount).toBe(expected.length);
  });

  it('a Node-rooted @refetchable @connection (AckCluster tags) pages through node(id:)', async () => {
    await expectClusterTagsPaged(directEnvironment());
  });
});

/** ClusterQuery, then ClusterTagsPaginationQuery (node(id:)) with the cursor until the end: every tag once, in order. */
async function expectClusterTagsPaged(env: Environment): Promise<void> {
  const cluster = gw.sim.inventory().resources.find((r) => r.type === 'cluster' && r.tags.length >= 5)!;
  const id = clusterId(cluster);
  await fetchQuery(env, ClusterQuery, { id }).toPromise();
  type Tags = {
    name: string;
    tags: { edges: Array<{ node: { key: string } }>; pageInfo: { endCursor: string; hasNextPage: boolean } };
  };
  const read = () =>
    readFragment<Tags>(env, ClusterQuery, { id }, ClusterTagsFragment, (d) => d.node.ClusterTags_cluster);
  let pages = 1;
  while (read().tags.pageInfo.hasNextPage) {
    await fetchQuery(env, ClusterTagsPaginationQuery, {
      id,
      first: 2,
      after: read().tags.pageInfo.endCursor,
    }).toPromise();
    pages++;
  }
  expect(pages).toBe(Math.ceil(cluster.tags.length / 2));
  expect(read().name).toBe(cluster.name);
  expect(read().tags.edges.map((e) => e.node.key)).toEqual(cluster.tags.map((t) => t.key).sort(byKey));
}

describe('Relay through a supergraph (SUBGRAPH_NODE_FIELDS=omit)', () => {
  it('the Query-rooted list pages the same through the router', async () => {
    const expected = await wholeTaggedList();
    const { list } = await pageTaggedList(supergraphEnvironment(), 40);
    expect(list.taggedResources.edges.map((e) => e.node.id)).toEqual(expected);
  });

  it("the Node-rooted refetch gets node: null: the supergraph's Query.node is the other subgraph's", async () => {
    const cluster = gw.sim.inventory().resources.find((r) => r.type === 'cluster')!;
    const res = await fetchQuery(supergraphEnvironment(), ClusterTagsPaginationQuery, {
      id: clusterId(cluster),
      first: 2,
    }).toPromise();
    expect(res).toEqual({ node: null });
  });

  it('SUBGRAPH_NODE_FIELDS=keep, next to a subgraph without Query.node: the Node-rooted refetch works through the router', async () => {
    await expectClusterTagsPaged(supergraphEnvironment(keepSupergraph));
  });
});

describe('examples/relay/__generated__', () => {
  it('is what relay-compiler writes now (cd examples/relay && npx relay-compiler)', () => {
    const before = Object.fromEntries(
      readdirSync(GENERATED).map((f) => [f, readFileSync(`${GENERATED}/${f}`, 'utf8')]),
    );
    execFileSync('npx', ['relay-compiler', '--validate'], { cwd: 'examples/relay', stdio: 'pipe' });
    expect(Object.keys(before).sort()).toEqual([
      'ClusterQuery.graphql.ts',
      'ClusterTagsPaginationQuery.graphql.ts',
      'ClusterTags_cluster.graphql.ts',
      'ResourceRow_resource.graphql.ts',
      'ResourceTagsQuery.graphql.ts',
      'ResourceTags_resource.graphql.ts',
      'TagResourcesMutation.graphql.ts',
      'TaggedListPaginationQuery.graphql.ts',
      'TaggedListQuery.graphql.ts',
      'TaggedList_query.graphql.ts',
    ]);
  });
});
