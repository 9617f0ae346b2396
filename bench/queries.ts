/** The GraphQL bodies the bench sends; instance IDs come from the simulator's own inventory. */
import { readFileSync } from 'node:fs';

const example = (name: string) =>
  readFileSync(new URL(`../../examples/operations/${name}.graphql`, import.meta.url), 'utf8');

export interface Ref {
  regionId: string;
  resourceId: string;
}

export const body = (query: string, variables?: Record<string, unknown>) =>
  JSON.stringify(variables ? { query, variables } : { query });

export const TYPENAME = body('{ __typename }');

/** Served by bare yoga: a constant answer shaped and sized like the 50-row catalog page below. */
export const STATIC = body(
  '{ static { totalCount edges { cursor node { key value regionId resourceCount counts { instance disk image securityGroup snapshot } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
);

/** The two execution-path queries: a 50-row catalog page over two regions, and two resources. */
export const TAG_CATALOG_50 = body(example('tagCatalog'), { first: 50 });
export const RESOURCES_2 = body(example('resources'), {
  refs: [
    { kind: 'ECS_INSTANCE', regionId: 'cn-hangzhou', resourceId: 'i-bpwbo4nq5hzl9cagxna4' },
    { kind: 'ACK_CLUSTER', regionId: 'cn-beijing', resourceId: 'c96f5dfadb3ef9a3a0e0d3954f05c4047' },
  ],
});

export const TAGGED_20 = body(example('taggedResources'), { first: 20 });

const RESOURCE_TAGS =
  'query R($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id tags { edges { node { key value } } } } }';

export const resourcesOf = (refs: Ref[]) =>
  body(RESOURCE_TAGS, {
    refs: refs.map((r) => ({ kind: 'ECS_INSTANCE', regionId: r.regionId, resourceId: r.resourceId })),
  });

/** The naive server's equivalent of `resourcesOf` (its own tiny schema). */
export const naiveOf = (refs: Ref[]) =>
  body('query N($refs: [Ref!]!) { instances(refs: $refs) { regionId resourceId tags { key value } } }', { refs });
