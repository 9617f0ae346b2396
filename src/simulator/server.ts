/**
 * The simulator's HTTP server: builds the tenants, faults, call log and API context from the options, serves
 * every request through request-flow.ts, and closes cleanly.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import type { ApiContext } from './api-call.js';
import { CallLog } from './call-log.js';
import { Faults } from './faults.js';
import { loadInventoryFile, parseInventory } from './inventory/file.js';
import { PageTokens } from './protocol/page-tokens.js';
import { createHttpServer, type RequestDeps } from './request-flow.js';
import { SecurityTokens } from './accounts/sts.js';
import { Tenants } from './accounts/tenants.js';
import { DEMO_KEY, type InventoryFile, type Simulator, type SimulatorOptions } from './types.js';

/** A page-size option: 50 when absent (both token-paged operations' default), else a positive integer. */
function pageSizeOption(value: number | undefined, name: string): number {
  const size = value ?? 50;
  if (!Number.isInteger(size) || size < 1) throw new Error(`${name} must be a positive integer`);
  return size;
}

/** Listens on host:port (0 = any free port); the port it got. */
async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const toleranceMs = (options.clockSkewToleranceS ?? 900) * 1000;
  const pageSizeCs = pageSizeOption(options.pageSizeCs, 'pageSizeCs');
  const pageSizeEcs = pageSizeOption(options.pageSizeEcs, 'pageSizeEcs');
  let defaultInventory: InventoryFile | undefined;
  if (options.inventory) defaultInventory = parseInventory(options.inventory);
  else if (options.inventoryFile) defaultInventory = loadInventoryFile(options.inventoryFile);

  const keys = options.keys && options.keys.length > 0 ? options.keys : [DEMO_KEY];
  const tenants = new Tenants({
    keys,
    seed: options.seed ?? 42,
    size: options.size ?? 1,
    ...(defaultInventory ? { defaultInventory } : {}),
    nonceTtlMs: 2 * toleranceMs,
  });
  const faults = new Faults(options.faults ?? {});
  const log = new CallLog();
  const securityTokens = new SecurityTokens(randomBytes(32), keys);
  const ctx: ApiContext = {
    tenants,
    secrets: new Set([...tenants.secrets(), ...securityTokens.secrets()]),
    toleranceMs,
    pageSizeCs,
    pageSizeEcs,
    tokens: new PageTokens(randomBytes(32)),
    securityTokens,
    tagWriteFailures: () => faults.tagWriteFailures,
  };
  const closing = new AbortController();
  // Every delayed answer listens for shutdown: far more than the default 10 at a time under load.
  setMaxListeners(0, closing.signal);
  let url = '';
  const deps: RequestDeps = {
    ctx,
    faults,
    log,
    control: { tenants, faults, log, url: () => url },
    closing: closing.signal,
  };

  const server = createHttpServer(deps);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port ?? 0);
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    calls: (filter) => log.list(filter),
    clearCalls: () => log.clear(),
    setFaults: (f) => {
      faults.set(f);
    },
    issueSecurityToken: (accessKeyId, ttlS = 3600) => {
      const tenant = accessKeyId === undefined ? tenants.defaultTenant : tenants.get(accessKeyId);
      if (!tenant) throw new Error(`unknown accessKeyId ${accessKeyId}`);
      return securityTokens.issue(tenant.key.accessKeyId, Date.now() + ttlS * 1000);
    },
    inventory: (accessKeyId) => {
      const tenant = accessKeyId === undefined ? tenants.defaultTenant : tenants.get(accessKeyId);
      if (!tenant) throw new Error(`unknown accessKeyId ${accessKeyId}`);
      return tenant.inventory;
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
        tenants.close();
      });
      return closed;
    },
  };
}
