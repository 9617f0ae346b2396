/**
 * Apollo Client 4 against the gateway (directly, or a router in front of it): `relayStylePagination` on every
 * connection field, keyed by the arguments that pick the list (not `first`/`after`/`last`/`before`), so "load more"
 * with `fetchMore` appends to one cached list per filter; `possibleTypes` generated from the schema, so fragments
 * on the `Resource` and `Node` interfaces match the concrete types. Run in `test/client/apollo-client.test.ts`.
 */
import { ApolloClient, HttpLink, InMemoryCache, type TypePolicies } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import possibleTypes from './possible-types.json' with { type: 'json' };

export const typePolicies: TypePolicies = {
  Query: {
    fields: {
      taggedResources: relayStylePagination(['regionIds', 'kinds', 'tags', 'without']),
      tagCatalog: relayStylePagination(['regionIds', 'kind', 'filters']),
      tagKeys: relayStylePagination(['regionIds', 'kind']),
      tagValues: relayStylePagination(['regionIds', 'kind', 'key']),
      ackClusters: relayStylePagination(['regionId', 'clusterIds', 'clusterType', 'name', 'state', 'filters']),
    },
  },
  // Inherited by AckCluster, EcsInstance … through possibleTypes; resources are normalised by `id`.
  Resource: { fields: { tags: relayStylePagination(['keys']) } },
  // Catalog entries have no id: embedded in their page, their `resources` list merges where it is.
  TagCatalogEntry: { fields: { resources: relayStylePagination() } },
};

export function createClient(uri: string, options: { headers?: Record<string, string> } = {}): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri, headers: options.headers }),
    cache: new InMemoryCache({ possibleTypes, typePolicies }),
  });
}
