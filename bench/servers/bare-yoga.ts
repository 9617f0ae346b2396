/**
 * The baseline: a bare graphql-yoga server from the same node_modules, no plugins beyond yoga's defaults.
 * `{ __typename }` measures yoga itself; `static` resolves a constant object shaped and sized like a 50-row
 * tagCatalog answer, so a gateway row is compared with the cost of just serving an answer of its size.
 * Env: PORT (required), loopback only.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const STATIC_ROWS = 50;
const counts = { instance: 12, disk: 3, image: 0, securityGroup: 1, snapshot: 0 };
const staticPage = {
  totalCount: 240,
  edges: Array.from({ length: STATIC_ROWS }, (_, i) => ({
    cursor: `v1.${Buffer.from(`page:${i}`).toString('base64url')}.bench0123456789abcdefgh`,
    node: {
      key: `key-${i % 9}`,
      value: `value-${i}`,
      regionId: i % 2 ? 'cn-beijing' : 'cn-hangzhou',
      resourceCount: 16,
      counts,
    },
  })),
  pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'v1.start', endCursor: 'v1.end' },
};

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Counts { instance: Int disk: Int image: Int securityGroup: Int snapshot: Int }
    type Row { key: String! value: String! regionId: String! resourceCount: Int! counts: Counts! }
    type Edge { cursor: String! node: Row! }
    type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
    type Page { totalCount: Int! edges: [Edge!]! pageInfo: PageInfo! }
    type Query { static: Page! }
  `,
  resolvers: { Query: { static: () => staticPage } },
});

// The query bench/queries.ts sends for this field: STATIC.
const yoga = createYoga({ schema, logging: false, graphiql: false });
const server = createServer(yoga);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
