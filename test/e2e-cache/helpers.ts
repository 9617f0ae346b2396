/**
 * Helpers for the end-to-end cache suites: a real gateway (startApp) with both cache layers on, on real Redis,
 * queried over HTTP; the simulator's call log counts what reached the upstream. Redis processes and key clean-up
 * come from the cache-layer suites (test/cache/helpers.ts).
 */
import { randomUUID } from 'node:crypto';
import type { CallLogEntry, Simulator, SimulatorOptions } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { rawClient, SHARED_REDIS_URL } from '../cache/helpers.js';

export { deleteKeys, freePort, OwnRedis, rawClient, SHARED_REDIS_URL, waitUntil } from '../cache/helpers.js';

/** The GraphQL `ResourceKind` of the ECS types the flood and held-memory suites send as refs (memory-rss sends all five). */
export const REF_KINDS: Record<string, string> = {
  instance: 'ECS_INSTANCE',
  disk: 'ECS_DISK',
  securityGroup: 'ECS_SECURITY_GROUP',
};

/** The simulator's second tenant (its own generated inventory). */
export const TENANT_B = { accessKeyId: 'tenant-b-key', accessKeySecret: 'tenant-b-secret' };

/** A CACHE_KEY_PREFIX no other test (or run) uses. */
export function e2ePrefix(name: string): string {
  return `test:e2e-cache:${name}:${process.pid}:${randomUUID().slice(0, 8)}:`;
}

export interface CachedGatewayOptions {
  prefix: string;
  /** Default: the shared Redis. */
  redisUrl?: string;
  env?: Record<string, string>;
  sim?: Simulator;
  simulator?: SimulatorOptions;
}

/**
 * Redis command timeout for the suites that count upstream calls exactly: on a busy 2-core machine an event-loop
 * stall can outlast the default 250 ms, and a timed-out lock or read rightly goes upstream (an extra call).
 */
export const PATIENT_REDIS_TIMEOUT_MS = '2000';

/**
 * A gateway with both cache layers on Redis. One upstream attempt per call: a retry would blur the call counts.
 * Redis commands time out after PATIENT_REDIS_TIMEOUT_MS unless `env` says otherwise. Resolves once the cache's
 * Redis connection is ready.
 */
export async function startCachedGateway(o: CachedGatewayOptions): Promise<TestGateway> {
  const gw = await startTestGateway({
    sim: o.sim,
    simulator: o.simulator,
    env: {
      REDIS_URL: o.redisUrl ?? SHARED_REDIS_URL,
      CACHE_KEY_PREFIX: o.prefix,
      UPSTREAM_MAX_ATTEMPTS: '1',
      CACHE_REDIS_COMMAND_TIMEOUT_MS: PATIENT_REDIS_TIMEOUT_MS,
      ...o.env,
    },
  });
  if (!(await gw.app.cache.ready(5_000))) {
    await gw.close();
    throw new Error('the gateway could not reach Redis');
  }
  return gw;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: {
    data?: T;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
    extensions?: { responseCache?: { hit?: boolean; didCache?: boolean; ttl?: number }; [k: string]: unknown };
  };
  /** Wall time of the HTTP exchange. */
  ms: number;
  /** When the answer was in, on the simulator call log's clock (performance.timeOrigin + performance.now()). */
  endedAt: number;
}

/** POSTs one GraphQL operation; never throws for a GraphQL-level error (the caller asserts). */
export async function post<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Answer<T>['body'];
  const ended = performance.now();
  return {
    status: res.status,
    headers: res.headers,
    body,
    ms: ended - started,
    endedAt: performance.timeOrigin + ended,
  };
}

/** True when the answer is a full success: HTTP 200, data, no errors. */
export function ok(a: Answer): boolean {
  return a.status === 200 && a.body.data != null && (a.body.errors === undefined || a.body.errors.length === 0);
}

export const hit = (a: Answer): boolean => a.body.extensions?.responseCache?.hit === true;

/** The tag keys of one ECS kind in some regions (DescribeTags, every page of each region). */
export const TAG_KEYS = /* GraphQL */ `
  query TagKeys($regionIds: [String!]!, $kind: EcsResourceKind = ECS_INSTANCE, $first: Int = 10) {
    tagKeys(regionIds: $regionIds, kind: $kind, first: $first) {
      totalCount
      edges { node { key valueCount resourceCount } }
    }
  }
`;

/** The tag catalog of one ECS kind (DescribeTags for every kind, to count). */
export const TAG_CATALOG = /* GraphQL */ `
  query TagCatalog($regionIds: [String!]!, $kind: EcsResourceKind = ECS_INSTANCE, $first: Int = 5) {
    tagCatalog(regionIds: $regionIds, kind: $kind, first: $first) {
      totalCount
      edges { node { key value regionId resourceCount counts { instance disk image securityGroup snapshot } } }
    }
  }
`;

/** Resources by native reference, with their global IDs (the response cache tags entries by them). */
export const RESOURCES = /* GraphQL */ `
  query Resources($refs: [ResourceRefInput!]!) {
    resources(refs: $refs) {
      id
      kind
      regionId
      resourceId
      tags(first: 20) { totalCount edges { node { key value } } }
    }
  }
`;

/** What identifies one upstream request in the call log: everything but the signing timestamp. */
export function requestSignature(e: CallLogEntry): string {
  const params = Object.entries(e.params)
    .filter(([k]) => k !== 'Timestamp')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([e.operation, e.accessKeyId, e.regionId, params]);
}

/** How many times each distinct upstream request was made. */
export function callsPerRequest(entries: readonly CallLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(requestSignature(e), (counts.get(requestSignature(e)) ?? 0) + 1);
  return counts;
}

/** Every key under `prefix` with its value as text (strings as is, sets as their sorted members). */
export async function dumpKeys(url: string, prefix: string): Promise<Map<string, string>> {
  const client = rawClient(url);
  try {
    const out = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'string') out.set(key, (await client.get(key)) ?? '');
        else if (type === 'set') out.set(key, (await client.smembers(key)).sort().join('\n'));
        else if (type !== 'none') out.set(key, `<${type}>`);
      }
    } while (cursor !== '0');
    return out;
  } finally {
    client.disconnect();
  }
}
