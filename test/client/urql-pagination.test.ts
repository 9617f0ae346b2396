/**
 * A frontend's view: @urql/core `Client` with @urql/exchange-graphcache's normalized cache and its
 * `relayPagination()` resolver ("load more" lists that merge every page into one connection), over HTTP
 * against the running gateway, with the codegen typed documents from examples/generated. Pages through the
 * single-region catalog forward (first/after) and backward (last/before), a merged multi-region list, ACK
 * clusters and one resource's tags; every item must come exactly once and in order, equal to the full list
 * fetched in one request. Also: the same client shape against PERSISTED_OPERATIONS=require.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client, cacheExchange as documentCacheExchange, fetchExchange, mapExchange, type Exchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { parse, print } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TagCatalogPageDocument, TagKeysDocument, type TagCatalogPageQuery } from '../../examples/generated/graphql.js';
import type { InventoryResource } from '../../src/simulator/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let sim: Simulator;
let gw: TestGateway;
let persistedGw: TestGateway;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  // PAGE_SIZE_MAX lets the oracle fetch each whole list in one request
  gw = await startTestGateway({ sim, env: { PAGE_SIZE_MAX: '1000' } });
  persistedGw = await startTestGateway({ sim, env: { PERSISTED_OPERATIONS: 'require' } });
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await gw?.close();
  await persistedGw?.close();
  await sim?.close();
});

/** Connection, edge and value types have no `id`: graphcache embeds them in their parent. */
const EMBEDDED = [
  'TagCatalogConnection',
  'TagCatalogEdge',
  'TagCatalogEntry',
  'ResourceCounts',
  'TagKeyConnection',
  'TagKeyEdge',
  'TagKeyFacet',
  'AckClusterConnection',
  'AckClusterEdge',
  'ResourceTagConnection',
  'ResourceTagEdge',
  'Tag',
  'PageInfo',
];

interface Traffic {
  /** The GraphQL responses as they came over the wire, one per page. */
  pages: any[];
}

/** The app's client: graphcache with relayPagination on our connection fields, then fetch. */
function appClient(url: string, traffic: Traffic, extra: Exchange[] = []): Client {
  return new Client({
    url,
    preferGetMethod: false,
    exchanges: [
      cacheExchange({
        keys: Object.fromEntries(EMBEDDED.map((t) => [t, () => null])),
        resolvers: {
          Query: { tagCatalog: relayPagination(), tagKeys: relayPagination(), ackClusters: relayPagination() },
          AckCluster: { tags: relayPagination() },
        },
      }),
      ...extra,
      fetchExchange,
    ],
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      traffic.pages.push(await res.clone().json());
      return res;
    },
  });
}

type Edge<N> = { cursor: string; node: N };
type Conn<N> = {
  edges: Edge<N>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage?: boolean; startCursor?: string | null; endCursor?: string | null };
};

/**
 * Walks a connection the way an infinite list does: ask for a page, then for the next one from the merged
 * pageInfo, until there is none. Returns the merged connection graphcache hands the component at the end.
 */
async function walk<D, V extends Record<string, unknown>, N>(
  client: Client,
  document: TypedDocumentNode<D, V>,
  variables: V,
  pick: (data: D) => Conn<N> | null | undefined,
  direction: 'forward' | 'backward',
  size: number,
): Promise<{ merged: Conn<N>; requests: number }> {
  let cursor: string | null = null;
  for (let requests = 1; requests < 500; requests++) {
    const paging: Record<string, unknown> =
      direction === 'forward' ? { first: size, after: cursor } : { first: null, last: size, before: cursor };
    const result = await client
      .query(document, { ...variables, ...paging } as V, { requestPolicy: 'cache-first' })
      .toPromise();
    expect(result.error, result.error?.message).toBeUndefined();
    const merged: Conn<N> = pick(result.data!)!;
    const more = direction === 'forward' ? merged.pageInfo.hasNextPage : merged.pageInfo.hasPreviousPage;
    if (!more) return { merged, requests };
    cursor = (direction === 'forward' ? merged.pageInfo.endCursor : merged.pageInfo.startCursor) ?? null;
    expect(cursor).toBeTruthy();
  }
  throw new Error('the walk did not end');
}

