/** Assembles the schema from the type files: a Federation 2 subgraph by default, or a plain schema. */
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './types/kinds.js';
import './types/tag.js';
import './types/resource.js';
import './types/catalog.js';
import './types/cluster.js';
import './types/federation.js';

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

export function buildSchema(options: { federation: boolean }): GraphQLSchema {
  return options.federation
    ? builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, federationDirectives: ['@key', '@shareable'] })
    : builder.toSchema();
}
