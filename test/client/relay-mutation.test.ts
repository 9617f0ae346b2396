/**
 * The Relay write recipe (examples/relay/operations.ts, compiled into __generated__): `commitMutation` with an
 * optimistic response shows the new tags in the store at once; the payload (tags read back from the cloud, the
 * resource's `id`) then replaces them in the record every fragment reads — no refetch.
 */
import {
  commitMutation,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  getSelector,
  Network,
  RecordSource,
  Store,
  type FetchFunction,
  type GraphQLResponse,
  type SingularReaderSelector,
} from 'relay-runtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import ResourceTagsQuery from '../../examples/relay/__generated__/ResourceTagsQuery.graphql.js';
import ResourceTagsFragment from '../../examples/relay/__generated__/ResourceTags_resource.graphql.js';
import TagResourcesMutation from '../../examples/relay/__generated__/TagResourcesMutation.graphql.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { liveTags, refOf, resourcesOf } from '../writes/helpers.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

function environment(): Environment {
  const fetchFn: FetchFunction = async (params, variables) => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  };
  return new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
}

interface ResourceTags {
  id: string;
  tagsVersion: string;
  tags: { edges: Array<{ node: { key: string; value: string } }> };
}

it('optimistic tags at once, then the payload’s, in the record the fragment reads', async () => {
  const env = environment();
  const refs = resourcesOf(gw.sim, 'disk', 1).map(refOf);
  await fetchQuery(env, ResourceTagsQuery, { refs }).toPromise();
  const op = createOperationDescriptor(ResourceTagsQuery, { refs });
  env.retain(op);
  const read = (): ResourceTags => {
    const root = env.lookup(op.fragment).data as { resources: Array<Record<string, unknown>> };
    const selector = getSelector(ResourceTagsFragment, root.resources[0]) as SingularReaderSelector;
    return env.lookup(selector).data as unknown as ResourceTags;
  };
  const tagsOf = (r: ResourceTags) => Object.fromEntries(r.tags.edges.map((e) => [e.node.key, e.node.value]));
  const before = read();
  const optimisticTags = [...before.tags.edges.map((e) => e.node), { key: 'recipe', value: 'relay' }];

  let optimistic: Record<string, string> | undefined;
  const done = new Promise<unknown>((resolve, reject) => {
    commitMutation(env, {
      mutation: TagResourcesMutation,
      variables: { input: { refs, tags: [{ key: 'recipe', value: 'relay' }] } },
      // relay-compiler types optimistic responses only with @raw_response_type; the shape is the payload's
      optimisticResponse: {
        tagResources: {
          resources: [
            {
              __typename: 'EcsDisk',
              id: before.id,
              tagsVersion: before.tagsVersion,
              tags: { edges: optimisticTags.map((node) => ({ node })) },
            },
          ],
          failures: [],
          calls: 0,
        },
      } as never,
      onCompleted: resolve,
      onError: reject,
    });
    optimistic = tagsOf(read());
  });
  expect(optimistic?.recipe).toBe('relay');
  await done;
  const after = read();
  expect(tagsOf(after)).toEqual(liveTags(gw.sim, refs[0]!));
  expect(after.tagsVersion).not.toBe(before.tagsVersion);
});
