/**
 * The Alibaba Cloud simulator: a real HTTP server answering ECS DescribeTags and ListTagResources (RPC) and
 * CS ListTagResources and DescribeClustersV1 (ROA) as the cloud does, over a seeded per-tenant inventory. It
 * imports nothing from outside src/simulator. See server.ts and request-flow.ts (flow), errors.ts (codes and
 * choices), operations/ (one file per operation's semantics), protocol/ (signatures, parameters, page tokens),
 * accounts/ (tenants, STS), inventory/ (the demo data, one module per resource family; file.ts reads files),
 * faults.ts, control.ts.
 */
export type {
  CallLogEntry,
  CallOperation,
  ClusterDetails,
  ClusterProfile,
  ClusterState,
  ClusterType,
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
export {
  percentEncode,
  rpcSignature,
  rpcStringToSign,
  signRpcParams,
  formatRpcTimestamp,
} from './protocol/signature-rpc.js';
export { roaSignature, roaStringToSign, signRoaRequest } from './protocol/signature-roa.js';
