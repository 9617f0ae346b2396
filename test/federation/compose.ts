/**
 * Composition helpers shared by the federation tests: our subgraph SDL as a supergraph reads it
 * (`_service { sdl }`) in each SUBGRAPH_NODE_FIELDS mode, composed with the inventory subgraph by
 * @apollo/composition. The committed example supergraph uses the fixed URLs below.
 */
import { composeServices, type CompositionResult } from '@apollo/composition';
import { graphqlSync, parse } from 'graphql';
import { buildSchema } from '../../src/graph/schema.js';
import type { NodeFieldsMode } from '../../src/graph/federation/subgraph.js';
import { subgraphSdl } from '../../src/print-schema.js';
import { INVENTORY_SDL } from './inventory-subgraph.js';

/** A composition hint (the class is not re-exported from the package root). */
export type CompositionHint = NonNullable<CompositionResult['hints']>[number];

export const SUPERGRAPH_FILE = 'schema/supergraph.example.graphql';
export const EXAMPLE_URLS = {
  tags: 'http://localhost:4000/graphql',
  inventory: 'http://localhost:4001/graphql',
} as const;

/** What `_service { sdl }` answers for a mode (omit is what `subgraphSdl()` prints, the default). */
export function ourSdl(mode: NodeFieldsMode = 'omit'): string {
  if (mode === 'omit') return subgraphSdl();
  const result = graphqlSync({
    schema: buildSchema({ federation: true, nodeFields: mode }),
    source: '{ _service { sdl } }',
  });
  return (result.data as { _service: { sdl: string } })._service.sdl;
}

export function compose(
  options: { mode?: NodeFieldsMode; inventorySdl?: string; urls?: { tags: string; inventory: string } } = {},
): CompositionResult {
  const urls = options.urls ?? EXAMPLE_URLS;
  return composeServices([
    { name: 'tags', typeDefs: parse(ourSdl(options.mode)), url: urls.tags },
    { name: 'inventory', typeDefs: parse(options.inventorySdl ?? INVENTORY_SDL), url: urls.inventory },
  ]);
}

/** The subgraphs a hint points at (its AST nodes carry the subgraph name). */
export function hintSubgraphs(hint: CompositionHint): string[] {
  const names = (hint.nodes ?? []).map((n) => n.subgraph).filter((s): s is string => typeof s === 'string');
  return [...new Set(names)];
}

export function describeHint(hint: CompositionHint): string {
  return `${hint.definition.code} [${hintSubgraphs(hint).join(', ')}]: ${hint.message}`;
}

/** The file as committed: the composed SDL with a header saying how it is made. */
export function supergraphFileText(supergraphSdl: string): string {
  return (
    '# Example supergraph: this gateway as subgraph "tags" (SUBGRAPH_NODE_FIELDS=omit) composed with the\n' +
    '# "inventory" subgraph of test/federation/inventory-subgraph.ts by @apollo/composition.\n' +
    '# Generated; regenerate with: UPDATE_SUPERGRAPH=1 npx vitest run test/federation/compose.test.ts\n' +
    `${supergraphSdl.trimEnd()}\n`
  );
}
