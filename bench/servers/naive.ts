/**
 * The floor: what a GraphQL layer over the same upstream functions costs with nothing the gateway adds, i.e.
 * one upstream call per field (ECS ListTagResources with one `ResourceId` per instance), no DataLoader, no
 * cache, no cursors. Same query shape as the gateway's `resources` rows. Env: PORT, UPSTREAM_URL (simulator).
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { createUpstream, ecsTagResourcesPages, makeCredential } from '../../src/upstream/index.js';
import { DEMO_KEY } from '../../src/simulator/types.js';

const api = createUpstream({ endpointOverride: process.env.UPSTREAM_URL });
const credential = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

interface Ref {
  regionId: string;
  resourceId: string;
}

async function tagsOf(ref: Ref): Promise<Array<{ key: string; value: string }>> {
  const tags: Array<{ key: string; value: string }> = [];
  const request = { regionId: ref.regionId, resourceType: 'instance' as const, resourceIds: [ref.resourceId] };
  for await (const page of ecsTagResourcesPages(api, credential, request)) {
    for (const row of page.tagResources) tags.push({ key: row.key, value: row.value });
  }
  return tags;
}

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    input Ref { regionId: String! resourceId: String! }
    type Tag { key: String! value: String! }
    type Instance { regionId: String! resourceId: String! tags: [Tag!]! }
    type Query { instances(refs: [Ref!]!): [Instance!]! }
  `,
  resolvers: {
    Query: { instances: (_: unknown, args: { refs: Ref[] }) => args.refs },
    Instance: { tags: (ref: Ref) => tagsOf(ref) },
  },
});

const yoga = createYoga({ schema, logging: false, graphiql: false });
const server = createServer(yoga);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
