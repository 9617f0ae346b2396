/**
 * The `Resource` interface and one Relay node type per kind. A resource is identified by (kind, region,
 * native ID); its tags come through the per-request loaders, so any mix of resources costs the fewest calls.
 */
import { UpstreamError } from '../../upstream/errors.js';
import { compareUtf8 } from '../../upstream/strings.js';
import { isClusterId, isEcsResourceId, validateRegionId } from '../../upstream/operations/validate.js';
import type { GraphContext } from '../context.js';
import { builder } from '../builder.js';
import { NotFoundError, userInputError } from '../errors.js';
import { decodeGlobalId, splitResourceId } from '../ids.js';
import { loadedConnection } from '../paging/lists.js';
import { checkNestedTagsArgs } from '../paging/nested-args.js';
import { CloudServiceEnum, ECS_TYPE_OF, KINDS, ResourceKindEnum, TYPENAME_OF, isEcsKind, type Kind } from './kinds.js';
import { TagType, readKeys } from './tag.js';
import { DateTimeScalar } from './datetime.js';
import { fetchedAtOf } from '../../loaders/index.js';
import type { Tag } from '../../upstream/types.js';

export interface ResourceModel {
  kind: Kind;
  regionId: string;
  resourceId: string;
  /** Tags read live from the upstream (a write's payload): used instead of the loaders. */
  liveTags?: Tag[];
  /** What a whole-inventory listing said of it (resourceInventory, tagHygiene): its tags need no call then. */
  listed?: Listed;
}

/** A resource as a listing (DescribeInstances, …, DescribeClustersV1) gave it. */
export interface Listed {
  name?: string;
  createdAt?: string;
  status?: string;
  /** Complete, system tags included, marked with the page's fetch time. */
  tags: Tag[];
}

export const ResourceInterface = builder.interfaceRef<ResourceModel>('Resource').implement({
  description: 'A tagged cloud resource: an ECS instance, disk, image, security group or snapshot, or an ACK cluster.',
  interfaces: [builder.nodeInterfaceRef()],
  fields: (t) => ({
    resourceId: t.exposeString('resourceId', { description: 'The native ID, e.g. `i-bp1…` or `c` + 32 hex digits.' }),
    regionId: t.exposeString('regionId', { description: 'The region the resource lives in, e.g. `cn-hangzhou`.' }),
    kind: t.field({ type: ResourceKindEnum, description: 'What the resource is.', resolve: (r) => r.kind }),
    service: t.field({
      type: CloudServiceEnum,
      description: 'The service that owns the resource.',
      resolve: (r) => (r.kind === 'ACK_CLUSTER' ? 'CS' : 'ECS'),
    }),
    tagsFetchedAt: t.field({
      type: DateTimeScalar,
      nullable: true,
      description:
        'When this resource’s tags were fetched from the upstream (the upstream cache may have kept them a while). ' +
        'Null when the call failed. Ask for fresher data with the request header `Cache-Control: max-age=N`.',
      resolve: async (resource, _args, ctx) => {
        const at = fetchedAtOf(await tagsOf(ctx, resource));
        return new Date(at ?? Date.now());
      },
    }),
    tags: t.connection(
      {
        type: TagType,
        nullable: true,
        description: 'The tags on this resource, by key. Null (with an error) when the upstream call failed.',
        args: {
          keys: t.arg.stringList({ description: 'Only tags with one of these keys (at most 20).' }),
        },
        resolve: (resource, args, ctx) => {
          const keys = readKeys(args.keys);
          const scope = { kind: resource.kind, regionId: resource.regionId, resourceId: resource.resourceId, keys };
          // One `.then` on the loader's promise: what a 200-ref request holds per ref while its tags load (issue 18).
          return loadedConnection(
            ctx,
            'Resource.tags',
            scope,
            args,
            () => tagsOf(ctx, resource),
            (tags) => filterKeys(tags, keys),
          );
        },
      },
      { name: 'ResourceTagConnection', description: 'A page of a resource’s tags.' },
      { name: 'ResourceTagEdge', description: 'One tag of a resource, with its cursor.' },
    ),
  }),
});

