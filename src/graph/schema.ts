/** Assembles the schema from the type files: a Federation 2 subgraph by default, or a plain schema. */
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import { guardEntities } from './federation/entities.js';
import { adjustSubgraph, type NodeFieldsMode } from './federation/subgraph.js';
import { prefixTypes } from './federation/type-prefix.js';
import './types/kinds.js';
import './types/tag.js';
import './types/resource.js';
import './types/catalog.js';
import './types/cluster.js';
import './types/federation.js';
import './types/tagged.js';
import './types/writes.js';
import './types/inventory.js';
import './types/hygiene.js';

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

export interface SchemaOptions {
  federation: boolean;
  /** In federated mode: what the subgraph SDL does with Query.node/nodes (see subgraph.ts). Default omit. */
  nodeFields?: NodeFieldsMode;
  /** In federated mode: prefixed to every type name of ours (see type-prefix.ts). Default '' (none). */
  typePrefix?: string;
}

export function buildSchema(options: SchemaOptions): GraphQLSchema {
  if (!options.federation) return builder.toSchema();
  const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, federationDirectives: ['@key', '@shareable'] });
  const prefix = options.typePrefix ?? '';
  // Renamed first: the SDL that adjustSubgraph prints for `_service` then holds the new names.
  return guardEntities(adjustSubgraph(prefixTypes(schema, prefix), options.nodeFields ?? 'omit', prefix !== ''));
}
