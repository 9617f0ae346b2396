/**
 * Writing tags with Apollo Client: `tagResources` with an optimistic response (the tags show at once) and the
 * normalized cache updated from the payload alone — each returned resource carries its `id`, `tagsVersion` and
 * tags as they now are, so every cached query showing it updates; resources that failed are left as they were.
 * Lists and counts that a write can change (taggedResources, the catalog) are evicted and fetched again, as the
 * cache cannot know whether a resource enters or leaves them. Run in test/client/apollo-client.test.ts.
 */
import { gql, type ApolloClient, type TypedDocumentNode } from '@apollo/client';

/** Root fields whose answers a tag write can change without naming the resource. */
export const LIST_FIELDS = ['taggedResources', 'tagCatalog', 'tagKeys', 'tagValues', 'ackClusters'];

export interface TagNode {
  key: string;
  value: string;
}

export interface WrittenResource {
  __typename: string;
  id: string;
  tagsVersion: string;
  tags: { __typename: 'ResourceTagConnection'; edges: Array<{ __typename: 'ResourceTagEdge'; node: TagNode & { __typename: 'Tag' } }> };
}

export interface TagResourcesData {
  tagResources: {
    __typename: 'TagWritePayload';
    resources: WrittenResource[];
    failures: Array<{ __typename: 'TagWriteFailure'; resourceId: string; code: string; message: string }>;
    calls: number;
  };
}

export interface Ref {
  kind: string;
  regionId: string;
  resourceId: string;
}

export const TAG_RESOURCES: TypedDocumentNode<TagResourcesData, { refs: Ref[]; tags: TagNode[] }> = gql`
  mutation TagResourcesRecipe($refs: [ResourceRefInput!]!, $tags: [TagInput!]!) {
    tagResources(input: { refs: $refs, tags: $tags }) {
      resources {
        id
        tagsVersion
        tags(first: 100) { edges { node { key value } } }
      }
      failures { resourceId code message }
      calls
    }
  }
`;

/**
 * Tags `refs` (whose current tags and global IDs the caller has, e.g. from a query on screen): the optimistic
 * answer merges `tags` into each resource's known tags; the real answer replaces it.
 */
export function tagResources(
  client: ApolloClient,
  resources: Array<{ ref: Ref; id: string; typename: string; tagsVersion: string; tags: TagNode[] }>,
  tags: TagNode[],
) {
  const merged = (current: TagNode[]) => {
    const m = new Map(current.map((t) => [t.key, t.value]));
    for (const t of tags) m.set(t.key, t.value);
    return [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => ({ key, value }));
  };
  return client.mutate({
    mutation: TAG_RESOURCES,
    variables: { refs: resources.map((r) => r.ref), tags },
    optimisticResponse: {
      tagResources: {
        __typename: 'TagWritePayload',
        resources: resources.map((r) => ({
          __typename: r.typename,
          id: r.id,
          tagsVersion: r.tagsVersion,
          tags: {
            __typename: 'ResourceTagConnection' as const,
            edges: merged(r.tags).map((node) => ({
              __typename: 'ResourceTagEdge' as const,
              node: { __typename: 'Tag' as const, ...node },
            })),
          },
        })),
        failures: [],
        calls: 0,
      },
    },
    // The payload updates every resource it names by itself; lists and counts a write can change are dropped, so
    // the queries showing them fetch again (from the gateway, which dropped its own cached answers too).
    update(cache) {
      for (const fieldName of LIST_FIELDS) cache.evict({ id: 'ROOT_QUERY', fieldName });
      cache.gc();
    },
  });
}
