/**
 * What the bench measures. Every row runs against a fresh server process (so its peak RSS is its own), after
 * an unmeasured warm-up: that fills the caches of the warm rows and only warms the JIT of the cold ones, which
 * run with every cache off so each request pays its full upstream cost.
 */
import * as q from './queries.js';
import type { Ref } from './queries.js';

export type Target = 'bare' | 'gateway' | 'naive';

export interface Row {
  name: string;
  target: Target;
  store: 'memory' | 'redis' | '–';
  /** Gateway environment on top of the bench's defaults. */
  env: Record<string, string>;
  body: string | ((i: number) => string);
  /** The bare-yoga row this row is compared with. */
  baseline: 'typename' | 'static';
  connections?: number;
  /** Measure bare yoga right before this row and compare with that (the warm rows, whose ratio is a target). */
  paired?: boolean;
}

/** Every cache off: each request pays what it costs upstream. */
const COLD = { CACHE_ENABLED: 'false', RESPONSE_CACHE_TTL_S: '0' };
/** Upstream cache warm, response cache off: the execution path. */
const EXECUTION = { RESPONSE_CACHE_TTL_S: '0' };

export function baselineRows(): Row[] {
  return [
    { name: 'bare yoga `{ __typename }`', target: 'bare', store: '–', env: {}, body: q.TYPENAME, baseline: 'typename' },
    { name: 'bare yoga, static 50-row page', target: 'bare', store: '–', env: {}, body: q.STATIC, baseline: 'static' },
  ];
}

/** The rows whose cost depends on a store: run on memory, and again on Redis when one answers. */
export function storeRows(store: 'memory' | 'redis'): Row[] {
  return [
    {
      name: 'response-cache hit (tagCatalog first: 50)',
      target: 'gateway',
      store,
      env: {},
      body: q.TAG_CATALOG_50,
      baseline: 'static',
      paired: true,
    },
    {
      name: 'execution path: tagCatalog(first: 50)',
      target: 'gateway',
      store,
      env: EXECUTION,
      body: q.TAG_CATALOG_50,
      baseline: 'static',
      paired: true,
    },
    {
      name: 'execution path: resources (2)',
      target: 'gateway',
      store,
      env: EXECUTION,
      body: q.RESOURCES_2,
      baseline: 'static',
      paired: true,
    },
  ];
}

export function gatewayRows(): Row[] {
  return [
    {
      name: 'gateway `{ __typename }`',
      target: 'gateway',
      store: 'memory',
      env: {},
      body: q.TYPENAME,
      baseline: 'typename',
      paired: true,
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
      baseline: 'static',
    },
    {
      name: `cold taggedResources(first: 20)${label}`,
      target: 'gateway',
      store: '–',
      env: COLD,
      body: q.TAGGED_20,
      baseline: 'static',
    },
    {
      name: `cold, 50 concurrent single-instance queries${label}`,
      target: 'gateway',
      store: '–',
      env: COLD,
      body: (i) => q.resourcesOf([fifty[i % fifty.length]!]),
      baseline: 'static',
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
      baseline: 'static',
      // 100 calls a query through 8 connections per region: at 32 connections no query would end within a row.
      connections: 4,
    },
  ];
}
