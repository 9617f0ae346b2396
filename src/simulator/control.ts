/**
 * Control endpoints for out-of-process users (benchmarks, a second gateway process). No faults, not logged.
 *   GET    /__simulator/health
 *   GET    /__simulator/inventory[?accessKeyId=…]   the default tenant's (or that tenant's) inventory, clusters
 *                                                    with their DescribeClustersV1 fields (`name`, `cluster`)
 *   GET    /__simulator/calls[?operation=&accessKeyId=&regionId=]
 *   DELETE /__simulator/calls
 *   GET    /__simulator/faults
 *   POST   /__simulator/faults                       JSON body: partial SimulatorFaults; answers the result
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog } from './call-log.js';
import type { Faults } from './faults.js';
import type { Tenants } from './accounts/tenants.js';
import type { CallFilter, CallOperation } from './types.js';
import { parseForm } from './util.js';

export interface ControlContext {
  tenants: Tenants;
  faults: Faults;
  log: CallLog;
  url: () => string;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  rawQuery: string,
  body: Buffer,
  ctx: ControlContext,
): void {
  const query = Object.fromEntries(parseForm(rawQuery));
  const route = `${req.method ?? ''} ${path}`;
  switch (route) {
    case 'GET /__simulator/health':
      return send(res, 200, { status: 'ok', url: ctx.url() });
    case 'GET /__simulator/inventory': {
      const tenant = query.accessKeyId ? ctx.tenants.get(query.accessKeyId) : ctx.tenants.defaultTenant;
      if (!tenant) return send(res, 404, { error: `unknown accessKeyId ${query.accessKeyId}` });
      return send(res, 200, tenant.inventory);
    }
    case 'GET /__simulator/calls': {
      const filter: CallFilter = {};
      if (query.operation) filter.operation = query.operation as CallOperation;
      if (query.accessKeyId) filter.accessKeyId = query.accessKeyId;
      if (query.regionId) filter.regionId = query.regionId;
      return send(res, 200, ctx.log.list(filter));
    }
    case 'DELETE /__simulator/calls':
      ctx.log.clear();
      return send(res, 200, { cleared: true });
    case 'GET /__simulator/faults':
      return send(res, 200, ctx.faults.settings);
    case 'POST /__simulator/faults': {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, { error: 'the body must be a JSON object of SimulatorFaults fields' });
      }
      try {
        return send(res, 200, ctx.faults.set(json));
      } catch (e) {
        return send(res, 400, { error: (e as Error).message });
      }
    }
    default:
      return send(res, 404, { error: `no control endpoint ${route}` });
  }
}
