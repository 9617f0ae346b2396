/**
 * Test harness: a real simulator and a real gateway (startApp, the same wiring as npm start) on port 0.
 * `query` posts over HTTP; the simulator's call log counts what reached the upstream.
 */
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { configSchema, toAppOptions, type Config } from '../../src/config/index.js';
import { makeCredential } from '../../src/upstream/credentials.js';
import {
  DEMO_KEY,
  startSimulator,
  type InventoryFile,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';

export interface TestGateway {
  sim: Simulator;
  app: App;
  url: string;
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return configSchema.parse({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CURSOR_SECRET: 'test-cursor-secret-0123456789',
    UPSTREAM_BACKOFF_BASE_MS: '5',
    UPSTREAM_BACKOFF_MAX_MS: '20',
    // Suites written before the call budget run whole-list queries estimated far above its default; the budget
    // has its own tests (test/cost/), which set it.
    MAX_UPSTREAM_CALLS: '1000000',
    // Likewise admission by weight (test/cost/admission.test.ts sets it): concurrent whole-list queries never wait.
    ADMISSION_MAX_WEIGHT: '100000000',
    ...overrides,
  });
}

export async function startTestGateway(
  options: { simulator?: SimulatorOptions; env?: Record<string, string>; sim?: Simulator; logger?: Logger } = {},
): Promise<TestGateway> {
  const sim = options.sim ?? (await startSimulator({ port: 0, ...options.simulator }));
  const config = testConfig(options.env);
  const app = await startApp(toAppOptions(config), {
    credential: makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret),
    endpointOverride: sim.url,
    logger: options.logger ?? pino({ level: 'silent' }),
  });
  return {
    sim,
    app,
    url: app.url,
    async query(query, variables, headers) {
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GraphQLResponse<any>;
      return { ...body, status: res.status };
    },
    async close() {
      await app.close();
      if (!options.sim) await sim.close();
    },
  };
}

export interface GatewaySetup {
  /** The running gateway and its simulator; set once beforeAll ran. */
  gw: TestGateway;
  /** The demo tenant's inventory, to compute expected answers from. */
  inv: InventoryFile;
}

/** Registers beforeAll/afterAll for a gateway (default: cache off, so upstream calls are countable). */
export function useGateway(
  options: Parameters<typeof startTestGateway>[0] = { env: { CACHE_ENABLED: 'false' } },
): GatewaySetup {
  const setup = {} as GatewaySetup;
  beforeAll(async () => {
    setup.gw = await startTestGateway(options);
    setup.inv = setup.gw.sim.inventory();
  });
  afterAll(() => setup.gw?.close());
  return setup;
}
