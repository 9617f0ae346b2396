/**
 * @generated SignedSource<<e906235d4af058821413fd5c372f8cac>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type ResourceKind = "ACK_CLUSTER" | "ECS_DISK" | "ECS_IMAGE" | "ECS_INSTANCE" | "ECS_SECURITY_GROUP" | "ECS_SNAPSHOT" | "%future added value";
export type ResourceRefInput = {
  kind: ResourceKind;
  regionId: string;
  resourceId: string;
};
export type ResourceTagsQuery$variables = {
  refs: ReadonlyArray<ResourceRefInput>;
};
export type ResourceTagsQuery$data = {
  readonly resources: ReadonlyArray<{
    readonly id: string;
    readonly " $fragmentSpreads": FragmentRefs<"ResourceTags_resource">;
  } | null | undefined>;
};
export type ResourceTagsQuery = {
  response: ResourceTagsQuery$data;
  variables: ResourceTagsQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "refs"
  }
],
v1 = [
  {
    "kind": "Variable",
    "name": "refs",
    "variableName": "refs"
  }
],
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
};
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "ResourceTagsQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "resources",
        "plural": true,
        "selections": [
          (v2/*:: as any*/),
          {
            "args": null,
            "kind": "FragmentSpread",
            "name": "ResourceTags_resource"
          }
        ],
        "storageKey": null
      }
    ],
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "ResourceTagsQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "resources",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "__typename",
            "storageKey": null
          },
          (v2/*:: as any*/),
          {
            "kind": "TypeDiscriminator",
            "abstractKey": "__isResource"
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "tagsVersion",
            "storageKey": null
          },
          {
            "alias": null,
            "args": [
              {
                "kind": "Literal",
                "name": "first",
                "value": 100
              }
            ],
            "concreteType": "ResourceTagConnection",
            "kind": "LinkedField",
            "name": "tags",
            "plural": false,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "ResourceTagEdge",
                "kind": "LinkedField",
                "name": "edges",
                "plural": true,
                "selections": [
                  {
                    "alias": null,
                    "args": null,
                    "concreteType": "Tag",
                    "kind": "LinkedField",
                    "name": "node",
                    "plural": false,
                    "selections": [
                      {
                        "alias": null,
                        "args": null,
                        "kind": "ScalarField",
                        "name": "key",
                        "storageKey": null
                      },
                      {
                        "alias": null,
                        "args": null,
                        "kind": "ScalarField",
                        "name": "value",
                        "storageKey": null
                      }
                    ],
                    "storageKey": null
                  }
                ],
                "storageKey": null
              }
            ],
            "storageKey": "tags(first:100)"
          }
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "6fd06d55eb745e3632905c143cfb4e83",
    "id": null,
    "metadata": {},
    "name": "ResourceTagsQuery",
    "operationKind": "query",
    "text": "query ResourceTagsQuery(\n  $refs: [ResourceRefInput!]!\n) {\n  resources(refs: $refs) {\n    __typename\n    id\n    ...ResourceTags_resource\n  }\n}\n\nfragment ResourceTags_resource on Resource {\n  __isResource: __typename\n  id\n  tagsVersion\n  tags(first: 100) {\n    edges {\n      node {\n        key\n        value\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "8e34cd91bcc3210ffdffa7b12a4a4595";

export default node;
