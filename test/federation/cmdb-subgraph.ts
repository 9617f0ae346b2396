/**
 * A foreign subgraph whose own types have our common names with other shapes: `Resource` (an entity object, ours
 * is an interface), `ResourceKind` (other values), `Tag` (a `label`), `PageInfo` (not @shareable, fewer fields),
 * `ResourceConnection`. Next to our unprefixed SDL it cannot compose; next to SUBGRAPH_TYPE_PREFIX=Alibaba it
 * does, and its assets point at our ECS instances by the prefixed entity name (`AlibabaEcsInstance`).
 * Written with @apollo/subgraph `buildSubgraphSchema`, served by graphql-yoga on 127.0.0.1:0.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CMDB_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Query {
    """The CMDB's assets."""
    assets(first: Int): ResourceConnection!
  }

  """A CMDB asset (not a cloud resource)."""
  type Resource @key(fields: "id") {
    id: ID!
    name: String!
    kind: ResourceKind!
    tags: [Tag!]!
    """The ECS instance behind the asset, resolved by the tag gateway."""
    instance: AlibabaEcsInstance
  }

  enum ResourceKind {
    SERVER
    SWITCH
  }

  type Tag {
    label: String!
  }

  type ResourceConnection {
    edges: [ResourceEdge!]!
    pageInfo: PageInfo!
  }

  type ResourceEdge {
    node: Resource!
    cursor: String!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type AlibabaEcsInstance @key(fields: "regionId resourceId", resolvable: false) {
    regionId: String!
    resourceId: String!
  }
`;

export interface Asset {
  id: string;
  name: string;
  labels: string[];
  instance: { regionId: string; resourceId: string };
}

export async function startCmdbSubgraph(assets: Asset[]): Promise<{ url: string; close(): Promise<void> }> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(CMDB_SDL),
    resolvers: {
      Query: {
        assets: (_: unknown, { first }: { first?: number | null }) => {
          const page = assets.slice(0, first ?? assets.length);
          return {
            edges: page.map((node, i) => ({ node, cursor: String(i) })),
            pageInfo: {
              hasNextPage: page.length < assets.length,
              endCursor: page.length ? String(page.length - 1) : null,
            },
          };
        },
      },
      Resource: {
        kind: () => 'SERVER',
        tags: (a: Asset) => a.labels.map((label) => ({ label })),
      },
    } as never,
  });
  const server = createServer(createYoga({ schema, graphqlEndpoint: '/graphql', logging: false, landingPage: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
