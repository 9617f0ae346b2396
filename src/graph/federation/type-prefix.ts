/**
 * SUBGRAPH_TYPE_PREFIX: our type names (`Tag`, `Resource`, `PageInfo`, `ResourceKind` …) are common words, and a
 * supergraph whose other subgraph owns a type of the same name with another shape fails to compose. With a
 * prefix (`Alibaba`) every type of this schema is renamed (`AlibabaTag`, `AlibabaPageInfo` …) in the executable
 * schema and so in the SDL `_service` serves. Not renamed: built-in scalars, introspection types, the root
 * types and federation's own (`_Any`, `_Entity`, `_Service`, `link__*`, `federation__*`).
 *
 * Only names change: resolvers, `isTypeOf` and entity `resolveReference`s are kept. Pothos resolves abstract
 * types to its own (unprefixed) names, so every `resolveType` is wrapped to answer the new name. Global IDs
 * are encoded and decoded with the original names, so an ID stays the same whatever the prefix.
 */
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLUnionType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  lexicographicSortSchema,
  defaultTypeResolver,
  isIntrospectionType,
  visit,
  type ASTNode,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLNamedType,
  type GraphQLType,
  type GraphQLTypeResolver,
} from 'graphql';

/** A prefix is a GraphQL name start: a letter, then letters, digits or `_` (checked by config/schema.ts too). */
export const TYPE_PREFIX_PATTERN = /^([A-Za-z][A-Za-z0-9_]*)?$/;

/** The schema extension that records the prefix, for code that looks up one of our types by its own name. */
const PREFIX_EXTENSION = 'typePrefix';

/** One of our types by its unprefixed name (`AckCluster`), whatever the schema's prefix. */
export function typeNamed(schema: GraphQLSchema, name: string): GraphQLNamedType | undefined {
  const prefix = schema.extensions[PREFIX_EXTENSION];
  return schema.getType(`${typeof prefix === 'string' ? prefix : ''}${name}`) ?? undefined;
}

function keepsName(schema: GraphQLSchema, type: GraphQLNamedType): boolean {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return (
    type.name.startsWith('_') ||
    type.name.includes('__') ||
    isSpecifiedScalarType(type) ||
    roots.includes(type as GraphQLObjectType)
  );
}

export function prefixTypes(schema: GraphQLSchema, prefix: string): GraphQLSchema {
  if (!prefix) return schema;
  if (!TYPE_PREFIX_PATTERN.test(prefix)) throw new Error(`"${prefix}" is not a GraphQL name prefix`);
  const renamed = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!keepsName(schema, type)) renamed.set(type.name, `${prefix}${type.name}`);
  }
  const rename = (name: string) => renamed.get(name) ?? name;
  const built = new Map<string, GraphQLNamedType>();
  const named = (name: string) => built.get(rename(name))!;
  const ref = <T extends GraphQLType>(type: T): T => retype(type, named) as T;
  const renameAst = <N extends ASTNode>(node: N | null | undefined): N | undefined =>
    node ? renameNames(node, rename) : undefined;

  for (const type of Object.values(schema.getTypeMap())) {
    // Introspection types belong to every schema (GraphQLSchema adds them); built-in scalars are shared instances.
    if (isIntrospectionType(type)) continue;
    const next = isSpecifiedScalarType(type)
      ? type
      : rebuild(type, rename(type.name), { ref, named, renameAst, rename });
    built.set(next.name, next);
  }
  const config = schema.toConfig();
  const root = (type: GraphQLObjectType | null | undefined) =>
    type ? (named(type.name) as GraphQLObjectType) : undefined;
  return lexicographicSortSchema(
    new GraphQLSchema({
      ...config,
      query: root(config.query),
      mutation: root(config.mutation),
      subscription: root(config.subscription),
      types: [...built.values()],
      extensions: { ...config.extensions, [PREFIX_EXTENSION]: prefix },
    }),
  );
}

interface Renamer {
  /** The rebuilt counterpart of a type reference (lists and non-null wrappers kept). */
  ref<T extends GraphQLType>(type: T): T;
  named(name: string): GraphQLNamedType;
  renameAst<N extends ASTNode>(node: N | null | undefined): N | undefined;
  rename(name: string): string;
}

function retype(type: GraphQLType, named: (name: string) => GraphQLNamedType): GraphQLType {
  if (isNonNullType(type)) return new GraphQLNonNull(retype(type.ofType, named));
  if (isListType(type)) return new GraphQLList(retype(type.ofType, named));
  return named(type.name);
}

