/**
 * A second subgraph, as a team that owns a CMDB would write it: an "inventory" of items that point at ECS
 * instances and ACK clusters by their native keys (`regionId resourceId`) and at ECS disks by the global `id`
 * this gateway issued. It only names those entities (stubs, `resolvable: false`); `tags` come from us.
 * It has its own Relay bits (`interface Node`, `Query.node`, a `@shareable` `PageInfo`), as real subgraphs do.
 * Written with @apollo/subgraph `buildSubgraphSchema` and served by graphql-yoga on 127.0.0.1:0.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const INVENTORY_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  interface Node {
    id: ID!
  }

  type Query {
    """Fetches an inventory item by its ID."""
    node(id: ID!): Node
    """The CMDB items, in inventory order."""
    items(first: Int, after: String): InventoryItemConnection!
  }

  """A CMDB entry: one machine or cluster a team owns."""
  type InventoryItem implements Node {
    id: ID!
    name: String!
    owner: String!
    """Set when the item is an ECS instance."""
    ecsInstance: EcsInstance
    """Set when the item is an ACK cluster."""
    ackCluster: AckCluster
    """A disk the item was bookmarked with, by the gateway's global ID."""
    bootDisk: EcsDisk
  }

  type InventoryItemConnection {
    edges: [InventoryItemEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type InventoryItemEdge {
    node: InventoryItem!
    cursor: String!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type EcsInstance @key(fields: "regionId resourceId", resolvable: false) {
    regionId: String!
    resourceId: String!
  }

  type AckCluster @key(fields: "regionId resourceId", resolvable: false) {
    regionId: String!
    resourceId: String!
  }

  type EcsDisk @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

export interface InventoryItem {
  id: string;
  name: string;
  owner: string;
  ecsInstance?: { regionId: string; resourceId: string };
  ackCluster?: { regionId: string; resourceId: string };
  /** A global ID of an EcsDisk (base64url of `EcsDisk:<region>/<id>`). */
  bootDisk?: string;
}

export interface InventorySubgraph {
  url: string;
  /** `items` resolver calls, to show the supergraph asked this subgraph. */
  requests(): number;
  close(): Promise<void>;
}

const offsetCursor = (i: number) => Buffer.from(`inv:${i}`).toString('base64url');
const cursorOffset = (c: string) => Number(Buffer.from(c, 'base64url').toString().slice(4));

export function inventorySchema(items: InventoryItem[], onItems: () => void = () => {}) {
  const byId = new Map(items.map((i) => [i.id, i]));
  return buildSubgraphSchema({
    typeDefs: parse(INVENTORY_SDL),
    resolvers: {
      Query: {
        node: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
        items: (_: unknown, { first, after }: { first?: number | null; after?: string | null }) => {
          onItems();
          const start = after ? cursorOffset(after) + 1 : 0;
          const end = Math.min(items.length, start + (first ?? items.length));
          const edges = items.slice(start, end).map((node, k) => ({ node, cursor: offsetCursor(start + k) }));
          return {
            edges,
            totalCount: items.length,
            pageInfo: {
              hasNextPage: end < items.length,
              hasPreviousPage: start > 0,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
      },
      Node: { __resolveType: () => 'InventoryItem' },
      InventoryItem: {
        bootDisk: (item: InventoryItem) => (item.bootDisk ? { id: item.bootDisk } : null),
      },
    } as never,
  });
}

export async function startInventorySubgraph(items: InventoryItem[]): Promise<InventorySubgraph> {
  let count = 0;
  const yoga = createYoga({
    schema: inventorySchema(items, () => count++),
    graphqlEndpoint: '/graphql',
    logging: false,
    landingPage: false,
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests: () => count,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
