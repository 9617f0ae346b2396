/**
 * Static composition with @apollo/composition: our subgraph SDL (exactly `_service { sdl }`) with a second,
 * independently written Federation 2 subgraph that has its own `Query.node`, `interface Node` and `PageInfo`.
 * Shows why SUBGRAPH_NODE_FIELDS defaults to omit (keep fails with INVALID_FIELD_SHARING) and that rename
 * composes; the composed supergraph is committed as schema/supergraph.example.graphql and checked for drift.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { INVENTORY_SDL } from './inventory-subgraph.js';
import { compose, describeHint, hintSubgraphs, ourSdl, SUPERGRAPH_FILE, supergraphFileText } from './compose.js';

/** The element of a supergraph type definition, e.g. the `type EcsInstance … {` header with its directives. */
function typeHeader(sdl: string, name: string): string {
  const start = sdl.search(new RegExp(`^(type|interface) ${name}\\b`, 'm'));
  expect(start, `${name} in the supergraph`).toBeGreaterThanOrEqual(0);
  return sdl.slice(start, sdl.indexOf('{', start));
}

/** The graphs `@join__field` routes `Query.<field>` to; undefined when the supergraph has no such field. */
function queryFieldGraphs(sdl: string, field: string): string[] | undefined {
  const query = parse(sdl).definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
  );
  const def = query?.fields?.find((f) => f.name.value === field);
  if (!def) return undefined;
  return (def.directives ?? [])
    .filter((d) => d.name.value === 'join__field')
    .map((d) => print(d.arguments!.find((a) => a.name.value === 'graph')!.value));
}

describe('composition with an inventory subgraph', () => {
  it('our SDL (omit, the default) has no Query.node/nodes but keeps Node and both entity keys', () => {
    const sdl = ourSdl();
    expect(sdl).not.toMatch(/^\s+nodes?\(/m);
    expect(sdl).toMatch(/^interface Node\b/m);
    expect(sdl).toContain('@key(fields: "regionId resourceId")');
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
  });

  it('composes with no errors and no hints', () => {
    const result = compose();
    for (const hint of result.hints ?? []) console.log(`composition hint: ${describeHint(hint)}`);
    expect(result.errors?.map((e) => `${String(e.extensions.code)}: ${e.message}`)).toBeUndefined();
    expect(result.hints?.map(describeHint)).toEqual([]);
    const sdl = result.supergraphSdl!;
    // the inventory's stubs join our entities by the native key; we also resolve by global id
    for (const type of ['EcsInstance', 'AckCluster']) {
      const header = typeHeader(sdl, type);
      expect(header).toContain('@join__type(graph: INVENTORY, key: "regionId resourceId", resolvable: false)');
      expect(header).toContain('@join__type(graph: TAGS, key: "id")');
      expect(header).toContain('@join__type(graph: TAGS, key: "regionId resourceId")');
    }
    expect(typeHeader(sdl, 'EcsDisk')).toContain('@join__type(graph: INVENTORY, key: "id", resolvable: false)');
    // Query.node belongs to the inventory only; our root fields to us
    expect(queryFieldGraphs(sdl, 'node')).toEqual(['INVENTORY']);
    expect(queryFieldGraphs(sdl, 'nodes')).toBeUndefined();
    for (const field of ['tagCatalog', 'resources', 'ackClusters'])
      expect(queryFieldGraphs(sdl, field)).toEqual(['TAGS']);
    // PageInfo is shared by both
    expect(typeHeader(sdl, 'PageInfo')).toMatch(/@join__type\(graph: INVENTORY\)\s*@join__type\(graph: TAGS\)/);
  });

  it('a subgraph that words the shared Node/PageInfo differently gets only INCONSISTENT_DESCRIPTION hints', () => {
    // A subgraph with its own wording on the shared Node/PageInfo: the only hints are about the wording.
    const described = INVENTORY_SDL.replace('interface Node {', '"""Relay node."""\n  interface Node {').replace(
      'type PageInfo @shareable {',
      '"""Relay page info."""\n  type PageInfo @shareable {',
    );
    const result = compose({ inventorySdl: described });
    for (const hint of result.hints ?? [])
      console.log(`composition hint (described variant): ${describeHint(hint).split('\n')[0]}`);
    expect(result.errors).toBeUndefined();
    const hints = result.hints ?? [];
    expect(hints.map((h) => h.definition.code).sort()).toEqual([
      'INCONSISTENT_DESCRIPTION',
      'INCONSISTENT_DESCRIPTION',
    ]);
    expect(hints.map((h) => h.coordinate).sort()).toEqual(['Node', 'PageInfo']);
    for (const hint of hints) expect(hintSubgraphs(hint).sort()).toEqual(['inventory', 'tags']);
  });

  it('SUBGRAPH_NODE_FIELDS=keep fails: INVALID_FIELD_SHARING on Query.node (why omit is the default)', () => {
    expect(ourSdl('keep')).toMatch(/^\s+node\(/m);
    const result = compose({ mode: 'keep' });
    expect(result.supergraphSdl).toBeUndefined();
    const errors = (result.errors ?? []).map((e) => ({ code: e.extensions.code, message: e.message }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('INVALID_FIELD_SHARING');
    expect(errors[0]!.message).toContain('"Query.node"');
  });

  it('SUBGRAPH_NODE_FIELDS=rename composes, routing resourceNode/resourceNodes to us and node to the inventory', () => {
    const result = compose({ mode: 'rename' });
    expect(result.errors).toBeUndefined();
    expect(result.hints?.map(describeHint)).toEqual([]);
    const sdl = result.supergraphSdl!;
    expect(queryFieldGraphs(sdl, 'resourceNode')).toEqual(['TAGS']);
    expect(queryFieldGraphs(sdl, 'resourceNodes')).toEqual(['TAGS']);
    expect(queryFieldGraphs(sdl, 'node')).toEqual(['INVENTORY']);
  });

  it(`${SUPERGRAPH_FILE} is the composed supergraph (UPDATE_SUPERGRAPH=1 rewrites it)`, () => {
    const expected = supergraphFileText(compose().supergraphSdl!);
    if (process.env.UPDATE_SUPERGRAPH === '1') writeFileSync(SUPERGRAPH_FILE, expected);
    expect(
      existsSync(SUPERGRAPH_FILE),
      `${SUPERGRAPH_FILE} is missing: run UPDATE_SUPERGRAPH=1 npx vitest run test/federation/compose.test.ts`,
    ).toBe(true);
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8'), `${SUPERGRAPH_FILE} drifted: regenerate it`).toBe(expected);
  });
});
