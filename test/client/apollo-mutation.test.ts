/**
 * The Apollo Client write recipe (examples/apollo/tag-mutation.ts) against a running gateway: the optimistic tags
 * show in the normalized cache at once, the payload's tags (read back from the cloud) replace them, every cached
 * query of the resource shows the write without a refetch, and the lists a write can change are evicted.
 */
import { gql, type TypedDocumentNode } from '@apollo/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../../examples/apollo/client.js';
import { tagResources, type TagNode } from '../../examples/apollo/tag-mutation.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { liveTags, refOf, resourcesOf, type Ref } from '../writes/helpers.js';

interface Data {
  resources: Array<{
    __typename: string;
    id: string;
    tagsVersion: string;
    tags: { edges: Array<{ node: TagNode }> };
  }>;
}
const RESOURCES: TypedDocumentNode<Data, { refs: Ref[] }> = gql`
  query RecipeResources($refs: [ResourceRefInput!]!) {
    resources(refs: $refs) { id tagsVersion tags(first: 100) { edges { node { key value } } } }
  }
`;
const TAGGED: TypedDocumentNode<{ taggedResources: { totalCount: number } }, { regionIds: string[] }> = gql`
  query RecipeTagged($regionIds: [String!]!) {
    taggedResources(regionIds: $regionIds, kinds: [ECS_INSTANCE], tags: [{ key: "recipe" }], first: 10) {
      totalCount edges { node { id } }
    }
  }
`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

const tagsOf = (r: Data['resources'][number]) =>
  Object.fromEntries(r.tags.edges.map((e) => [e.node.key, e.node.value]));

it('optimistic tags at once, then the payload’s, in every cached query; lists evicted', async () => {
  const client = createClient(gw.url);
  const refs = resourcesOf(gw.sim, 'instance', 2).map(refOf);
  const first = await client.query({ query: RESOURCES, variables: { refs } });
  await client.query({ query: TAGGED, variables: { regionIds: [refs[0]!.regionId] } });
  const shown = first.data!.resources;

  const pending = tagResources(
    client,
    shown.map((r, i) => ({
      ref: refs[i]!,
      id: r.id,
      typename: r.__typename,
      tagsVersion: r.tagsVersion,
      tags: r.tags.edges.map((e) => e.node),
    })),
    [{ key: 'recipe', value: 'apollo' }],
  );
  // optimistic: in the cache before the gateway answers
  const optimistic = client.readQuery({ query: RESOURCES, variables: { refs }, optimistic: true })!;
  expect(optimistic.resources.map((r) => tagsOf(r).recipe)).toEqual(['apollo', 'apollo']);

  const result = await pending;
  expect(result.data!.tagResources.failures).toEqual([]);
  const after = client.readQuery({ query: RESOURCES, variables: { refs } })!;
  expect(after.resources.map((r) => tagsOf(r))).toEqual(refs.map((ref) => liveTags(gw.sim, ref)));
  expect(after.resources[0]!.tagsVersion).not.toBe(shown[0]!.tagsVersion);
  // the list a write can change is gone from the cache, so it is fetched again
  expect(client.readQuery({ query: TAGGED, variables: { regionIds: [refs[0]!.regionId] } })).toBeNull();
  const again = await client.query({ query: TAGGED, variables: { regionIds: [refs[0]!.regionId] } });
  expect(again.data!.taggedResources.totalCount).toBeGreaterThanOrEqual(2);
});
