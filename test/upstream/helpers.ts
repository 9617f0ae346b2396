/**
 * Shared helpers for the upstream suites: expected answers computed straight from the simulator's inventory
 * (independently of the code under test), a pino logger that captures its lines, and a tiny local HTTP
 * server for answers the simulator never gives (HTML 502, empty bodies, odd shapes).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import type { CallLogEntry, InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { UpstreamError, type ClusterInfo } from '../../src/upstream/index.js';

export const ECS_TYPES = ['instance', 'disk', 'image', 'securitygroup', 'snapshot'] as const;
export type EcsType = (typeof ECS_TYPES)[number];

export interface Filter {
  key: string;
  value?: string;
}

/** UTF-8 byte order (the order the cloud sorts in), written here rather than imported from the simulator. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function carries(r: InventoryResource, filters: readonly Filter[]): boolean {
  return filters.every((f) => r.tags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value)));
}

export interface ExpectedEcsTag {
  key: string;
  value: string;
  resourceTypeCounts: Record<EcsType, number>;
}

/**
 * What DescribeTags should answer (reference seed page + simulator doc): the distinct pairs carried by the
 * region's resources of `resourceType` (and `resourceId`) that carry every filter; with filters, only pairs
 * whose key is a filter key. Counts: per type, resources of the region carrying the pair and every filter.
 */
export function expectedDescribeTags(
  inv: InventoryFile,
  q: { regionId: string; resourceType: EcsType; resourceId?: string; tags?: Filter[] },
): ExpectedEcsTag[] {
  const filters = q.tags ?? [];
  const keys = filters.length > 0 ? new Set(filters.map((f) => f.key)) : null;
  const inRegion = inv.resources.filter((r) => r.service === 'ecs' && r.regionId === q.regionId && carries(r, filters));
  const pairs = new Map<string, ExpectedEcsTag>();
  for (const r of inRegion) {
    if (r.type !== q.resourceType || (q.resourceId !== undefined && r.resourceId !== q.resourceId)) continue;
    for (const t of r.tags) {
      if (keys && !keys.has(t.key)) continue;
      pairs.set(JSON.stringify([t.key, t.value]), {
        key: t.key,
        value: t.value,
        resourceTypeCounts: { instance: 0, disk: 0, image: 0, securitygroup: 0, snapshot: 0 },
      });
    }
  }
  for (const r of inRegion) {
    for (const t of r.tags) {
      const p = pairs.get(JSON.stringify([t.key, t.value]));
      if (p) p.resourceTypeCounts[r.type as EcsType]++;
    }
  }
  return [...pairs.values()].sort((a, b) => byteOrder(a.key, b.key) || byteOrder(a.value, b.value));
}

export interface ExpectedTagResource {
  key: string;
  value: string;
  resourceId: string;
  resourceType: 'CLUSTER';
}

/** What ListTagResources should answer: every tag of each given cluster of the region carrying every filter. */
export function expectedListTagResources(
  inv: InventoryFile,
  q: { regionId: string; resourceIds: string[]; tags?: Filter[] },
): ExpectedTagResource[] {
  const wanted = new Set(q.resourceIds);
  return inv.resources
    .filter(
      (r) => r.type === 'cluster' && r.regionId === q.regionId && wanted.has(r.resourceId) && carries(r, q.tags ?? []),
    )
    .flatMap((r) =>
      r.tags.map((t) => ({ key: t.key, value: t.value, resourceId: r.resourceId, resourceType: 'CLUSTER' as const })),
    )
    .sort((a, b) => byteOrder(a.resourceId, b.resourceId) || byteOrder(a.key, b.key) || byteOrder(a.value, b.value));
}

export function clustersOf(inv: InventoryFile, regionId: string): string[] {
  return inv.resources.filter((r) => r.type === 'cluster' && r.regionId === regionId).map((r) => r.resourceId);
}

export function resourcesWithTag(inv: InventoryFile, key: string, value?: string): InventoryResource[] {
  return inv.resources.filter((r) => r.tags.some((t) => t.key === key && (value === undefined || t.value === value)));
}

/** A pino logger at debug level whose every line lands in `lines`. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** Awaits `promise` and returns the UpstreamError it rejects with (fails the test on success or another error). */
export async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamError);
    return err as UpstreamError;
  }
  throw new Error('expected the call to fail with an UpstreamError, but it succeeded');
}

/** Measures how long `promise` takes to settle, and returns its error (if any). */
export async function timed(
  promise: Promise<unknown>,
): Promise<{ ms: number; error?: UpstreamError; value?: unknown }> {
  const started = performance.now();
  try {
    const value = await promise;
    return { ms: performance.now() - started, value };
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamError);
    return { ms: performance.now() - started, error: err as UpstreamError };
  }
}

