/**
 * The README's router configs (examples/router): Apollo Router's router.yaml and Hive Gateway's gateway.config.mjs
 * point at the committed example supergraph, which is the composed one (the drift check of compose.test.ts, run
 * here on the file they name); they route to the subgraph names the supergraph has and send the router secret to
 * "tags". The Hive config's header function is run for real: @apollo/gateway, sending the headers it returns,
 * gets `_entities` answered by a gateway with ROUTER_SECRET set (and without them, FORBIDDEN).
 */
import type { ApolloServer } from '@apollo/server';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { compose, SUPERGRAPH_FILE, supergraphFileText } from './compose.js';
import { startInventorySubgraph, type InventorySubgraph } from './inventory-subgraph.js';
import { runOperation, startRouter } from './router.js';

vi.mock('@graphql-hive/gateway', () => ({ defineConfig: <T>(config: T) => config }));

const SECRET = 'router-config-test-secret-0123';

type HeaderFn = (input: { request: Request; subgraphName: string }) => Record<string, string> | undefined;
interface HiveConfig {
  supergraph: string;
  propagateHeaders: { fromClientToSubgraphs: HeaderFn };
}

/** The Hive config module (plain JS: `@graphql-hive/gateway` is not a dependency here, its defineConfig is mocked). */
async function hiveConfig(): Promise<HiveConfig> {
  const file = '../../examples/router/gateway.config.mjs';
  return ((await import(file)) as { gatewayConfig: HiveConfig }).gatewayConfig;
}

const routerYaml = parseYaml(readFileSync('examples/router/router.yaml', 'utf8'));
const supergraphNames = [...readFileSync(SUPERGRAPH_FILE, 'utf8').matchAll(/@join__graph\(name: "(\w+)"/g)].map(
  (m) => m[1],
);

describe('router configs', () => {
  it(`${SUPERGRAPH_FILE}, which both configs serve, is the composed supergraph`, () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(supergraphFileText(compose().supergraphSdl!));
    expect(supergraphNames.sort()).toEqual(['inventory', 'tags']);
  });

  it('Apollo Router: router.yaml overrides a subgraph of that supergraph and sends ROUTER_SECRET to tags', () => {
    expect(readFileSync('examples/router/router.yaml', 'utf8')).toContain(`--supergraph ${SUPERGRAPH_FILE}`);
    for (const name of Object.keys(routerYaml.override_subgraph_url)) expect(supergraphNames).toContain(name);
    expect(routerYaml.headers.subgraphs.tags.request).toContainEqual({
      insert: { name: 'x-router-secret', value: '${env.ROUTER_SECRET}' },
    });
    expect(routerYaml.include_subgraph_errors.subgraphs.tags).toBe(true);
  });

  it('Hive Gateway: gateway.config.mjs serves that supergraph', async () => {
    expect((await hiveConfig()).supergraph).toBe(`./${SUPERGRAPH_FILE}`);
  });
});

describe("Hive Gateway's header function in front of a gateway with ROUTER_SECRET", () => {
  let gw: TestGateway;
  let inventory: InventorySubgraph;
  let headerFn: HeaderFn;
  const routers: ApolloServer[] = [];

  beforeAll(async () => {
    vi.stubEnv('ROUTER_SECRET', SECRET);
    headerFn = (await hiveConfig()).propagateHeaders.fromClientToSubgraphs;
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', ROUTER_SECRET: SECRET } });
    const r = gw.sim.inventory().resources.find((x) => x.type === 'instance')!;
    inventory = await startInventorySubgraph([
      { id: 'item-0', name: 'web', owner: 'ops', ecsInstance: { regionId: r.regionId, resourceId: r.resourceId } },
    ]);
  });
  afterAll(async () => {
    for (const router of routers) await router.stop();
    await inventory?.close();
    await gw?.close();
    vi.unstubAllEnvs();
  });

  async function router(useHeaderFn: boolean): Promise<ApolloServer> {
    const urls: Record<string, string> = { tags: gw.url, inventory: inventory.url };
    const server = await startRouter(readFileSync(SUPERGRAPH_FILE, 'utf8'), urls, (name, { request }) => {
      const client = new Request('http://router/graphql', { headers: { authorization: 'Bearer caller-token' } });
      const headers = useHeaderFn ? headerFn({ request: client, subgraphName: name }) : undefined;
      for (const [k, v] of Object.entries(headers ?? {})) request.http!.headers.set(k, v);
    });
    routers.push(server);
    return server;
  }

  const QUERY = '{ items(first: 1) { edges { node { name ecsInstance { kind tags(first: 1) { totalCount } } } } } }';

  it('the header function sends the secret (and the caller’s authorization) to tags only', () => {
    const request = new Request('http://router/graphql', { headers: { authorization: 'Bearer caller-token' } });
    expect(headerFn({ request, subgraphName: 'tags' })).toEqual({
      'x-router-secret': SECRET,
      authorization: 'Bearer caller-token',
    });
    expect(headerFn({ request, subgraphName: 'inventory' })).toBeUndefined();
  });

  it('with its headers the router gets _entities; without them, FORBIDDEN', async () => {
    const ok = await runOperation(await router(true), QUERY);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.items.edges[0].node.ecsInstance.kind).toBe('ECS_INSTANCE');

    const refused = await runOperation(await router(false), QUERY);
    expect(JSON.stringify(refused.errors)).toContain('FORBIDDEN');
  });
});
