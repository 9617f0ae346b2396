/** The tag mutations' types: inputs, `TagWritePayload`, `TagWriteFailure`, and `Resource.tagsVersion`. Logic: graph/writes/. */
import { builder } from '../builder.js';
import { tagsVersion } from '../writes/tags-version.js';
import {
  setResourceTags,
  tagResources,
  untagResources,
  type TagWriteFailureModel,
  type TagWritePayloadModel,
} from '../writes/tag-writes.js';
import { ResourceKindEnum } from './kinds.js';
import { ResourceInterface, ResourceRefInput, tagsOf } from './resource.js';

builder.mutationType({ description: 'Tag writes, through to the cloud; every read after one shows it.' });

builder.interfaceField(ResourceInterface, 'tagsVersion', (t) =>
  t.string({
    description:
      'An opaque digest of this resource’s current tag set. Pass it as `setResourceTags(input: { ifTagsVersion })` ' +
      'to write only if nobody changed the tags since.',
    resolve: async (resource, _args, ctx) => tagsVersion(await tagsOf(ctx, resource)),
  }),
);

const TagInput = builder.inputType('TagInput', {
  description: 'A tag to write: a key and its value.',
  fields: (t) => ({
    key: t.string({
      required: true,
      description: 'The key, 1 to 128 characters, not starting with `aliyun` or `acs:`.',
    }),
    value: t.string({
      required: true,
      description: 'The value, 0 to 128 characters (an ACK cluster’s must not be empty).',
    }),
  }),
});

const TagWriteFailure = builder.objectRef<TagWriteFailureModel>('TagWriteFailure').implement({
  description: 'A resource that was not written, and why.',
  fields: (t) => ({
    kind: t.field({ type: ResourceKindEnum, description: 'What the resource is.', resolve: (f) => f.kind }),
    regionId: t.exposeString('regionId', { description: 'Its region.' }),
    resourceId: t.exposeString('resourceId', { description: 'Its native ID.' }),
    code: t.exposeString('code', {
      description: 'The upstream’s code (e.g. `OperationDenied.QuotaExceed`, `InvalidResourceId.NotFound`).',
    }),
    message: t.exposeString('message', { description: 'What went wrong.' }),
  }),
});

const TagWritePayload = builder.objectRef<TagWritePayloadModel>('TagWritePayload').implement({
  description: 'What a tag mutation did.',
  fields: (t) => ({
    resources: t.field({
      type: [ResourceInterface],
      description:
        'Each written resource with its tags as they now are (read from the cloud, not a cache), so a client can ' +
        'update its normalized cache from the payload alone. For a dry run: the resources as they are.',
      resolve: (p) => p.resources,
    }),
    failures: t.field({
      type: [TagWriteFailure],
      description: 'The resources that were not written (the others were).',
      resolve: (p) => p.failures,
    }),
    calls: t.exposeInt('calls', {
      description: 'Write calls made to the cloud; for a dry run, the calls the write would make.',
    }),
    dryRun: t.exposeBoolean('dryRun', { description: 'True when nothing was written (a dry run).' }),
  }),
});

const TagResourcesInput = builder.inputType('TagResourcesInput', {
  description: 'Add tags to resources (a key already on a resource gets the new value).',
  fields: (t) => ({
    refs: t.field({ type: [ResourceRefInput], required: true, description: 'The resources, at most 500.' }),
    tags: t.field({ type: [TagInput], required: true, description: 'The tags, 1 to 20, distinct keys.' }),
    dryRun: t.boolean({ description: 'Validate and count the calls, write nothing.' }),
  }),
});

const UntagResourcesInput = builder.inputType('UntagResourcesInput', {
  description: 'Remove tags from resources: the keys given, or all of them.',
  fields: (t) => ({
    refs: t.field({ type: [ResourceRefInput], required: true, description: 'The resources, at most 500.' }),
    keys: t.stringList({ description: 'The keys to remove, 1 to 20 (keys a resource lacks are ignored).' }),
    all: t.boolean({ description: 'Remove every tag (instead of `keys`).' }),
    dryRun: t.boolean({ description: 'Validate and count the calls, write nothing.' }),
  }),
});

const SetResourceTagsInput = builder.inputType('SetResourceTagsInput', {
  description: 'Make one resource’s tags exactly this set.',
  fields: (t) => ({
    ref: t.field({ type: ResourceRefInput, required: true, description: 'The resource.' }),
    tags: t.field({ type: [TagInput], required: true, description: 'The whole new tag set, at most 20.' }),
    ifTagsVersion: t.string({
      description:
        'Write only if the resource’s `tagsVersion` is still this (read live): else `CONFLICT` and nothing written.',
    }),
  }),
});

builder.mutationFields((t) => ({
  tagResources: t.field({
    type: TagWritePayload,
    description: 'Tags resources, any mix of kinds and regions, in the fewest calls (50 resources a call).',
    args: { input: t.arg({ type: TagResourcesInput, required: true, description: 'What to tag with what.' }) },
    resolve: (_root, { input }, ctx) => tagResources(ctx, input),
  }),
  untagResources: t.field({
    type: TagWritePayload,
    description: 'Removes tags (the keys given, or all) from resources, in the fewest calls.',
    args: {
      input: t.arg({ type: UntagResourcesInput, required: true, description: 'What to untag: keys, or all.' }),
    },
    resolve: (_root, { input }, ctx) => untagResources(ctx, input),
  }),
  setResourceTags: t.field({
    type: TagWritePayload,
    description: 'Makes one resource’s tags exactly the given set (the untag and tag calls that takes).',
    args: {
      input: t.arg({ type: SetResourceTagsInput, required: true, description: 'The resource and its new tag set.' }),
    },
    resolve: (_root, { input }, ctx) => setResourceTags(ctx, input),
  }),
}));
