/** Resource kinds and services, and how they map to the upstream's resource types. */
import type { EcsResourceType } from '../../upstream/types.js';
import { builder } from '../builder.js';

export const KINDS = [
  'ECS_INSTANCE',
  'ECS_DISK',
  'ECS_IMAGE',
  'ECS_SECURITY_GROUP',
  'ECS_SNAPSHOT',
  'ACK_CLUSTER',
] as const;
export type Kind = (typeof KINDS)[number];
export type EcsKind = Exclude<Kind, 'ACK_CLUSTER'>;

export const ECS_TYPE_OF: Record<EcsKind, EcsResourceType> = {
  ECS_INSTANCE: 'instance',
  ECS_DISK: 'disk',
  ECS_IMAGE: 'image',
  ECS_SECURITY_GROUP: 'securitygroup',
  ECS_SNAPSHOT: 'snapshot',
};

/** The GraphQL object type of each kind. */
export const TYPENAME_OF: Record<Kind, string> = {
  ECS_INSTANCE: 'EcsInstance',
  ECS_DISK: 'EcsDisk',
  ECS_IMAGE: 'EcsImage',
  ECS_SECURITY_GROUP: 'EcsSecurityGroup',
  ECS_SNAPSHOT: 'EcsSnapshot',
  ACK_CLUSTER: 'AckCluster',
};

export const isEcsKind = (kind: Kind): kind is EcsKind => kind !== 'ACK_CLUSTER';

export const ResourceKindEnum = builder.enumType('ResourceKind', {
  description: 'What a resource is.',
  values: {
    ECS_INSTANCE: { description: 'An ECS instance (`i-…`).' },
    ECS_DISK: { description: 'An ECS block storage disk (`d-…`).' },
    ECS_IMAGE: { description: 'An ECS image (`m-…`, or a public image name).' },
    ECS_SECURITY_GROUP: { description: 'An ECS security group (`sg-…`).' },
    ECS_SNAPSHOT: { description: 'An ECS snapshot (`s-…`).' },
    ACK_CLUSTER: { description: 'A Container Service for Kubernetes (ACK) cluster (`c` + 32 hex digits).' },
  } as const,
});

export const EcsKindEnum = builder.enumType('EcsResourceKind', {
  description: 'The ECS resource kinds the ECS tag catalog (DescribeTags) covers.',
  values: {
    ECS_INSTANCE: { description: 'ECS instances.' },
    ECS_DISK: { description: 'ECS disks.' },
    ECS_IMAGE: { description: 'ECS images.' },
    ECS_SECURITY_GROUP: { description: 'ECS security groups.' },
    ECS_SNAPSHOT: { description: 'ECS snapshots.' },
  } as const,
});

export const CloudServiceEnum = builder.enumType('CloudService', {
  description: 'The Alibaba Cloud service that owns a resource.',
  values: {
    ECS: {
      description: 'Elastic Compute Service (resource tags from ListTagResources, the catalog from DescribeTags).',
    },
    CS: { description: 'Container Service for Kubernetes (tags from ListTagResources).' },
  } as const,
});
