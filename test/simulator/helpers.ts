/** Test helpers: pop-core clients and raw signed requests against a running simulator. */
import { randomUUID } from 'node:crypto';
import RPCClient from '@alicloud/pop-core';
import {
  DEMO_KEY,
  formatRpcTimestamp,
  signRoaRequest,
  signRpcParams,
  type Simulator,
  type SimulatorKey,
} from '../../src/simulator/index.js';

export interface RoaClientLike {
  request(
    method: string,
    path: string,
    query?: Record<string, string>,
    body?: string,
    headers?: Record<string, string>,
    opts?: Record<string, unknown>,
  ): Promise<any>;
}

export const ROAClient = (RPCClient as unknown as { ROAClient: new (config: Record<string, unknown>) => RoaClientLike })
  .ROAClient;

export function rpcClient(
  sim: Simulator,
  key: SimulatorKey = DEMO_KEY,
  extra: Record<string, unknown> = {},
): RPCClient {
  return new RPCClient({
    endpoint: sim.url,
    apiVersion: '2014-05-26',
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    ...extra,
  });
}

export function roaClient(
  sim: Simulator,
  key: SimulatorKey = DEMO_KEY,
  extra: Record<string, unknown> = {},
): RoaClientLike {
  return new ROAClient({
    endpoint: sim.url,
    apiVersion: '2015-12-15',
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    ...extra,
  });
}

export function commonRpcParams(
  key: SimulatorKey = DEMO_KEY,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    Action: 'DescribeTags',
    Version: '2014-05-26',
    Format: 'JSON',
    AccessKeyId: key.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: formatRpcTimestamp(new Date()),
    ...overrides,
  };
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  json: any;
}

async function answer(res: Response): Promise<RawAnswer> {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

/**
 * A DescribeTags-style RPC call signed with the simulator's own signer (so tests can build malformed but
 * correctly signed requests). `params` are added to the common params; `omit` drops names before signing.
 */
export async function rawRpc(
  sim: Simulator,
  params: Record<string, string>,
  opts: { key?: SimulatorKey; secret?: string; method?: 'GET' | 'POST'; omit?: string[]; sign?: boolean } = {},
): Promise<RawAnswer> {
  const key = opts.key ?? DEMO_KEY;
  const all: Record<string, string> = { ...commonRpcParams(key), ...params };
  for (const name of opts.omit ?? []) delete all[name];
  const method = opts.method ?? 'GET';
  const query =
    opts.sign === false
      ? new URLSearchParams(all).toString()
      : signRpcParams(method, all, opts.secret ?? key.accessKeySecret).query;
  const res =
    method === 'GET'
      ? await fetch(`${sim.url}/?${query}`)
      : await fetch(`${sim.url}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: query,
        });
  return answer(res);
}

/** A signed ROA GET /tags with a decoded query (encoded here). */
export async function rawRoa(
  sim: Simulator,
  query: Record<string, string>,
  opts: {
    key?: SimulatorKey;
    secret?: string;
    path?: string;
    method?: string;
    date?: Date;
    nonce?: string;
    version?: string;
    headers?: Record<string, string>;
    dropHeaders?: string[];
  } = {},
): Promise<RawAnswer> {
  const key = opts.key ?? DEMO_KEY;
  const path = opts.path ?? '/tags';
  const method = opts.method ?? 'GET';
  const headers = signRoaRequest({
    method,
    path,
    query,
    accessKeyId: key.accessKeyId,
    accessKeySecret: opts.secret ?? key.accessKeySecret,
    ...(opts.version ? { version: opts.version } : {}),
    ...(opts.nonce ? { nonce: opts.nonce } : {}),
    ...(opts.date ? { date: opts.date } : {}),
  });
  Object.assign(headers, opts.headers);
  for (const h of opts.dropHeaders ?? []) delete headers[h];
  const qs = new URLSearchParams(query).toString();
  return answer(await fetch(`${sim.url}${path}${qs ? `?${qs}` : ''}`, { method, headers }));
}

/** Runs a pop-core call expected to fail; returns the error. */
export async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

/** UTF-8 byte order, the order the simulator answers in. */
export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Between tests sharing a simulator: no faults, an empty call log. */
export function resetSimulator(sim: Simulator): void {
  sim.setFaults({ qpsPerKey: 0, latencyMs: 0, errorRate: 0, dropRate: 0 });
  sim.clearCalls();
}
