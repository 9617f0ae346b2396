/**
 * @generated SignedSource<<bbe6504e82224f5bac9e94d7c0d4c9f1>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type ResourceKind = "ACK_CLUSTER" | "ECS_DISK" | "ECS_IMAGE" | "ECS_INSTANCE" | "ECS_SECURITY_GROUP" | "ECS_SNAPSHOT" | "%future added value";
export type TagResourcesInput = {
  dryRun?: boolean | null | undefined;
  refs: ReadonlyArray<ResourceRefInput>;
  tags: ReadonlyArray<TagInput>;
};
export type ResourceRefInput = {
  kind: ResourceKind;
  regionId: string;
  resourceId: string;
};
export type TagInput = {
  key: string;
  value: string;
};
export type TagResourcesMutation$variables = {
  input: TagResourcesInput;
};
export type TagResourcesMutation$data = {
  readonly tagResources: {
    readonly calls: number;
    readonly failures: ReadonlyArray<{
      readonly code: string;
      readonly message: string;
      readonly resourceId: string;
    }>;
    readonly resources: ReadonlyArray<{
      readonly id: string;
      readonly " $fragmentSpreads": FragmentRefs<"ResourceTags_resource">;
    }>;
  };
};
export type TagResourcesMutation = {
  response: TagResourcesMutation$data;
  variables: TagResourcesMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "input"
  }
],
v1 = [
  {
    "kind": "Variable",
    "name": "input",
    "variableName": "input"
  }
],
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "concreteType": "TagWriteFailure",
  "kind": "LinkedField",
  "name": "failures",
  "plural": true,
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "resourceId",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "code",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "message",
      "storageKey": null
    }
  ],
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "calls",
  "storageKey": null
};
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "TagResourcesMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": "TagWritePayload",
        "kind": "LinkedField",
        "name": "tagResources",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
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
          },
          (v3/*:: as any*/),
          (v4/*:: as any*/)
        ],
        "storageKey": null
      }
    ],
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "TagResourcesMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": "TagWritePayload",
        "kind": "LinkedField",
        "name": "tagResources",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
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
          },
          (v3/*:: as any*/),
          (v4/*:: as any*/)
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "73fc16a90829d920cd771f1df06ffc3d",
    "id": null,
    "metadata": {},
    "name": "TagResourcesMutation",
    "operationKind": "mutation",
    "text": "mutation TagResourcesMutation(\n  $input: TagResourcesInput!\n) {\n  tagResources(input: $input) {\n    resources {\n      __typename\n      id\n      ...ResourceTags_resource\n    }\n    failures {\n      resourceId\n      code\n      message\n    }\n    calls\n  }\n}\n\nfragment ResourceTags_resource on Resource {\n  __isResource: __typename\n  id\n  tagsVersion\n  tags(first: 100) {\n    edges {\n      node {\n        key\n        value\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "90e9a5963fbb884f5517a08ad97555f3";

export default node;
