/**
 * Relay operations over the gateway, compiled by relay-compiler into __generated__ (committed):
 * `cd examples/relay && npx relay-compiler` (schema: schema/schema.graphql, the gateway's own schema).
 *
 * - `TaggedList_query`: a fragment on Query, `@refetchable` + `@connection`. Its pagination query starts at the root,
 *   so it needs no `Query.node`: it works against the gateway and through any supergraph (SUBGRAPH_NODE_FIELDS=omit).
 * - `ClusterTags_cluster`: a fragment on a Node type (`AckCluster`), `@refetchable` + `@connection`. Relay refetches
 *   it with `node(id:)` — always that name — so it works against the gateway directly; through a supergraph only
 *   when `Query.node` is routed to this subgraph (SUBGRAPH_NODE_FIELDS=keep, which composes only when no other
 *   subgraph has `Query.node`; `rename` serves `resourceNode`, which Relay does not call).
 *
 * This file is only read by the compiler; code imports the artifacts (see test/client/relay.test.ts).
 */
import { graphql } from 'relay-runtime';

export const resourceRow = graphql`
  fragment ResourceRow_resource on Resource {
    id
    kind
    regionId
    resourceId
  }
`;

export const taggedList = graphql`
  fragment TaggedList_query on Query
  @refetchable(queryName: "TaggedListPaginationQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 10 }, after: { type: "String" }) {
    taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE, ACK_CLUSTER], tags: [{ key: "env", values: ["prod"] }], first: $first, after: $after)
    @connection(key: "TaggedList_taggedResources") {
      totalCount
      edges {
        node {
          id
          ...ResourceRow_resource
        }
      }
    }
  }
`;

export const taggedListQuery = graphql`
  query TaggedListQuery($first: Int!, $after: String) {
    ...TaggedList_query @arguments(first: $first, after: $after)
  }
`;

export const clusterTags = graphql`
  fragment ClusterTags_cluster on AckCluster
  @refetchable(queryName: "ClusterTagsPaginationQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 2 }, after: { type: "String" }) {
    name
    tags(first: $first, after: $after) @connection(key: "ClusterTags_tags") {
      edges {
        node {
          key
          value
        }
      }
    }
  }
`;

export const clusterQuery = graphql`
  query ClusterQuery($id: ID!) {
    node(id: $id) {
      id
      # @alias: the node may be of another type; the fragment reference is then null
      ...ClusterTags_cluster @alias
    }
  }
`;

/**
 * Writing tags: `tagResources` with an optimistic response (commitMutation's `optimisticResponse`) and the store
 * updated from the payload — each returned resource has its `id`, so Relay merges its new `tagsVersion` and tags
 * into the record every fragment reads. Run in test/client/relay-mutation.test.ts.
 */
export const resourceTags = graphql`
  fragment ResourceTags_resource on Resource {
    id
    tagsVersion
    tags(first: 100) {
      edges {
        node {
          key
          value
        }
      }
    }
  }
`;

export const resourceTagsQuery = graphql`
  query ResourceTagsQuery($refs: [ResourceRefInput!]!) {
    resources(refs: $refs) {
      id
      ...ResourceTags_resource
    }
  }
`;

export const tagResourcesMutation = graphql`
  mutation TagResourcesMutation($input: TagResourcesInput!) {
    tagResources(input: $input) {
      resources {
        id
        ...ResourceTags_resource
      }
      failures {
        resourceId
        code
        message
      }
      calls
    }
  }
`;
