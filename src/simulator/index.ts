/**
 * The Alibaba Cloud simulator: a real HTTP server answering ECS DescribeTags and ListTagResources (RPC) and
 * CS ListTagResources and DescribeClustersV1 (ROA) as the cloud does, over a seeded per-tenant inventory. It
 * imports nothing from outside src/simulator. See server.ts (flow), errors.ts (codes and choices),
 * describe-tags.ts, ecs-list-tag-resources.ts, list-tag-resources.ts and describe-clusters.ts (semantics), inventory/ (the demo data, one module per resource family; file.ts loads files), faults.ts, control.ts.
 */
export type {
  CallLogEntry,
  InventoryFile,
  InventoryResource,
  InventoryTag,
  Simulator,
  SimulatorFaults,
  SimulatorKey,
  SimulatorOptions,
} from './types.js';
export { DEMO_KEY } from './types.js';
export { startSimulator } from './server.js';
export { maxConcurrency } from './call-log.js';
export { generateInventory } from './inventory/generate.js';
export { KNOWN_REGIONS } from './inventory/regions.js';
export { percentEncode, rpcSignature, rpcStringToSign, signRpcParams, formatRpcTimestamp } from './signature-rpc.js';
export { roaSignature, roaStringToSign, signRoaRequest } from './signature-roa.js';
