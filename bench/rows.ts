/**
 * What the bench measures. Every row runs against a fresh server process (so its peak RSS is its own), after
 * an unmeasured warm-up: that fills the caches of the warm rows and only warms the JIT of the cold ones, which
 * run with every cache off so each request pays its full upstream cost.
 */
import * as q from './queries.js';
import type { Ref } from './queries.js';

export type Target = 'bare' | 'gateway' | 'naive';

/** The queries that have a reference of their own (a bare yoga serving the gateway's answer to it: run.ts). */
export type ReferenceQuery = 'resources' | 'catalog';

export interface Row {
  name: string;
  target: Target;
  store: 'memory' | 'redis' | '–';
  /** Gateway environment on top of the bench's defaults. */
  env: Record<string, string>;
  body: string | ((i: number) => string);
  /**
   * The reference this row is compared with, measured in slices alternating with the row's own (and with the
   * previous release's, when BENCH_PREVIOUS is set): `typename` is bare yoga's `{ __typename }`; a query is a bare
   * yoga on the project's SDL serving the gateway's captured answer to that query. Unset: no paired reference
   * (cold rows; the typename floor of the run is still shown beside them).
   */
  reference?: 'typename' | ReferenceQuery;
  connections?: number;
}

/** Every cache off: each request pays what it costs upstream. */
const COLD = { CACHE_ENABLED: 'false', RESPONSE_CACHE_TTL_S: '0' };
/** Upstream cache warm, response cache off: the execution path. */
const EXECUTION = { RESPONSE_CACHE_TTL_S: '0' };

export const REFERENCE_BODIES: Record<ReferenceQuery, string> = { resources: q.RESOURCES_2, catalog: q.TAG_CATALOG_50 };
const LABEL: Record<ReferenceQuery, string> = { resources: 'resources (2)', catalog: 'tagCatalog(first: 50)' };

export function baselineRows(): Row[] {
  return [{ name: 'bare yoga `{ __typename }`', target: 'bare', store: '–', env: {}, body: q.TYPENAME }];
}

/** The rows whose cost depends on a store: run on memory, and again on Redis when one answers. */
export function storeRows(store: 'memory' | 'redis'): Row[] {
  const rows: Row[] = [];
  for (const query of ['resources', 'catalog'] as const) {
    const body = REFERENCE_BODIES[query];
    rows.push({
      name: `response-cache hit: ${LABEL[query]}`,
      target: 'gateway',
      store,
      env: {},
      body,
      reference: query,
    });
  }
  for (const query of ['resources', 'catalog'] as const) {
    const body = REFERENCE_BODIES[query];
    rows.push({
      name: `execution path: ${LABEL[query]}`,
      target: 'gateway',
      store,
      env: EXECUTION,
      body,
      reference: query,
    });
  }
  return rows;
}

export function gatewayRows(): Row[] {
  return [
    {
      name: 'gateway `{ __typename }`',
      target: 'gateway',
      store: 'memory',
      env: {},
      body: q.TYPENAME,
      reference: 'typename',
    },
  ];
}

/** The rows whose cost grows with the account: run on the demo inventory and on the 30× one. */
export function coldRows(instances: Ref[], label: string): Row[] {
  const hundred = instances.slice(0, 100);
  const fifty = instances.slice(0, 50);
  return [
    {
      name: `cold tags of 100 instances${label}`,
      target: 'gateway',
      store: '–',
      env: COLD,
      body: q.resourcesOf(hundred),
    },
    {
      name: `cold taggedResources(first: 20)${label}`,
      target: 'gateway',
      store: '–',
      env: COLD,
      body: q.TAGGED_20,
    },
    {
      name: `cold, 50 concurrent single-instance queries${label}`,
      target: 'gateway',
      store: '–',
      env: COLD,
      body: (i) => q.resourcesOf([fifty[i % fifty.length]!]),
      connections: 50,
    },
  ];
}

export function naiveRows(instances: Ref[]): Row[] {
  return [
    {
      name: 'naive resolver, tags of 100 instances (floor)',
      target: 'naive',
      store: '–',
      env: {},
      body: q.naiveOf(instances.slice(0, 100)),
      // 100 calls a query through 8 connections per region: at 32 connections no query would end within a row.
      connections: 4,
    },
  ];
}
