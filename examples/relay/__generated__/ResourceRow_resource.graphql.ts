/**
 * @generated SignedSource<<2c1b76c089a880207b0b6c362934f8f0>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type ResourceKind = "ACK_CLUSTER" | "ECS_DISK" | "ECS_IMAGE" | "ECS_INSTANCE" | "ECS_SECURITY_GROUP" | "ECS_SNAPSHOT" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type ResourceRow_resource$data = {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly regionId: string;
  readonly resourceId: string;
  readonly " $fragmentType": "ResourceRow_resource";
};
export type ResourceRow_resource$key = {
  readonly " $data"?: ResourceRow_resource$data;
  readonly " $fragmentSpreads": FragmentRefs<"ResourceRow_resource">;
};

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "ResourceRow_resource",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "id",
      "storageKey": null
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
  "type": "Resource",
  "abstractKey": "__isResource"
};

(node as any).hash = "bb511229c15cdc966c249d173bc5664a";

export default node;
