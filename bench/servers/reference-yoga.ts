/**
 * The reference of every gateway row (issue 18): a bare graphql-yoga from the same node_modules, serving the
 * project's own SDL (schema/schema.graphql) with graphql-js's default resolvers over a static copy of the
 * gateway's answer to the same query (ROOT_VALUE_FILE: the `data` the gateway returned, captured with
 * `__typename` on every object so the default type resolver finds each interface's type). What it costs is
 * what serving that very answer to that very query costs a GraphQL server that does nothing else.
 * Env: PORT (required), ROOT_VALUE_FILE (required); loopback only.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const sdl = readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8');
const rootValue = JSON.parse(readFileSync(process.env.ROOT_VALUE_FILE!, 'utf8')) as Record<string, unknown>;

// yoga takes no root value: each root field the answer holds resolves to its static copy; below, default resolvers.
const Query = Object.fromEntries(
  Object.entries(rootValue)
    .filter(([field]) => !field.startsWith('__'))
    .map(([field, value]) => [field, () => value]),
);
const yoga = createYoga({
  schema: createSchema({ typeDefs: sdl, resolvers: { Query } }),
  logging: false,
  graphiql: false,
});
const server = createServer(yoga);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
