/**
 * The HTTP server: routes `/__simulator/*` to the control endpoints, `/tags` and `/api/v1/clusters` to ROA
 * (CS), `/` to RPC (ECS), anything else to a 404 `InvalidAction.NotFound`. For every API request: decide
 * faults on arrival (drop, 503), else authenticate, throttle per key, run the operation; then wait
 * `latencyMs`, answer (or destroy the socket) and log the call.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiCall, ApiContext, HttpAnswer, RawRequest } from './api-call.js';
import { CallLog } from './call-log.js';
import { handleControl } from './control.js';
import { ApiError, errors, toApiError } from './errors.js';
import { Faults } from './faults.js';
import { loadInventoryFile, parseInventory } from './inventory/file.js';
import { PageTokens } from './page-tokens.js';
import { isRoaPath, prepareRoa } from './roa.js';
import { prepareRpc } from './rpc.js';
import { Tenants } from './tenants.js';
import { DEMO_KEY, type InventoryFile, type Simulator, type SimulatorOptions } from './types.js';
import { newRequestId, nowMs } from './util.js';

export const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function unknownCall(req: RawRequest, ctx: ApiContext): ApiCall {
  const looksRpc = /(^|&)Action=/.test(req.rawQuery);
  const base = looksRpc ? prepareRpc(req, ctx) : prepareRoa(req, ctx);
  return {
    ...base,
    operation: 'Unknown',
    authenticate: () => {
      throw errors.actionNotFound();
    },
  };
}

/** A page-size option: 50 when absent (both token-paged operations' default), else a positive integer. */
function pageSizeOption(value: number | undefined, name: string): number {
  const size = value ?? 50;
  if (!Number.isInteger(size) || size < 1) throw new Error(`${name} must be a positive integer`);
  return size;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const toleranceMs = (options.clockSkewToleranceS ?? 900) * 1000;
  const pageSizeCs = pageSizeOption(options.pageSizeCs, 'pageSizeCs');
  const pageSizeEcs = pageSizeOption(options.pageSizeEcs, 'pageSizeEcs');
  let defaultInventory: InventoryFile | undefined;
  if (options.inventory) defaultInventory = parseInventory(options.inventory);
  else if (options.inventoryFile) defaultInventory = loadInventoryFile(options.inventoryFile);

  const tenants = new Tenants({
    keys: options.keys && options.keys.length > 0 ? options.keys : [DEMO_KEY],
    seed: options.seed ?? 42,
    size: options.size ?? 1,
    ...(defaultInventory ? { defaultInventory } : {}),
    nonceTtlMs: 2 * toleranceMs,
  });
  const faults = new Faults(options.faults ?? {});
  const log = new CallLog();
  const ctx: ApiContext = {
    tenants,
    secrets: tenants.secrets(),
    toleranceMs,
    pageSizeCs,
    pageSizeEcs,
    tokens: new PageTokens(randomBytes(32)),
  };
  const closing = new AbortController();
  // Every delayed answer listens for shutdown: far more than the default 10 at a time under load.
  setMaxListeners(0, closing.signal);
  let url = '';

  async function handleApi(req: IncomingMessage, res: ServerResponse, raw: RawRequest, startedAt: number) {
    const seq = log.nextSeq();
    const call =
      raw.path === '/' ? prepareRpc(raw, ctx) : isRoaPath(raw.path) ? prepareRoa(raw, ctx) : unknownCall(raw, ctx);
    const decision = faults.decide();
    let answer: HttpAnswer | 'drop';
    if (decision === 'drop') {
      answer = 'drop';
    } else if (decision === 'error') {
      answer = call.renderError(errors.serviceUnavailable());
    } else {
      try {
        const tenant = call.authenticate(Date.now());
        if (!faults.admit(tenant.key.accessKeyId)) throw errors.throttled();
        answer = call.execute(tenant);
      } catch (e) {
        answer = call.renderError(toApiError(e));
      }
    }
    if (faults.latencyMs > 0) {
      try {
        await delay(faults.latencyMs, undefined, { signal: closing.signal });
      } catch {
        // closing: the socket is going away anyway
      }
    }
    log.add({
      seq,
      operation: call.operation,
      accessKeyId: call.accessKeyId,
      regionId: call.regionId,
      params: call.logParams,
      status: answer === 'drop' ? 0 : answer.status,
      code: answer === 'drop' ? null : answer.code,
      requestId: raw.requestId,
      startedAt,
      endedAt: nowMs(),
    });
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = nowMs();
    res.on('error', () => undefined);
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const rawQuery = q === -1 ? '' : target.slice(q + 1);
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLarge && !res.headersSent) {
        const text = JSON.stringify({ code: 'RequestEntityTooLarge', message: errors.tooLarge().message });
        res.writeHead(413, { 'content-type': 'application/json;charset=utf-8', connection: 'close' });
        res.end(text);
      } else {
        req.socket.destroy();
      }
      return;
    }
    if (path === '/__simulator' || path.startsWith('/__simulator/')) {
      handleControl(req, res, path, rawQuery, body, { tenants, faults, log, url: () => url });
      return;
    }
    const raw: RawRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      rawQuery,
      headers: flatHeaders(req),
      body,
      requestId: newRequestId(),
    };
    await handleApi(req, res, raw, startedAt);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const err = e instanceof ApiError ? e : errors.internal();
      res.writeHead(err.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify({ code: err.code, message: err.message }));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // unparseable requests (garbage, oversized headers/URL) never reach the handler: answer and hang up
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
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