/** The type under its new name; fields, interfaces and members are thunks, resolved once every type exists. */
function rebuild(type: GraphQLNamedType, name: string, r: Renamer): GraphQLNamedType {
  if (isObjectType(type)) {
    const c = type.toConfig();
    return new GraphQLObjectType({
      ...c,
      ...ast(c, r),
      name,
      interfaces: () => c.interfaces.map(r.ref),
      fields: () => outputFields(c.fields, r),
    });
  }
  if (isInterfaceType(type)) {
    const c = type.toConfig();
    const resolveType = renamedResolveType(c.resolveType, r.rename);
    return new GraphQLInterfaceType({
      ...c,
      ...ast(c, r),
      name,
      resolveType,
      interfaces: () => c.interfaces.map(r.ref),
      fields: () => outputFields(c.fields, r),
    });
  }
  if (isUnionType(type)) {
    const c = type.toConfig();
    return new GraphQLUnionType({
      ...c,
      ...ast(c, r),
      name,
      resolveType: renamedResolveType(c.resolveType, r.rename),
      types: () => c.types.map(r.ref),
    });
  }
  if (isInputObjectType(type)) {
    const c = type.toConfig();
    const fields = (): GraphQLInputFieldConfigMap =>
      Object.fromEntries(
        Object.entries(c.fields).map(([k, f]) => [k, { ...f, type: r.ref(f.type), astNode: r.renameAst(f.astNode) }]),
      );
    return new GraphQLInputObjectType({ ...c, ...ast(c, r), name, fields });
  }
  if (isEnumType(type)) {
    const c = type.toConfig();
    return new GraphQLEnumType({ ...c, ...ast(c, r), name });
  }
  if (isScalarType(type)) {
    const c = type.toConfig();
    return new GraphQLScalarType({ ...c, ...ast(c, r), name });
  }
  throw new Error(`unexpected type ${String(type)}`);
}

type AstOf<C> = Pick<C, Extract<keyof C, 'astNode' | 'extensionASTNodes'>>;

function ast<C extends { astNode?: ASTNode | null; extensionASTNodes: readonly ASTNode[] }>(
  c: C,
  r: Renamer,
): AstOf<C> {
  return {
    astNode: r.renameAst(c.astNode),
    extensionASTNodes: c.extensionASTNodes.map((n) => r.renameAst(n)!),
  } as unknown as AstOf<C>;
}

function outputFields(
  fields: GraphQLFieldConfigMap<unknown, unknown>,
  r: Renamer,
): GraphQLFieldConfigMap<unknown, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, f]) => [
      k,
      { ...f, type: r.ref(f.type), args: args(f.args, r), astNode: r.renameAst(f.astNode) },
    ]),
  );
}

function args(map: GraphQLFieldConfigArgumentMap | undefined, r: Renamer): GraphQLFieldConfigArgumentMap | undefined {
  if (!map) return map;
  return Object.fromEntries(
    Object.entries(map).map(([k, a]) => [k, { ...a, type: r.ref(a.type), astNode: r.renameAst(a.astNode) }]),
  );
}

/**
 * Pothos answers its own names (type brands, `__type`): map them; an already-prefixed name passes through.
 * Where Pothos falls back to graphql's default resolver it passes its own (old) abstract type, which the new
 * schema does not know, and gets nothing: then the default resolver runs again with the new one.
 */
function renamedResolveType(
  resolveType: GraphQLTypeResolver<unknown, unknown> | null | undefined,
  rename: (name: string) => string,
): GraphQLTypeResolver<unknown, unknown> | undefined {
  if (!resolveType) return undefined;
  return (value, context, info, abstractType) => {
    const map = (name: string | undefined) =>
      name === undefined ? defaultTypeResolver(value, context, info, abstractType) : rename(name);
    const result = resolveType(value, context, info, abstractType);
    return result instanceof Promise ? result.then(map) : map(result);
  };
}

/**
 * The printed SDL comes from the types' AST nodes (the directives plugin gives them the `@key`s), so they are
 * renamed too: the definition's own name and every type reference in it.
 */
function renameNames<N extends ASTNode>(node: N, rename: (name: string) => string): N {
  const renameNode = <T extends { name: { value: string } }>(n: T): T => ({
    ...n,
    name: { ...n.name, value: rename(n.name.value) },
  });
  return visit(node, {
    NamedType: renameNode,
    ObjectTypeDefinition: renameNode,
    ObjectTypeExtension: renameNode,
    InterfaceTypeDefinition: renameNode,
    InterfaceTypeExtension: renameNode,
    UnionTypeDefinition: renameNode,
    EnumTypeDefinition: renameNode,
    InputObjectTypeDefinition: renameNode,
    ScalarTypeDefinition: renameNode,
  }) as N;
}
