/**
 * The life of one request: control endpoints (`/__simulator/*`) go to control.ts; API calls are routed
 * (`/` to RPC, `/tags` and `/api/v1/clusters` to ROA, anything else to a 404 `InvalidAction.NotFound`),
 * fault decisions are made on arrival (drop, 503, throttling), then the call is authenticated, throttled per key and
 * run; the answer waits `latencyMs`, is sent (or the socket destroyed) and the call is logged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiCall, ApiContext, HttpAnswer, RawRequest } from './api-call.js';
import type { CallLog } from './call-log.js';
import { type ControlContext, handleControl } from './control.js';
import { errors, toApiError } from './errors.js';
import type { Faults } from './faults.js';
import { csErrorAnswer, isRoaPath, prepareRoa } from './roa.js';
import { prepareRpc } from './rpc.js';
import { newRequestId, nowMs } from './util.js';

export interface RequestDeps {
  ctx: ApiContext;
  faults: Faults;
  log: CallLog;
  control: ControlContext;
  /** aborted when the simulator closes: delayed answers stop waiting */
  closing: AbortSignal;
}

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

async function serveApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  raw: RawRequest,
  startedAt: number,
  { ctx, faults, log, closing }: RequestDeps,
): Promise<void> {
  const seq = log.nextSeq();
  const call =
    raw.path === '/' ? prepareRpc(raw, ctx) : isRoaPath(raw.path) ? prepareRoa(raw, ctx) : unknownCall(raw, ctx);
  const decision = faults.decide();
  let answer: HttpAnswer | 'drop';
  if (decision === 'drop') {
    answer = 'drop';
  } else if (decision === 'error') {
    answer = call.renderError(errors.serviceUnavailable());
  } else if (decision === 'throttle') {
    answer = call.renderError(errors.throttled());
  } else {
    try {
      const tenant = call.authenticate(Date.now());
      if (!faults.admit(tenant.key.accessKeyId)) throw errors.throttled();
      if (tenant.key.deny?.includes(call.operation)) throw errors.forbiddenRam();
      answer = call.execute(tenant);
    } catch (e) {
      answer = call.renderError(toApiError(e));
    }
  }
  if (faults.latencyMs > 0) {
    try {
      await delay(faults.latencyMs, undefined, { signal: closing });
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

/** Serves one HTTP request: a control endpoint, or an API call (read, routed, answered and logged). */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, deps: RequestDeps): Promise<void> {
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
      const answer = csErrorAnswer(errors.tooLarge(), newRequestId());
      res.writeHead(answer.status, { ...answer.headers, connection: 'close' });
      res.end(answer.body);
    } else {
      req.socket.destroy();
    }
    return;
  }
  if (path === '/__simulator' || path.startsWith('/__simulator/')) {
    handleControl(req, res, path, rawQuery, body, deps.control);
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
  await serveApiCall(req, res, raw, startedAt, deps);
}

/** The HTTP server serving `handleRequest`, with its keep-alive timeouts and answers to unparseable requests. */
export function createHttpServer(deps: RequestDeps): Server {
  const server = createServer((req, res) => {
    handleRequest(req, res, deps).catch((e: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const answer = csErrorAnswer(toApiError(e), newRequestId());
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
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
  return server;
}
