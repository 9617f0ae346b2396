/**
 * @generated SignedSource<<ddb5b1c3cbceb078cc0ea2cbc4d3d9d2>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type TaggedListPaginationQuery$variables = {
  after?: string | null | undefined;
  first?: number | null | undefined;
};
export type TaggedListPaginationQuery$data = {
  readonly " $fragmentSpreads": FragmentRefs<"TaggedList_query">;
};
export type TaggedListPaginationQuery = {
  response: TaggedListPaginationQuery$data;
  variables: TaggedListPaginationQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
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
v1 = {
  "kind": "Variable",
  "name": "after",
  "variableName": "after"
},
v2 = {
  "kind": "Variable",
  "name": "first",
  "variableName": "first"
},
v3 = [
  (v1/*:: as any*/),
  (v2/*:: as any*/),
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
];
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "TaggedListPaginationQuery",
    "selections": [
      {
        "args": [
          (v1/*:: as any*/),
          (v2/*:: as any*/)
        ],
        "kind": "FragmentSpread",
        "name": "TaggedList_query"
      }
    ],
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "TaggedListPaginationQuery",
    "selections": [
      {
        "alias": null,
        "args": (v3/*:: as any*/),
        "concreteType": "ResourceConnection",
        "kind": "LinkedField",
        "name": "taggedResources",
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
                    "name": "__typename",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "id",
                    "storageKey": null
                  },
                  {
                    "kind": "TypeDiscriminator",
                    "abstractKey": "__isResource"
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "kind",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "regionId",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "resourceId",
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
        "storageKey": null
      },
      {
        "alias": null,
        "args": (v3/*:: as any*/),
        "filters": [
          "regionIds",
          "kinds",
          "tags"
        ],
        "handle": "connection",
        "key": "TaggedList_taggedResources",
        "kind": "LinkedHandle",
        "name": "taggedResources"
      }
    ]
  },
  "params": {
    "cacheID": "1284e6ee15e73cd71596d7ba760d3e06",
    "id": null,
    "metadata": {},
    "name": "TaggedListPaginationQuery",
    "operationKind": "query",
    "text": "query TaggedListPaginationQuery(\n  $after: String\n  $first: Int = 10\n) {\n  ...TaggedList_query_2HEEH6\n}\n\nfragment ResourceRow_resource on Resource {\n  __isResource: __typename\n  id\n  kind\n  regionId\n  resourceId\n}\n\nfragment TaggedList_query_2HEEH6 on Query {\n  taggedResources(regionIds: [\"cn-hangzhou\"], kinds: [ECS_INSTANCE, ACK_CLUSTER], tags: [{key: \"env\", values: [\"prod\"]}], first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        __typename\n        id\n        ...ResourceRow_resource\n      }\n      cursor\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "a54e9ebead6ac890747e5971b20380ff";

export default node;