const catalogKey = (n: { key: string; value: string; regionId: string }) =>
  `${n.regionId}\u0000${n.key}\u0000${n.value}`;

/** The whole list in one request (the oracle), through the same operation text. */
async function wholeList(
  document: TypedDocumentNode<any, any>,
  variables: Record<string, unknown>,
  pick: (d: any) => Conn<any>,
): Promise<any[]> {
  const res = await gw.query(print(document), { ...variables, first: 1000, after: null, last: null, before: null });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const conn = pick(res.data);
  expect(conn.pageInfo.hasNextPage).toBe(false);
  return conn.edges.map((e) => e.node);
}

/**
 * Each item once, in the oracle's order; the wire pages add up to the list and all but the last request's
 * were full (walking backward, the last request gets the start of the list).
 */
function expectSameList<N>(
  merged: Conn<N>,
  expected: N[],
  identity: (n: N) => string,
  traffic: Traffic,
  size: number,
  pick: (d: any) => Conn<N>,
) {
  const got = merged.edges.map((e) => e.node);
  expect(new Set(got.map(identity)).size).toBe(got.length);
  expect(got.map(identity)).toEqual(expected.map(identity));
  expect(got.map(strip)).toEqual(expected.map(strip));
  const sizes = traffic.pages.map((p) => pick(p.data).edges.length);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(expected.length);
  expect(sizes.slice(0, -1).every((n) => n === size)).toBe(true);
  expect(traffic.pages).toHaveLength(Math.ceil(expected.length / size));
}

/** graphcache adds __typename to what it asks; the oracle's query does not. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== '__typename')
        .map(([k, v]) => [k, strip(v)]),
    );
  }
  return value;
}

const pickCatalog = (d: TagCatalogPageQuery) =>
  d.tagCatalog as Conn<NonNullable<TagCatalogPageQuery['tagCatalog']>['edges'][number]['node']>;

describe('TagCatalogPageDocument (cn-hangzhou catalog) with relayPagination', () => {
  const variables = { filters: null };

  it('forward, first/after, 7 at a time: every entry once, in order, as the one-request list', async () => {
    const expected = await wholeList(TagCatalogPageDocument, variables, (d) => d.tagCatalog);
    expect(expected.length).toBeGreaterThan(50);
    const traffic: Traffic = { pages: [] };
    const { merged, requests } = await walk(
      appClient(gw.url, traffic),
      TagCatalogPageDocument,
      variables,
      pickCatalog,
      'forward',
      7,
    );
    expect(requests).toBe(Math.ceil(expected.length / 7));
    expect(merged.pageInfo.hasPreviousPage).toBe(false);
    expectSameList(merged, expected, catalogKey, traffic, 7, (d) => d.tagCatalog);
  });

  it('backward, last/before, 9 at a time: the same list', async () => {
    const expected = await wholeList(TagCatalogPageDocument, variables, (d) => d.tagCatalog);
    const traffic: Traffic = { pages: [] };
    const { merged } = await walk(
      appClient(gw.url, traffic),
      TagCatalogPageDocument,
      variables,
      pickCatalog,
      'backward',
      9,
    );
    expect(merged.pageInfo.hasNextPage).toBe(false);
    // backward pages fill from the end: the last request gets the short page, the start of the list
    expectSameList(merged, expected, catalogKey, traffic, 9, (d) => d.tagCatalog);
  });

  it('with its default filter (env keys only) too', async () => {
    const expected = await wholeList(TagCatalogPageDocument, {}, (d) => d.tagCatalog);
    expect(expected.length).toBeGreaterThan(2);
    expect(expected.every((n: any) => n.key === 'env')).toBe(true);
    const traffic: Traffic = { pages: [] };
    const { merged } = await walk(appClient(gw.url, traffic), TagCatalogPageDocument, {}, pickCatalog, 'forward', 2);
    expectSameList(merged, expected, catalogKey, traffic, 2, (d) => d.tagCatalog);
  });
});

/** The merged multi-region catalog: a document an app would write (TagCatalogPage is fixed to one region). */
const MergedCatalogDocument = parse(/* GraphQL */ `
  query MergedCatalog($regionIds: [String!]!, $first: Int, $after: String, $last: Int, $before: String) {
    tagCatalog(regionIds: $regionIds, kind: ECS_DISK, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { key value regionId resourceCount } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`) as TypedDocumentNode<
  TagCatalogPageQuery,
  { regionIds: string[]; first?: number | null; after?: string | null; last?: number | null; before?: string | null }
