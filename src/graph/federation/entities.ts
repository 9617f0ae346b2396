/**
 * `Query._entities` refuses malformed representations itself, one by one: a representation that is not an object,
 * names no entity type of this subgraph (`__proto__`, `constructor`, `Query`, unknown names), or carries key fields
 * of the wrong type gets a BAD_USER_INPUT error at its own index (`representations[i]`) and the others resolve
 * as usual. Without this, the federation plugin fails on them with a runtime error (an INTERNAL_SERVER_ERROR, an
 * error-level log line with a stack): a client must not be able to cause either.
 */
import { GraphQLUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { userInputError } from '../errors.js';

type Representation = Record<string, unknown> & { __typename: string };

export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field?.resolve) return schema;
  const union = schema.getType('_Entity');
  const entityTypes = new Set(union instanceof GraphQLUnionType ? union.getTypes().map((t) => t.name) : []);
  field.resolve = guarded(field.resolve, entityTypes);
  return schema;
}

function guarded(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  entityTypes: Set<string>,
): GraphQLFieldResolver<unknown, unknown> {
  return async (source, args, context, info) => {
    const representations = (args as { representations?: unknown }).representations;
    if (!Array.isArray(representations))
      throw userInputError('representations must be a list of objects.', 'representations');
    const problems = representations.map((rep, i) => problemOf(rep, entityTypes, i));
    const valid = representations.filter((_, i) => problems[i] === undefined);
    const resolved = valid.length
      ? ((await resolve(source, { ...args, representations: valid }, context, info)) as unknown[])
      : [];
    let next = 0;
    // A returned Error becomes that item's error (null at `_entities[i]`), the others keep their values.
    return problems.map((problem) => problem ?? resolved[next++]);
  };
}

function problemOf(rep: unknown, entityTypes: Set<string>, index: number): Error | undefined {
  const argument = `representations[${index}]`;
  if (typeof rep !== 'object' || rep === null || Array.isArray(rep)) {
    return userInputError('A representation must be an object with __typename and key fields.', argument);
  }
  const typename = Object.hasOwn(rep, '__typename') ? (rep as Representation).__typename : undefined;
  if (typeof typename !== 'string' || !entityTypes.has(typename)) {
    return userInputError(
      '__typename must name an entity type of this subgraph (e.g. EcsInstance, AckCluster).',
      argument,
    );
  }
  const r = rep as Representation;
  if ('id' in r) return typeof r.id === 'string' ? undefined : userInputError('id must be a string.', argument);
  if (typeof r.regionId === 'string' && typeof r.resourceId === 'string') return undefined;
  return userInputError('A representation needs `id`, or `regionId` and `resourceId`, as strings.', argument);
}