/** The call log settles after the simulator's added latency: wait until `n` entries (matching) are there. */
export async function waitForCalls(calls: () => CallLogEntry[], n: number, timeoutMs = 3_000): Promise<CallLogEntry[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const list = calls();
    if (list.length >= n || Date.now() > until) return list;
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface LocalServer {
  url: string;
  /** requests received */
  hits: number;
  /** TCP connections accepted */
  connections: number;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** A plain node:http server whose handler a test swaps; counts requests and connections. */
export async function startLocalServer(): Promise<LocalServer> {
  const state: LocalServer = {
    url: '',
    hits: 0,
    connections: 0,
    handler: (_req, res) => {
      res.writeHead(500);
      res.end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    state.hits++;
    req.resume();
    req.on('end', () => state.handler(req, res));
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json;charset=utf-8',
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A well-formed DescribeTags answer (for the local server). */
export function describeTagsBody(requestId = 'LOCAL-REQ-1') {
  return {
    RequestId: requestId,
    PageNumber: 1,
    PageSize: 50,
    TotalCount: 1,
    Tags: { Tag: [{ TagKey: 'env', TagValue: 'prod', ResourceTypeCount: { Instance: 1 } }] },
  };
}

/** A well-formed ListTagResources answer (for the local server). */
export function listTagResourcesBody(requestId = 'LOCAL-REQ-2') {
  return {
    next_token: '',
    request_id: requestId,
    tag_resources: {
      tag_resource: [
        { tag_key: 'env', tag_value: 'prod', resource_id: `c${'a'.repeat(32)}`, resource_type: 'CLUSTER' },
      ],
    },
  };
}

/** A well-formed ECS ListTagResources answer (for the local server). */
export function ecsTagResourcesBody(requestId = 'LOCAL-REQ-3') {
  return {
    RequestId: requestId,
    NextToken: '',
    TagResources: {
      TagResource: [
        { ResourceId: 'i-bp1abcdefghijklmnopq', ResourceType: 'instance', TagKey: 'env', TagValue: 'prod' },
      ],
    },
  };
}

/** A well-formed DescribeClustersV1 answer (for the local server). */
export function describeClustersBody(requestId = 'LOCAL-REQ-4') {
  return {
    request_id: requestId,
    clusters: [
      {
        cluster_id: `c${'a'.repeat(32)}`,
        name: 'prod-a',
        region_id: 'cn-hangzhou',
        cluster_type: 'ManagedKubernetes',
        cluster_spec: 'ack.pro.small',
        profile: 'Default',
        state: 'running',
        created: '2021-03-04T05:06:07+08:00',
        tags: [{ key: 'env', value: 'prod' }],
      },
    ],
    page_info: { page_number: 1, page_size: 50, total_count: 1 },
  };
}

/** The cloud's error body of `service` (RPC: capitalised fields; CS: lower-case, with its status). */
export function cloudErrorBody(
  service: 'ecs' | 'cs',
  code: string,
  status: number,
  requestId: string,
  message = `Message of ${code}.`,
) {
  return service === 'ecs'
    ? { RequestId: requestId, HostId: 'ecs.aliyuncs.com', Code: code, Message: message }
    : { code, message, requestId, status };
}

export interface ExpectedEcsTagResource {
  resourceId: string;
  resourceType: EcsType;
  key: string;
  value: string;
}

/**
 * What ECS ListTagResources should answer (its API page and Alibaba's SDK models): the region's resources of the type (among
 * `resourceIds` when given) carrying every filter, one row per (resource, tag); listed by tag, only the rows of
 * the filter keys. Sorted by resource, key, value: the order of rows is the simulator's, so tests sort too.
 */
export function expectedEcsTagResources(
  inv: InventoryFile,
  q: { regionId: string; resourceType: EcsType; resourceIds?: string[]; tags?: Filter[] },
): ExpectedEcsTagResource[] {
  const wanted = q.resourceIds && new Set(q.resourceIds);
  const keys = q.tags?.length ? new Set(q.tags.map((t) => t.key)) : null;
  return sortRows(
    inv.resources
      .filter(
        (r) =>
          r.type === q.resourceType &&
          r.regionId === q.regionId &&
          (!wanted || wanted.has(r.resourceId)) &&
          carries(r, q.tags ?? []),
      )
      .flatMap((r) =>
        r.tags
          .filter((t) => !keys || keys.has(t.key))
          .map((t) => ({ resourceId: r.resourceId, resourceType: q.resourceType, key: t.key, value: t.value })),
      ),
  );
}

export function sortRows<T extends { resourceId: string; key: string; value: string }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) => byteOrder(a.resourceId, b.resourceId) || byteOrder(a.key, b.key) || byteOrder(a.value, b.value),
  );
}

export function ecsIdsOf(inv: InventoryFile, regionId: string, type: EcsType): string[] {
  return inv.resources.filter((r) => r.type === type && r.regionId === regionId).map((r) => r.resourceId);
}

/**
 * What DescribeClustersV1 should answer for a region of the generated inventory (its clusters carry every
 * DescribeClustersV1 field): the clusters matching every given filter exactly, tags in byte order of key. Sorted
 * by cluster ID; the order of the answer is the simulator's, so tests sort too.
 */
export function expectedClusters(
  inv: InventoryFile,
  q: {
    regionId: string;
    clusterId?: string;
    name?: string;
    clusterType?: string;
    clusterSpec?: string;
    profile?: string;
  },
): ClusterInfo[] {
  return inv.resources
    .filter((r) => r.type === 'cluster' && r.regionId === q.regionId)
    .map((r) => ({
      clusterId: r.resourceId,
      name: r.name ?? r.resourceId,
      regionId: r.regionId,
      clusterType: r.cluster!.clusterType!,
      clusterSpec: r.cluster!.clusterSpec!,
      profile: r.cluster!.profile!,
      state: r.cluster!.state!,
      createdAt: r.cluster!.created!,
      tags: [...r.tags].sort((a, b) => byteOrder(a.key, b.key)),
    }))
    .filter(
      (c) =>
        (q.clusterId === undefined || c.clusterId === q.clusterId) &&
        (q.name === undefined || c.name === q.name) &&
        (q.clusterType === undefined || c.clusterType === q.clusterType) &&
        (q.clusterSpec === undefined || c.clusterSpec === q.clusterSpec) &&
        (q.profile === undefined || c.profile === q.profile),
    )
    .sort((a, b) => byteOrder(a.clusterId, b.clusterId));
}
