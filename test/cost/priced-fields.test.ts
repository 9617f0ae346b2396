/**
 * Issue 19, item 2: every field that can call upstream has a price. The test walks the schema from the root
 * fields (sample arguments below) through every object, interface and connection type, and for each field F of a
 * type reached at path P runs `P { F }` and `P { __typename }` cold (caches off) against the simulator: when F makes
 * calls the bare path does not, its estimate must be higher too, and no query may make more calls than estimated.
 * A new field that loads data without a price fails here.
 */
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graph/schema.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { measured } from './helpers.js';

interface Probe {
  /** The query text with `{}` where the selection on `type` goes. */
  path: string;
  type: string;
}

const schema = buildSchema({ federation: false });

/** Arguments for fields that need some to reach data (by Type.field). */
function sampleArgs(refs: string): Record<string, string> {
  return {
    'Query.resources': `(refs: ${refs})`,
    'Query.tagCatalog': '(regionIds: ["cn-hangzhou"], first: 3)',
    'Query.tagKeys': '(regionIds: ["cn-hangzhou"], first: 3)',
    'Query.tagValues': '(regionIds: ["cn-hangzhou"], key: "env", first: 3)',
    'Query.ackClusters': '(regionId: "cn-hangzhou", first: 3)',
    'Query.taggedResources': '(regionIds: ["cn-hangzhou"], tags: [{ key: "env" }], first: 3)',
    'Query.resourceInventory': '(regionIds: ["cn-hangzhou"], kinds: [ECS_IMAGE, ACK_CLUSTER], first: 3)',
    'Query.tagHygiene': '(regionIds: ["cn-hangzhou"], kinds: [ECS_IMAGE])',
  };
}
/** Root fields reached through others (same types, priced by the same rule), or needing IDs the walk has not. */
const SKIPPED_ROOTS = new Set(['node', 'nodes', '_entities', '_service']);
/**
 * Root fields whose estimate is their whole read whatever they select (tagHygiene), or at most it (resourceInventory:
 * its head is priced at most its listings' known pages, so over short listings a head and `totalCount` price alike).
 * Their probes must still stay within the estimate without the field.
 */
const PRICED_WHOLE = new Set(['tagHygiene', 'resourceInventory']);

function probes(refs: string): Array<Probe & { field: string }> {
  const args = sampleArgs(refs);
  const seen = new Set<string>();
  const out: Array<Probe & { field: string }> = [];
  const queue: Probe[] = [{ path: '{}', type: 'Query' }];
  while (queue.length) {
    const { path, type } = queue.shift()!;
    if (seen.has(type)) continue;
    seen.add(type);
    const named = schema.getType(type) as GraphQLNamedType;
    const targets = isInterfaceType(named) ? schema.getPossibleTypes(named) : [named];
    for (const target of targets) {
      if (!isObjectType(target)) continue;
      const at = isInterfaceType(named) ? path.replace('{}', `{ ... on ${target.name} {} }`) : path;
      if (isInterfaceType(named)) queue.push({ path: at, type: target.name });
      if (isInterfaceType(named)) continue;
      for (const field of Object.values(target.getFields()) as Array<GraphQLField<unknown, unknown>>) {
        if (type === 'Query' && SKIPPED_ROOTS.has(field.name)) continue;
        const required = field.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined);
        const a = args[`${type}.${field.name}`] ?? '';
        if (required && !a) continue;
        const child = getNamedType(field.type);
        if (isLeafType(child)) out.push({ path: at, type, field: `${field.name}${a}` });
        else {
          out.push({ path: at, type, field: `${field.name}${a} { __typename }` });
          queue.push({ path: at.replace('{}', `{ ${field.name}${a} {} }`), type: child.name });
        }
      }
    }
  }
  return out;
}

describe('every field that calls upstream is priced', () => {
  let gw: TestGateway;
  let refs = '';
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: '100000' } });
    const inv = gw.sim.inventory().resources.filter((r) => r.regionId === 'cn-hangzhou');
    const kinds: Array<[string, string]> = [
      ['instance', 'ECS_INSTANCE'],
      ['disk', 'ECS_DISK'],
      ['image', 'ECS_IMAGE'],
      ['securitygroup', 'ECS_SECURITY_GROUP'],
      ['snapshot', 'ECS_SNAPSHOT'],
      ['cluster', 'ACK_CLUSTER'],
    ];
    refs = `[${kinds
      .map(([type]) => inv.find((r) => r.type === type))
      .map((r, i) => (r ? `{ kind: ${kinds[i]![1]}, regionId: "cn-hangzhou", resourceId: "${r.resourceId}" }` : ''))
      .filter(Boolean)
      .join(', ')}]`;
  });
  afterAll(() => gw?.close());

  it('walks the schema: a field that makes calls raises the estimate, and no probe is under-estimated', async () => {
    const all = probes(refs);
    const names = new Set(all.map((p) => `${p.type}.${p.field.split(/[({ ]/)[0]}`));
    for (const loads of [
      'EcsInstance.tags',
      'EcsInstance.tagsFetchedAt',
      'AckCluster.name',
      'TagCatalogEntry.resources',
      'TagValueFacet.resources',
      'ResourceConnection.totalCount',
    ])
      expect(names, loads).toContain(loads);
    const unpriced: string[] = [];
    const under: string[] = [];
    const bare = new Map<string, { calls: number; estimate: number }>();
    for (const p of all) {
      const base = p.path.replace('{}', '{ __typename }');
      if (!bare.has(base)) {
        const m = await measured(gw, base === '{ __typename }' ? base : `query ${base}`);
        bare.set(base, { calls: m.upstream.calls, estimate: m.upstream.estimatedCalls });
      }
      const b = bare.get(base)!;
      const m = await measured(gw, `query ${p.path.replace('{}', `{ ${p.field} }`)}`);
      const name = `${p.type}.${p.field.split(/[({ ]/)[0]}`;
      if (m.upstream.calls > m.upstream.estimatedCalls)
        under.push(`${name}: ${m.upstream.calls} > ${m.upstream.estimatedCalls}`);
      // A root priced whole whatever it selects (tagHygiene reads every listing in scope) prices its fields already.
      const pricedWhole = PRICED_WHOLE.has(p.path.match(/^\{ (\w+)/)?.[1] ?? '') && m.upstream.calls <= b.estimate;
      if (m.upstream.calls > b.calls && m.upstream.estimatedCalls <= b.estimate && !pricedWhole)
        unpriced.push(
          `${name}: ${m.upstream.calls} calls vs ${b.calls} without, estimate ${m.upstream.estimatedCalls} vs ${b.estimate}`,
        );
    }
    expect(under).toEqual([]);
    expect(unpriced).toEqual([]);
  }, 120_000);
});
