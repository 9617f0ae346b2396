/**
 * Shared simulator types. `index.ts` re-exports the public ones; nothing here imports from outside
 * `src/simulator`.
 */

export interface SimulatorKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** inventory seed for this tenant; default derived from accessKeyId */
  seed?: number;
  /**
   * Operations this key's RAM policy does not allow (call-log names, e.g. `EcsListTagResources`): each is
   * answered 403 `Forbidden.RAM` after authentication and throttling, as the cloud answers a missing action.
   */
  deny?: CallOperation[];
  /** STS security tokens accepted with this key (besides the ones the simulator issues for it); see sts.ts */
  securityTokens?: string[];
  /** a temporary (STS) key: every request must carry a security token */
  requireSecurityToken?: boolean;
}

export interface SimulatorFaults {
  /** per-AccessKeyId QPS limit (token bucket, burst = qps); 0 = unlimited. Over it: `Throttling.User`, HTTP 400 */
  qpsPerKey: number;
  /** added to every API answer */
  latencyMs: number;
  /** 0..1 fraction answered 503 ServiceUnavailable in the operation's error body shape */
  errorRate: number;
  /** 0..1 fraction whose socket is destroyed without any answer */
  dropRate: number;
  /** 0..1 fraction answered `Throttling.User` (HTTP 400) whatever the QPS: a throttling storm. Unset: 0. */
  throttleRate?: number;
  /**
   * Tag writes with a failing resource (not found, over quota): 'whole-call' (default) writes nothing,
   * 'per-resource' writes every other resource; both answer the failure's code (errors.ts, tabled choice).
   */
  tagWriteFailures?: 'whole-call' | 'per-resource';
}

export type EcsResourceType = 'instance' | 'disk' | 'image' | 'securitygroup' | 'snapshot';
export type InventoryResourceType = EcsResourceType | 'cluster';

export interface InventoryTag {
  key: string;
  value: string;
}

export interface InventoryResource {
  service: 'ecs' | 'cs';
  type: InventoryResourceType;
  regionId: string;
  resourceId: string;
  name?: string;
  tags: InventoryTag[];
  /**
   * ACK clusters only: what DescribeClustersV1 answers besides ID, name, region and tags. Generated clusters
   * carry every field; in a given inventory each is optional (see `clusterDetailsOf`).
   */
  cluster?: Partial<ClusterDetails>;
  /**
   * ECS resources only: what the ECS listing operations answer besides ID, name and tags (generated resources
   * carry both; in a given inventory each is optional, see `ecsDetailsOf`).
   */
  ecs?: Partial<EcsDetails>;
}

/** An ECS resource's listing fields: `Status` (none for security groups) and `CreationTime`, as the API writes them. */
export interface EcsDetails {
  status?: string;
  /** UTC ISO 8601, e.g. 2018-01-01T01:01:22Z (instances: to the minute, 2017-12-10T04:04Z) */
  created: string;
}

/** The 15 documented DescribeClustersV1 `state` values. */
export type ClusterState =
  | 'initial'
  | 'failed'
  | 'running'
  | 'updating'
  | 'upgrading'
  | 'removing'
  | 'draining'
  | 'scaling'
  | 'inactive'
  | 'unavailable'
  | 'deleting'
  | 'deleted'
  | 'delete_failed'
  | 'waiting'
  | 'disconnected';

export type ClusterType = 'Kubernetes' | 'ManagedKubernetes' | 'ExternalKubernetes';
export type ClusterProfile = 'Default' | 'Edge' | 'Serverless' | 'Lingjun';

/**
 * An ACK cluster's DescribeClustersV1 fields. Generated clusters always carry them; in a given inventory
 * they are optional, and a missing one reads as in `DEFAULT_CLUSTER_DETAILS` (inventory/cluster-details.ts).
 */
export interface ClusterDetails {
  clusterType: ClusterType;
  /** `ack.pro.small`, `ack.standard`, … */
  clusterSpec: string;
  profile: ClusterProfile;
  state: ClusterState;
  /** creation time as the API writes it: ISO 8601 with the +08:00 offset, e.g. 2021-03-04T05:06:07+08:00 */
  created: string;
}

/** The inventory of one tenant; also the JSON-file format (`inventoryFile`, `SIMULATOR_INVENTORY_FILE`). */
export interface InventoryFile {
  regions: string[];
  resources: InventoryResource[];
}

export interface SimulatorOptions {
  /** default 0 (any free port) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default [DEMO_KEY]; each key is its own tenant with its own inventory; keys[0] is the default tenant */
  keys?: SimulatorKey[];
  /** default 42 */
  seed?: number;
  /** inventory size multiplier, default 1 */
  size?: number;
  /** the default tenant's (keys[0]) inventory instead of a generated one */
  inventory?: InventoryFile;
  /** path of a JSON InventoryFile for the default tenant (keys[0]) */
  inventoryFile?: string;
  faults?: Partial<SimulatorFaults>;
  /** CS ListTagResources items per page, default 50 */
  pageSizeCs?: number;
  /** ECS ListTagResources rows per page, default 50 (the cloud's page size is undocumented) */
  pageSizeEcs?: number;
  /** default 900 (15 min) */
  clockSkewToleranceS?: number;
}

/**
 * The operation of a call-log entry: the action name, except that ECS ListTagResources is logged as
 * `EcsListTagResources` so that `ListTagResources` keeps meaning the CS operation it has always meant; likewise
 * ECS TagResources / UntagResources are `EcsTagResources` / `EcsUntagResources`, the CS ones plain.
 */
export type CallOperation =
  | 'DescribeTags'
  | 'EcsListTagResources'
  | 'ListTagResources'
  | 'DescribeClustersV1'
  | 'EcsTagResources'
  | 'EcsUntagResources'
  | 'TagResources'
  | 'UntagResources'
  | EcsListingOperation
  | 'Unknown';

/** The ECS operations that list resources of one type with their tags (operations/describe-resources.ts). */
export type EcsListingOperation =
  'DescribeInstances' | 'DescribeDisks' | 'DescribeImages' | 'DescribeSecurityGroups' | 'DescribeSnapshots';

export interface CallLogEntry {
  seq: number;
  operation: CallOperation;
  accessKeyId: string | null;
  regionId: string | null;
  /** the operation's own parameters (RPC: without Signature/AccessKeyId/SecurityToken/SignatureNonce; ROA: the query), never secrets */
  params: Record<string, string>;
  /** HTTP status; 0 when the socket was destroyed without an answer (dropRate) */
  status: number;
  code: string | null;
  requestId: string;
  /** ms since the epoch with sub-ms precision (performance.timeOrigin + performance.now()) */
  startedAt: number;
  endedAt: number;
}

export type CallFilter = Partial<Pick<CallLogEntry, 'operation' | 'accessKeyId' | 'regionId'>>;

export interface Simulator {
  url: string;
  port: number;
  calls(filter?: CallFilter): CallLogEntry[];
  clearCalls(): void;
  setFaults(f: Partial<SimulatorFaults>): void;
  /** An STS security token for a key (default: the default tenant's), valid for `ttlS` seconds (default 3600). */
  issueSecurityToken(accessKeyId?: string, ttlS?: number): string;
  /** tenant's inventory (default: the default tenant, keys[0]) */
  inventory(accessKeyId?: string): InventoryFile;
  close(): Promise<void>;
}

export const DEMO_KEY: SimulatorKey = {
  accessKeyId: 'demo-access-key-id',
  accessKeySecret: 'demo-access-key-secret',
};
