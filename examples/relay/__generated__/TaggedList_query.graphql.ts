/**
 * @generated SignedSource<<86c56b52255ea6f7581aaddba8f4531c>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type TaggedList_query$data = {
  readonly taggedResources: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly id: string;
        readonly " $fragmentSpreads": FragmentRefs<"ResourceRow_resource">;
      };
    }>;
    readonly totalCount: number;
  } | null | undefined;
  readonly " $fragmentType": "TaggedList_query";
};
export type TaggedList_query$key = {
  readonly " $data"?: TaggedList_query$data;
  readonly " $fragmentSpreads": FragmentRefs<"TaggedList_query">;
};

import TaggedListPaginationQuery_graphql from './TaggedListPaginationQuery.graphql';

const node: ReaderFragment = (function(){
var v0 = [
  "taggedResources"
];
return {
  "argumentDefinitions": [
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "after"
    },
    {
      "defaultValue": 10,
      "kind": "LocalArgument",
      "name": "first"
    }
  ],
  "kind": "Fragment",
  "metadata": {
    "connection": [
      {
        "count": "first",
        "cursor": "after",
        "direction": "forward",
        "path": (v0/*:: as any*/)
      }
    ],
    "refetch": {
      "connection": {
        "forward": {
          "count": "first",
          "cursor": "after"
        },
        "backward": null,
        "path": (v0/*:: as any*/)
      },
      "fragmentPathInResult": [],
      "operation": TaggedListPaginationQuery_graphql
    }
  },
  "name": "TaggedList_query",
  "selections": [
    {
      "alias": "taggedResources",
      "args": [
        {
          "kind": "Literal",
          "name": "kinds",
          "value": [
            "ECS_INSTANCE",
            "ACK_CLUSTER"
          ]
        },
        {
          "kind": "Literal",
          "name": "regionIds",
          "value": [
            "cn-hangzhou"
          ]
        },
        {
          "kind": "Literal",
          "name": "tags",
          "value": [
            {
              "key": "env",
              "values": [
                "prod"
              ]
            }
          ]
        }
      ],
      "concreteType": "ResourceConnection",
      "kind": "LinkedField",
      "name": "__TaggedList_taggedResources_connection",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "totalCount",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "concreteType": "ResourceEdge",
          "kind": "LinkedField",
          "name": "edges",
          "plural": true,
          "selections": [
            {
              "alias": null,
              "args": null,
              "concreteType": null,
              "kind": "LinkedField",
              "name": "node",
              "plural": false,
              "selections": [
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "id",
                  "storageKey": null
                },
                {
                  "args": null,
                  "kind": "FragmentSpread",
                  "name": "ResourceRow_resource"
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "__typename",
                  "storageKey": null
                }
              ],
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "cursor",
              "storageKey": null
            }
          ],
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "concreteType": "PageInfo",
          "kind": "LinkedField",
          "name": "pageInfo",
          "plural": false,
          "selections": [
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "endCursor",
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "hasNextPage",
              "storageKey": null
            }
          ],
          "storageKey": null
        }
      ],
      "storageKey": "__TaggedList_taggedResources_connection(kinds:[\"ECS_INSTANCE\",\"ACK_CLUSTER\"],regionIds:[\"cn-hangzhou\"],tags:[{\"key\":\"env\",\"values\":[\"prod\"]}])"
    }
  ],
  "type": "Query",
  "abstractKey": null
};
})();

(node as any).hash = "a54e9ebead6ac890747e5971b20380ff";

export default node;