/**
 * Tags of one resource through the request's loaders (ECS: ListTagResources batches); [] for a cluster that does
 * not exist. Not an async function: the loader's own promise, with no frame of its own held while it loads.
 */
export function tagsOf(ctx: GraphContext, r: ResourceModel): Promise<Tag[]> {
  if (r.liveTags) return Promise.resolve(r.liveTags);
  if (r.listed) return Promise.resolve(r.listed.tags);
  if (isEcsKind(r.kind)) {
    return ctx.loaders.ecsTags.load({
      regionId: r.regionId,
      resourceType: ECS_TYPE_OF[r.kind],
      resourceId: r.resourceId,
    });
  }
  return ctx.loaders.clusterTags.load({ regionId: r.regionId, clusterId: r.resourceId }).then((tags) => tags ?? []);
}

function filterKeys(tags: Tag[], keys: string[] | undefined): Tag[] {
  const kept = keys ? tags.filter((t) => keys.includes(t.key)) : tags;
  return [...kept].sort((a, b) => compareUtf8(a.key, b.key));
}

/** Checks a native reference's form, before any call. */
export function checkRef(kind: Kind, regionId: string, resourceId: string, argument: string): ResourceModel {
  try {
    validateRegionId(isEcsKind(kind) ? 'DescribeTags' : 'ListTagResources', regionId);
  } catch (err) {
    // Not a conversion (maskError does those): the client named this reference `argument`, not `regionId`.
    // Only the validator's own message is for the client; anything else would be a runtime message.
    const message = err instanceof UpstreamError && err.isInvalidInput ? err.message : 'regionId must be a region ID.';
    throw userInputError(message, argument);
  }
  const ok = isEcsKind(kind) ? isEcsResourceId(ECS_TYPE_OF[kind], resourceId) : isClusterId(resourceId);
  if (!ok) throw userInputError(`"${resourceId.slice(0, 64)}" is not a valid ${TYPENAME_OF[kind]} ID.`, argument);
  return { kind, regionId, resourceId };
}

/**
 * The object a reference names; a NOT_FOUND error (so null, with that error at the path that named it) when
 * the upstream says it does not exist. ACK clusters can be checked (every real cluster carries the
 * `ack.aliyun.com` tag, so ListTagResources finds no tag of a cluster that does not exist); the ECS tag APIs
 * cannot tell an untagged resource from a missing one, so ECS references always resolve.
 */
export async function resolveRef(ctx: GraphContext, ref: ResourceModel): Promise<ResourceModel> {
  if (isEcsKind(ref.kind)) return ref;
  const tags = await ctx.loaders.clusterTags.load({ regionId: ref.regionId, clusterId: ref.resourceId });
  if (tags === null) throw new NotFoundError(`There is no ACK cluster ${ref.resourceId} in ${ref.regionId}.`);
  return ref;
}

/** The Relay node type of one kind (named `TYPENAME_OF[kind]`). */
function resourceType(kind: Kind, description: string) {
  const ref = builder.objectRef<ResourceModel>(TYPENAME_OF[kind]);
  builder.node(ref, {
    description,
    interfaces: [ResourceInterface],
    isTypeOf: (value) => (value as ResourceModel | null)?.kind === kind,
    id: { resolve: (r) => `${r.regionId}/${r.resourceId}` },
    loadOne: (id, ctx) => loadNativeId(ctx, kind, id, 'id'),
    fields: () => ({}),
  });
  return ref;
}

/** The object type of each kind, e.g. `resourceTypes.ACK_CLUSTER` (AckCluster). */
export const resourceTypes = {
  ECS_INSTANCE: resourceType('ECS_INSTANCE', 'An ECS instance.'),
  ECS_DISK: resourceType('ECS_DISK', 'An ECS block storage disk.'),
  ECS_IMAGE: resourceType('ECS_IMAGE', 'An ECS image.'),
  ECS_SECURITY_GROUP: resourceType('ECS_SECURITY_GROUP', 'An ECS security group.'),
  ECS_SNAPSHOT: resourceType('ECS_SNAPSHOT', 'An ECS snapshot.'),
  ACK_CLUSTER: resourceType('ACK_CLUSTER', 'A Container Service for Kubernetes (ACK) cluster.'),
} satisfies Record<Kind, ReturnType<typeof resourceType>>;