>;

describe('a merged list: the catalog of three regions', () => {
  const variables = { regionIds: ['cn-hangzhou', 'cn-beijing', 'cn-shanghai'] };

  it.each(['forward', 'backward'] as const)(
    '%s, 25 at a time: every entry once, ordered by key, value, region',
    async (direction) => {
      const expected = await wholeList(MergedCatalogDocument, variables, (d) => d.tagCatalog);
      expect(new Set(expected.map((n: any) => n.regionId)).size).toBe(3);
      const traffic: Traffic = { pages: [] };
      const { merged } = await walk(
        appClient(gw.url, traffic),
        MergedCatalogDocument,
        variables,
        pickCatalog,
        direction,
        25,
      );
      expectSameList(merged, expected, catalogKey, traffic, 25, (d) => d.tagCatalog);
    },
  );

  it('TagKeysDocument over two regions (keys merged across regions), forward 4 at a time', async () => {
    const vars = { regionIds: ['cn-hangzhou', 'cn-beijing'] };
    const expected = await wholeList(TagKeysDocument, vars, (d) => d.tagKeys);
    expect(expected.length).toBeGreaterThan(8);
    const traffic: Traffic = { pages: [] };
    const { merged } = await walk(
      appClient(gw.url, traffic),
      TagKeysDocument,
      vars,
      (d) => d.tagKeys as Conn<{ key: string }> | null,
      'forward',
      4,
    );
    expectSameList(
      merged,
      expected,
      (n) => n.key,
      traffic,
      4,
      (d) => d.tagKeys,
    );
  });
});

const ClustersDocument = parse(/* GraphQL */ `
  query Clusters($regionId: String!, $clusterIds: [String!]!, $first: Int, $after: String, $last: Int, $before: String) {
    ackClusters(regionId: $regionId, clusterIds: $clusterIds, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { id resourceId regionId } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`) as TypedDocumentNode<
  { ackClusters: Conn<{ id: string; resourceId: string; regionId: string }> | null },
  Record<string, unknown>
>;

const ClusterTagsDocument = parse(/* GraphQL */ `
  query ClusterTags($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      id
      ... on AckCluster {
        tags(first: $first, after: $after, last: $last, before: $before) {
          totalCount
          edges { cursor node { key value } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }
  }
`) as TypedDocumentNode<
  { node: { id: string; tags?: Conn<{ key: string; value: string }> | null } | null },
  Record<string, unknown>
>;

