/**
 * Root fields that must call upstream before their objects exist (an ACK cluster is looked up to know it
 * exists) check the arguments of the `tags` fields selected under them first, so bad nested input fails
 * before that call instead of after it.
 */
import {
  getArgumentValues,
  Kind,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
  type FieldNode,
} from 'graphql';
import { checkPaging, type ConnectionArgs } from './connection.js';
import type { GraphContext } from '../context.js';
import { typeNamed } from '../federation/type-prefix.js';
import { readKeys } from '../types/tag.js';

export function checkNestedTagsArgs(info: GraphQLResolveInfo, ctx: GraphContext): void {
  const resource = typeNamed(info.schema, 'AckCluster') as GraphQLObjectType | undefined;
  const tagsField = resource?.getFields().tags as GraphQLField<unknown, unknown> | undefined;
  if (!tagsField) return;
  for (const node of tagsFields(info.fieldNodes, info, new Set())) {
    const args = getArgumentValues(tagsField, node, info.variableValues) as ConnectionArgs & { keys?: string[] | null };
    readKeys(args.keys);
    checkPaging(args, ctx.paging);
  }
}

/** Every `tags` field below these nodes, through inline fragments and fragment spreads. */
function* tagsFields(nodes: readonly FieldNode[], info: GraphQLResolveInfo, seen: Set<string>): Generator<FieldNode> {
  for (const node of nodes) yield* inSelection(node.selectionSet, info, seen);
}

function* inSelection(
  set: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  seen: Set<string>,
): Generator<FieldNode> {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === 'tags') yield selection;
      else yield* inSelection(selection.selectionSet, info, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      yield* inSelection(selection.selectionSet, info, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      yield* inSelection(info.fragments[selection.name.value]?.selectionSet, info, seen);
    }
  }
}
