/** The one Pothos builder. Types live in ./types, one file per type family, each adding to this builder. */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import type { Connection } from './paging/connection.js';
import type { GraphContext } from './context.js';
import { decodeGlobalId, encodeGlobalId } from './ids.js';

export const builder = new SchemaBuilder<{
  Context: GraphContext;
  // When upstream data was fetched (types/datetime.ts): ISO 8601 in UTC.
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}>({
  plugins: [RelayPlugin, DirectivesPlugin, FederationPlugin],
  // Fields are non-null unless they can fail on their own (connections fed by an upstream call say so).
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: {
      nullable: { list: false, items: false },
      description: 'The items of this page, in list order.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    // A supergraph that has its own PageInfo must still compose with ours.
    pageInfoTypeOptions: { shareable: true, description: 'Where a page sits in its list (Relay).' },
    nodeTypeOptions: { description: 'An object with a global ID that `node(id:)` on this gateway fetches again.' },
    // `node` and `nodes` are defined in types/resource.ts: an ID of an unknown type is a user error, and in
    // `nodes` a bad ID fails only its own item (the plugin's fields parse every ID before resolving any).
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    firstArgOptions: {
      description: 'Return at most this many items from the start (after `after`); default 20, max 100.',
    },
    afterArgOptions: { description: 'Return items after this cursor.' },
    lastArgOptions: { description: 'Return at most this many items from the end (before `before`); max 100.' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    cursorFieldOptions: { description: 'An opaque cursor for this edge: pass it as `after` or `before`.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'True when items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first edge; null when the page is empty.' },
    endCursorFieldOptions: { description: 'The cursor of the last edge; null when the page is empty.' },
    idFieldOptions: { description: 'A global, opaque ID; `node(id:)` on this gateway fetches the object again.' },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
  },
});

builder.queryType({ description: 'Tags of Alibaba Cloud ECS resources and ACK clusters.' });

// Every connection counts its whole list: `resolveConnection` fills `totalCount` beside edges and pageInfo.
builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds.',
    resolve: (connection) => (connection as Connection<unknown>).totalCount,
  }),
);
