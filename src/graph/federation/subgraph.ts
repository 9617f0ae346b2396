/**
 * What a supergraph sees of `Query.node`/`Query.nodes`. Federation cannot route a global `node` field, and a
 * supergraph with its own `node` would fail to compose (INVALID_FIELD_SHARING). So in the subgraph SDL they are
 * omitted by default (direct clients still have them), kept on request, or renamed to `resourceNode(s)` in
 * both the SDL and the executable schema so a supergraph can route them to this subgraph. Whatever the mode,
 * `_service` serves the SDL of the schema as finally built (type prefix included).
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLObjectType, GraphQLSchema, type GraphQLFieldConfigMap } from 'graphql';

export type NodeFieldsMode = 'omit' | 'keep' | 'rename';

export const RENAMED = { node: 'resourceNode', nodes: 'resourceNodes' } as const;

/** `reprint`: the schema was changed after Pothos printed its SDL (type prefix), so `keep` prints it again too. */
export function adjustSubgraph(schema: GraphQLSchema, mode: NodeFieldsMode, reprint = false): GraphQLSchema {
  if (mode === 'keep' && !reprint) return schema;
  const queryType = schema.getQueryType()!;
  const fields = { ...queryType.toConfig().fields };
  const sdlFields = { ...fields };
  for (const name of ['node', 'nodes'] as const) {
    const field = fields[name];
    if (!field || mode === 'keep') continue;
    delete sdlFields[name];
    if (mode === 'rename') {
      delete fields[name];
      fields[RENAMED[name]] = field;
      sdlFields[RENAMED[name]] = field;
    }
  }
  // The SDL a supergraph composes: printed from a schema without the hidden fields.
  const sdl = printSubgraphSchema(withQueryFields(schema, sdlFields));
  fields._service = { ...fields._service!, resolve: () => ({ sdl }) };
  return withQueryFields(schema, fields);
}

function withQueryFields(schema: GraphQLSchema, fields: GraphQLFieldConfigMap<unknown, unknown>): GraphQLSchema {
  const config = schema.toConfig();
  // Without the AST node: printSubgraphSchema would print the fields from it instead of from `fields`.
  const query = new GraphQLObjectType({ ...schema.getQueryType()!.toConfig(), fields, astNode: undefined });
  return new GraphQLSchema({ ...config, query, types: config.types.map((t) => (t.name === query.name ? query : t)) });
}