describe('entities: ackClusters and one cluster’s tags (Resource.tags)', () => {
  let clusters: InventoryResource[];
  beforeAll(() => {
    clusters = sim.inventory().resources.filter((r) => r.type === 'cluster' && r.regionId === 'cn-beijing');
  });

  it('ackClusters forward 6 at a time, in the order asked; the clusters are normalized entities (by id)', async () => {
    const variables = { regionId: 'cn-beijing', clusterIds: [...clusters].reverse().map((c) => c.resourceId) };
    const expected = await wholeList(ClustersDocument, variables, (d) => d.ackClusters);
    expect(expected.map((n: any) => n.resourceId)).toEqual(variables.clusterIds);
    const traffic: Traffic = { pages: [] };
    const { merged } = await walk(
      appClient(gw.url, traffic),
      ClustersDocument,
      variables,
      (d) => d.ackClusters,
      'forward',
      6,
    );
    expectSameList(
      merged,
      expected,
      (n) => n.id,
      traffic,
      6,
      (d) => d.ackClusters,
    );
  });

  it('the cluster with the most tags, 3 at a time both ways, merged on the AckCluster entity', async () => {
    const cluster = [...clusters].sort((a, b) => b.tags.length - a.tags.length)[0]!;
    expect(cluster.tags.length).toBeGreaterThan(10);
    const id = Buffer.from(`AckCluster:${cluster.regionId}/${cluster.resourceId}`).toString('base64url');
    const expected = await wholeList(ClusterTagsDocument, { id }, (d) => d.node.tags);
    expect(expected).toHaveLength(cluster.tags.length);
    for (const direction of ['forward', 'backward'] as const) {
      const traffic: Traffic = { pages: [] };
      const { merged } = await walk(
        appClient(gw.url, traffic),
        ClusterTagsDocument,
        { id },
        (d) => d.node?.tags,
        direction,
        3,
      );
      expectSameList(
        merged,
        expected,
        (t) => t.key,
        traffic,
        3,
        (d) => d.node.tags,
      );
    }
  });
});

describe('with PERSISTED_OPERATIONS=require', () => {
  /** Sends the hash codegen put on each typed document instead of its text. */
  const persistedDocuments = mapExchange({
    onOperation: (operation) => {
      const hash = (operation.query as { __meta__?: { hash?: string } }).__meta__?.hash;
      return hash
        ? { ...operation, extensions: { ...operation.extensions, persistedQuery: { version: 1, sha256Hash: hash } } }
        : operation;
    },
  });

  it('urql with its document cache pages TagCatalogPageDocument by hash', async () => {
    const expected = await wholeList(TagCatalogPageDocument, { filters: null }, (d) => d.tagCatalog);
    const bodies: string[] = [];
    const client = new Client({
      url: persistedGw.url,
      preferGetMethod: false,
      exchanges: [documentCacheExchange, persistedDocuments, fetchExchange],
      fetch: (input, init) => {
        bodies.push(String(init?.body));
        return fetch(input, init);
      },
    });
    const got: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result = await client.query(TagCatalogPageDocument, { filters: null, first: 40, after }).toPromise();
      expect(result.error, result.error?.message).toBeUndefined();
      got.push(...result.data!.tagCatalog!.edges.map((e) => catalogKey(e.node)));
      if (!result.data!.tagCatalog!.pageInfo.hasNextPage) break;
      after = result.data!.tagCatalog!.pageInfo.endCursor ?? null;
    }
    expect(got).toEqual(expected.map(catalogKey));
    // no document text went over the wire
    for (const body of bodies) expect(JSON.parse(body).query).toBeUndefined();
  });

  // graphcache needs __typename on every object to normalize; codegen.yml's document transform
  // (examples/add-typename.mjs) puts it into the persisted documents too.
  it('graphcache reads the answers to persisted operations (codegen adds __typename to them)', async () => {
    // graphcache says what it cannot normalize through console.warn/error: that is this test's failure signal
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const traffic: Traffic = { pages: [] };
    const client = appClient(persistedGw.url, traffic, [persistedDocuments]);
    const result = await client.query(TagCatalogPageDocument, { filters: null, first: 3, after: null }).toPromise();
    expect(traffic.pages[0]?.data?.tagCatalog?.edges).toHaveLength(3);
    expect(result.data?.tagCatalog?.edges).toHaveLength(3);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});
