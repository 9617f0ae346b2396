/**
 * @generated SignedSource<<2c8246a9e02a23d208aee3f9be0b7bf7>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type TaggedListQuery$variables = {
  after?: string | null | undefined;
  first: number;
};
export type TaggedListQuery$data = {
  readonly " $fragmentSpreads": FragmentRefs<"TaggedList_query">;
};
export type TaggedListQuery = {
  response: TaggedListQuery$data;
  variables: TaggedListQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "after"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "first"
},
v2 = {
  "kind": "Variable",
  "name": "after",
  "variableName": "after"
},
v3 = {
  "kind": "Variable",
  "name": "first",
  "variableName": "first"
},
v4 = [
  (v2/*:: as any*/),
  (v3/*:: as any*/),
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
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "TaggedListQuery",
    "selections": [
      {
        "args": [
          (v2/*:: as any*/),
          (v3/*:: as any*/)
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
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v0/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "TaggedListQuery",
    "selections": [
      {
        "alias": null,
        "args": (v4/*:: as any*/),
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
        "args": (v4/*:: as any*/),
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
    "cacheID": "f38b9f608a287e7e167faab56529d2a4",
    "id": null,
    "metadata": {},
    "name": "TaggedListQuery",
    "operationKind": "query",
    "text": "query TaggedListQuery(\n  $first: Int!\n  $after: String\n) {\n  ...TaggedList_query_2HEEH6\n}\n\nfragment ResourceRow_resource on Resource {\n  __isResource: __typename\n  id\n  kind\n  regionId\n  resourceId\n}\n\nfragment TaggedList_query_2HEEH6 on Query {\n  taggedResources(regionIds: [\"cn-hangzhou\"], kinds: [ECS_INSTANCE, ACK_CLUSTER], tags: [{key: \"env\", values: [\"prod\"]}], first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        __typename\n        id\n        ...ResourceRow_resource\n      }\n      cursor\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "597472aabf593d75755820d1b723e5f8";

export default node;
