/**
 * The document side of the cost estimator (cost.ts): an operation's fields with their arguments coerced the way
 * execution will coerce them (variables, their defaults, argument defaults), fragments followed. Nothing here
 * knows what a field costs.
 */
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { BoundedMemo } from '../../upstream/memo.js';

/** One field of the operation: its name, its coerced arguments, and what it selects. */
export interface FieldUse {
  name: string;
  /** The field's key in the response (its alias, else its name). */
  key: string;
  /** Where it is in the document (for errors found before execution). */
  node: FieldNode;
  args: Record<string, unknown>;
  children: () => FieldUse[];
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** Walks remembered per schema and document (yoga's parser cache hands out one DocumentNode per query text). */
const walks = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, BoundedMemo<FieldUse[] | undefined>>>();
/** Distinct (operation name, variables) walks remembered per document. */
const WALKS_PER_DOCUMENT = 64;

/**
 * The root fields of the operation that will run, or undefined when it cannot (unknown operation, bad variables).
 * Remembered: the estimate, the read-ahead and the input checks each ask for them, and coercing the variables
 * again each time was the largest part of a warm request's estimate (issue 18's profile). The walk is a pure
 * function of the document and the variables' JSON; the fields it returns are never changed by their readers.
 */
export function rootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): FieldUse[] | undefined {
  const key = `${operationName ?? ''}\n${variablesJson(rawVariables ?? {})}`;
  let bySchema = walks.get(schema);
  if (!bySchema) walks.set(schema, (bySchema = new WeakMap()));
  let known = bySchema.get(document);
  if (!known) bySchema.set(document, (known = new BoundedMemo(WALKS_PER_DOCUMENT)));
  return known.get(key, () => walkRootFields(schema, document, operationName, rawVariables));
}

/** A request's variables as JSON, written once per variables object (a request asks for its walk several times). */
const jsonOf = new WeakMap<object, string>();
function variablesJson(variables: Record<string, unknown>): string {
  let json = jsonOf.get(variables);
  if (json === undefined) jsonOf.set(variables, (json = JSON.stringify(variables)));
  return json;
}

function walkRootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): FieldUse[] | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return undefined;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return fieldsOf({ schema, fragments, variables: coerced.coerced }, root, operation.selectionSet);
}

/** Every field selected on `type`, through fragments and inline fragments (all type conditions: an upper bound). */
function fieldsOf(walk: Walk, type: GraphQLNamedType, selectionSet: SelectionSetNode): FieldUse[] {
  const out: FieldUse[] = [];
  for (const selection of selectionSet.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const use = fieldUse(walk, type, selection);
      if (use) out.push(use);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
    out.push(...fieldsOf(walk, condition ?? type, fragment.selectionSet));
  }
  return out;
}

/** False when `@skip(if: true)` or `@include(if: false)` leaves the selection out (execution's own rule). */
function included(walk: Walk, node: SelectionNode): boolean {
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if !== false;
  } catch {
    return true; // a bad directive argument fails validation; priced as included
  }
}

function fieldUse(walk: Walk, type: GraphQLNamedType, node: FieldNode): FieldUse | undefined {
  const def = fieldDef(walk.schema, type, node.name.value);
  if (!def) return undefined;
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(def, node, walk.variables);
  } catch {
    args = {};
  }
  const childType = getNamedType(def.type);
  // Walked once, on first use: the cost functions ask a field for its children several times.
  let children: FieldUse[] | undefined;
  return {
    name: node.name.value,
    key: node.alias?.value ?? node.name.value,
    node,
    args,
    children: () => (children ??= node.selectionSet ? fieldsOf(walk, childType, node.selectionSet) : []),
  };
}

/** The field's definition on an object or interface type (on a union or a type without it: any implementation's). */
function fieldDef(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(type) || isInterfaceType(type)) {
    const own = type.getFields()[name];
    if (own) return own;
  }
  if (isAbstractType(type)) {
    for (const impl of schema.getPossibleTypes(type)) {
      const found = impl.getFields()[name];
      if (found) return found;
    }
  }
  return undefined;
}

/** The fields `path` names below `use` (its children, then theirs). */
export function below(use: FieldUse, path: string[]): FieldUse[] {
  let level = [use];
  for (const name of path) level = level.flatMap((u) => u.children()).filter((u) => u.name === name);
  return level;
}

/** True when `use` selects any of `names` directly. */
export function selects(use: FieldUse, names: readonly string[]): boolean {
  return use.children().some((c) => names.includes(c.name));
}