function loadNativeId(ctx: GraphContext, kind: Kind, id: string, argument: string): Promise<ResourceModel> {
  const parts = splitResourceId(id);
  if (!parts) throw userInputError('This ID does not name a resource.', argument);
  return resolveRef(ctx, checkRef(kind, parts.regionId, parts.resourceId, argument));
}

/** True when a global ID names an ACK cluster (looked up before its fields resolve). */
function namesCluster(globalId: string): boolean {
  try {
    return decodeGlobalId(globalId).typename === TYPENAME_OF.ACK_CLUSTER;
  } catch {
    return false;
  }
}

/** The object a global ID names (NOT_FOUND when it does not exist); an ID of no known type is a user error. */
async function loadNode(ctx: GraphContext, globalId: string, argument: string): Promise<ResourceModel> {
  let typename: string | undefined;
  let id = '';
  try {
    ({ typename, id } = decodeGlobalId(globalId));
  } catch {
    typename = undefined;
  }
  const kind = KINDS.find((k) => TYPENAME_OF[k] === typename);
  if (!kind) throw userInputError(`"${globalId.slice(0, 64)}" is not an ID this API issued.`, argument);
  return loadNativeId(ctx, kind, id, argument);
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Fetches any object by its global ID; null, with a NOT_FOUND error, if it does not exist.',
    args: { id: t.arg.id({ required: true, description: 'A global ID this API issued (an object’s `id`).' }) },
    resolve: (_root, args, ctx, info) => {
      if (namesCluster(String(args.id))) checkNestedTagsArgs(info, ctx);
      return loadNode(ctx, String(args.id), 'id');
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description:
      'Fetches objects by global IDs, in the order given; null where one does not exist (with a NOT_FOUND error at its index) or where an ID is malformed (BAD_USER_INPUT).',
    args: { ids: t.arg.idList({ required: true, description: 'Global IDs this API issued, at most 500.' }) },
    resolve: (_root, args, ctx, info) => {
      if (args.ids.length > ctx.maxRefs) throw userInputError(`At most ${ctx.maxRefs} IDs may be given.`, 'ids');
      if (args.ids.some((id) => namesCluster(String(id)))) checkNestedTagsArgs(info, ctx);
      // One promise per item: a bad or failing ID nulls its own item only.
      return args.ids.map((id, i) => loadNode(ctx, String(id), `ids[${i}]`));
    },
  }),
}));

export const ResourceRefInput = builder.inputType('ResourceRefInput', {
  description: 'A resource named by its native identifiers.',
  fields: (t) => ({
    kind: t.field({ type: ResourceKindEnum, required: true, description: 'What the resource is.' }),
    regionId: t.string({ required: true, description: 'Its region, e.g. `cn-hangzhou`.' }),
    resourceId: t.string({ required: true, description: 'Its native ID.' }),
  }),
});

builder.queryField('resources', (t) =>
  t.field({
    type: [ResourceInterface],
    nullable: { list: false, items: true },
    description:
      'Resources by native reference, any mix of kinds and regions, in the order given (a plural identifying field: ' +
      'null, with a NOT_FOUND error at its index, where a cluster does not exist). Their tags load in the fewest upstream calls.',
    args: { refs: t.arg({ type: [ResourceRefInput], required: true, description: 'The references, at most 500.' }) },
    resolve: (_root, args, ctx, info) => {
      if (args.refs.length > ctx.maxRefs)
        throw userInputError(`At most ${ctx.maxRefs} references may be given.`, 'refs');
      const refs = args.refs.map((r, i) => checkRef(r.kind, r.regionId, r.resourceId, `refs[${i}]`));
      // A cluster is looked up before its fields resolve: its `tags` arguments must be right before that call.
      if (refs.some((r) => r.kind === 'ACK_CLUSTER')) checkNestedTagsArgs(info, ctx);
      // An ECS reference always resolves: the item itself, not a promise of it (each would be held per item, issue 18).
      return refs.map((ref) => (isEcsKind(ref.kind) ? ref : resolveRef(ctx, ref)));
    },
  }),
);
