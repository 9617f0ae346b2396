/**
 * The DescribeClustersV1 fields of ACK clusters (type, spec, profile, state, creation time). They are drawn
 * from a PRNG of their own, seeded from the cluster's ID, never from the inventory's PRNG: adding them left
 * every ID, name and tag of the generated inventories exactly as they were.
 */
import { fnv1a, Rng } from './prng.js';
import type { ClusterDetails, ClusterProfile, ClusterState, ClusterType, InventoryResource } from '../types.js';

/** The documented `cluster_type` values. */
export const CLUSTER_TYPES: readonly ClusterType[] = ['Kubernetes', 'ManagedKubernetes', 'ExternalKubernetes'];

/** The documented `profile` values. */
export const CLUSTER_PROFILES: readonly ClusterProfile[] = ['Default', 'Edge', 'Serverless', 'Lingjun'];

/**
 * The 15 documented `state` values, each with its weight among the generated clusters; `disconnected` (a
 * registered cluster that lost its agent) only for ExternalKubernetes clusters.
 */
const STATE_WEIGHTS: ReadonlyArray<readonly [ClusterState, number]> = [
  ['running', 70],
  ['updating', 4],
  ['upgrading', 3],
  ['scaling', 3],
  ['initial', 2],
  ['failed', 2],
  ['unavailable', 2],
  ['waiting', 2],
  ['draining', 2],
  ['removing', 2],
  ['inactive', 2],
  ['deleting', 2],
  ['disconnected', 10],
  ['deleted', 1],
  ['delete_failed', 1],
];

const CONNECTED_STATE_WEIGHTS = STATE_WEIGHTS.filter(([s]) => s !== 'disconnected');

export const CLUSTER_STATES: readonly ClusterState[] = STATE_WEIGHTS.map(([s]) => s);

/** What a cluster of a given inventory (file or option) without these fields answers. */
export const DEFAULT_CLUSTER_DETAILS: ClusterDetails = {
  clusterType: 'ManagedKubernetes',
  clusterSpec: 'ack.pro.small',
  profile: 'Default',
  state: 'running',
  created: '2024-01-01T00:00:00+08:00',
};

const FIRST_CREATED = Date.UTC(2019, 0, 1) / 1000;
const LAST_CREATED = Date.UTC(2025, 5, 30) / 1000;

/** An epoch time written as the API writes it, in China Standard Time: `2021-03-04T05:06:07+08:00`. */
export function formatCreated(epochSeconds: number): string {
  return `${new Date((epochSeconds + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`;
}

export function generateClusterDetails(clusterId: string): ClusterDetails {
  const rng = new Rng(fnv1a(`cluster-details:${clusterId}`));
  const clusterType = rng.weighted<ClusterType>([
    ['ManagedKubernetes', 75],
    ['Kubernetes', 15],
    ['ExternalKubernetes', 10],
  ]);
  const managed = clusterType === 'ManagedKubernetes';
  // cluster_spec and profile only distinguish managed clusters; the others read ack.standard / Default
  const clusterSpec = managed
    ? rng.weighted([
        ['ack.pro.small', 65],
        ['ack.standard', 35],
      ])
    : 'ack.standard';
  const profile = managed
    ? rng.weighted<ClusterProfile>([
        ['Default', 80],
        ['Serverless', 10],
        ['Edge', 6],
        ['Lingjun', 4],
      ])
    : 'Default';
  const state = rng.weighted(clusterType === 'ExternalKubernetes' ? STATE_WEIGHTS : CONNECTED_STATE_WEIGHTS);
  const created = formatCreated(FIRST_CREATED + rng.int(LAST_CREATED - FIRST_CREATED));
  return { clusterType, clusterSpec, profile, state, created };
}

/** A cluster's details as DescribeClustersV1 answers them: its own, missing ones from the defaults. */
export function clusterDetailsOf(resource: InventoryResource): ClusterDetails {
  return { ...DEFAULT_CLUSTER_DETAILS, ...resource.cluster };
}
