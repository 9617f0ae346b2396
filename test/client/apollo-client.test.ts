/**
 * The README's Apollo Client 4 recipe (examples/apollo/client.ts) run in Node: HttpLink to a running gateway,
 * `taggedResources` paged forward with `fetchMore` until the end, the merged list read back from the cache
 * (every item once, in order, equal to the whole list fetched in one request); a second filter keeps its own
 * list; a resource's `tags` pages merge too (policy inherited from `Resource`); fragments on `Resource` and `Node`
 * read from the cache with the generated `possibleTypes` (and not without them).
 */
import { ApolloClient, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, typePolicies } from '../../examples/apollo/client.js';
import { possibleTypesOf } from '../../examples/apollo/possible-types.js';
import type { InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

interface Page {
  taggedResources: {
    totalCount: number;
    edges: Array<{ cursor: string; node: { __typename: string; id: string; kind: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const TAGGED: TypedDocumentNode<Page, { tags: unknown; first: number; after?: string | null }> = gql`
  query Tagged($tags: [TagMatchInput!], $first: Int, $after: String) {
    taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE, ACK_CLUSTER], tags: $tags, first: $first, after: $after) {
      totalCount
      edges { cursor node { id kind } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const RESOURCE_BITS = gql`
  fragment ResourceBits on Resource { kind regionId resourceId }
`;

let gw: TestGateway;
let client: ApolloClient;

beforeAll(async () => {
  gw = await startTestGateway({ env: { PAGE_SIZE_MAX: '1000' } });
  client = createClient(gw.url);
});
afterAll(() => gw?.close());

/** The whole list in one request, straight over HTTP: what the merged pages must equal. */
async function wholeList(tags: unknown): Promise<string[]> {
  const res = await gw.query(
    `query($tags: [TagMatchInput!]) { taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE, ACK_CLUSTER], tags: $tags, first: 1000) { edges { node { id } } } }`,
    { tags },
  );
  return res.data.taggedResources.edges.map((e: any) => e.node.id);
}

/**
 * Pages forward with fetchMore until hasNextPage is false; answers the pages fetched and the merged list, read from
 * the cache (`readQuery` with the first page's variables: the key arguments name the list, the paging ones do not).
 * The watched query's own result catches up a tick later.
 */
async function loadAll(tags: unknown, first: number): Promise<{ pages: number; merged: Page }> {
  const query = client.watchQuery({ query: TAGGED, variables: { tags, first } });
  const sub = query.subscribe(() => {});
  try {
    await query.refetch();
    const merged = () => client.readQuery({ query: TAGGED, variables: { tags, first } })!;
    let pages = 1;
    while (merged().taggedResources.pageInfo.hasNextPage) {
      await query.fetchMore({ variables: { after: merged().taggedResources.pageInfo.endCursor } });
      pages++;
    }
    return { pages, merged: merged() };
  } finally {
    sub.unsubscribe();
  }
}

describe('Apollo Client 4 with relayStylePagination', () => {
  const prod = [{ key: 'env', values: ['prod'] }];
  const staging = [{ key: 'env', values: ['staging'] }];

  it('fetchMore pages forward and the cache holds one merged list, every item once and in order', async () => {
    const expected = await wholeList(prod);
    expect(expected.length).toBeGreaterThan(12);
    const { pages, merged } = await loadAll(prod, 25);
    expect(pages).toBe(Math.ceil(expected.length / 25));
    expect(merged.taggedResources.edges.map((e) => e.node.id)).toEqual(expected);
    expect(merged.taggedResources.pageInfo.hasNextPage).toBe(false);
    // the watched query's own result, once it caught up, is the same merged list
    const watched = client.watchQuery({
      query: TAGGED,
      variables: { tags: prod, first: 25 },
      fetchPolicy: 'cache-only',
    });
    expect((watched.getCurrentResult().data as Page).taggedResources.edges.map((e) => e.node.id)).toEqual(expected);
  });

  it('another filter (a key argument) is another list', async () => {
    const expected = await wholeList(staging);
    const { merged } = await loadAll(staging, 50);
    expect(merged.taggedResources.edges.map((e) => e.node.id)).toEqual(expected);
    expect(
      client.readQuery({ query: TAGGED, variables: { tags: prod, first: 25 } })?.taggedResources.edges.length,
    ).toBe((await wholeList(prod)).length);
  });

  it("a resource's tags merge page by page (the Resource policy, inherited through possibleTypes)", async () => {
    const r = gw.sim.inventory().resources.find((x: InventoryResource) => x.type === 'cluster' && x.tags.length >= 4)!;
    const TAGS = gql`
      query Tags($refs: [ResourceRefInput!]!, $after: String) {
        resources(refs: $refs) { id ... on Resource { tags(first: 2, after: $after) { edges { node { key value } } pageInfo { hasNextPage endCursor } } } }
      }
    `;
    const refs = [{ kind: 'ACK_CLUSTER', regionId: r.regionId, resourceId: r.resourceId }];
    const query = client.watchQuery({ query: TAGS, variables: { refs } });
    const sub = query.subscribe(() => {});
    await query.refetch();
    const tags = () => (client.readQuery({ query: TAGS, variables: { refs } }) as any).resources[0].tags;
    let pages = 1;
    while (tags().pageInfo.hasNextPage) {
      await query.fetchMore({ variables: { after: tags().pageInfo.endCursor } });
      pages++;
    }
    sub.unsubscribe();
    expect(pages).toBe(Math.ceil(r.tags.length / 2));
    const keys = tags().edges.map((e: any) => e.node.key);
    expect(keys).toEqual([...r.tags.map((t) => t.key)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('fragments on Resource and Node read from the cache with possibleTypes', async () => {
    const r = gw.sim.inventory().resources.find((x: InventoryResource) => x.type === 'instance')!;
    const id = Buffer.from(`EcsInstance:${r.regionId}/${r.resourceId}`).toString('base64url');
    const NODE = gql`
      query Node($id: ID!) { node(id: $id) { id ...ResourceBits } }
      ${RESOURCE_BITS}
    `;
    const { data } = await client.query({ query: NODE, variables: { id } });
    expect(data).toEqual({
      node: { __typename: 'EcsInstance', id, kind: 'ECS_INSTANCE', regionId: r.regionId, resourceId: r.resourceId },
    });
    const fragment = client.readFragment({
      id: client.cache.identify({ __typename: 'EcsInstance', id }),
      fragment: RESOURCE_BITS,
    });
    expect(fragment).toEqual({
      __typename: 'EcsInstance',
      kind: 'ECS_INSTANCE',
      regionId: r.regionId,
      resourceId: r.resourceId,
    });

    // Without possibleTypes the cache cannot match `... on Resource` to an EcsInstance: the fields read as missing.
    const bare = new ApolloClient({ link: new HttpLink({ uri: gw.url }), cache: new InMemoryCache({ typePolicies }) });
    const bareResult = await bare.query({ query: NODE, variables: { id } });
    expect(bareResult.data).toEqual({ node: { __typename: 'EcsInstance', id } });
    const bareFragment = bare.readFragment({
      id: bare.cache.identify({ __typename: 'EcsInstance', id }),
      fragment: RESOURCE_BITS,
    });
    expect(bareFragment).toEqual({ __typename: 'EcsInstance' });
  });

  it('examples/apollo/possible-types.json is generated from schema/schema.graphql (npx tsx examples/apollo/possible-types.ts)', () => {
    const committed = JSON.parse(readFileSync('examples/apollo/possible-types.json', 'utf8'));
    expect(committed).toEqual(possibleTypesOf(readFileSync('schema/schema.graphql', 'utf8')));
    expect(committed.Resource).toContain('AckCluster');
  });
});
