/**
 * A supergraph router for the tests: @apollo/gateway in an ApolloServer, routing each subgraph to where it runs
 * in the test (`urls` by subgraph name; the supergraph's own URL otherwise). `onRequest` sees every subgraph
 * request (to add headers or record what was sent).
 */
import {
  ApolloGateway,
  IntrospectAndCompose,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export async function startRouter(
  supergraphSdl: string | IntrospectAndCompose,
  urls: Record<string, string>,
  onRequest?: (subgraph: string, options: GraphQLDataSourceProcessOptions) => void,
): Promise<ApolloServer> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: silentLogger,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: urls[name!] ?? url,
        willSendRequest: onRequest ? (options) => onRequest(name!, options) : undefined,
      }),
  });
  const server = new ApolloServer({ gateway, logger: silentLogger });
  await server.start();
  return server;
}

/** One operation through the router, as a single GraphQL result. */
export async function runOperation(server: ApolloServer, query: string, variables?: Record<string, unknown>) {
  const res = await server.executeOperation({ query, variables });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as {
    data?: any;
    errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  };
}
