/**
 * Typed access to @alicloud/pop-core. Its bundled typings cover only RPCClient and type params as `Object`,
 * so we declare the slice we use here, once, and nothing else imports pop-core.
 */
import { createRequire } from 'node:module';

export type Params = Record<string, string>;

/** Options pop-core passes through to httpx; `beforeRequest` lets us attach an AbortSignal to http.request. */
export interface PopRequestOptions {
  method?: 'GET' | 'POST';
  timeout?: number;
  beforeRequest?: (options: Record<string, unknown>) => Record<string, unknown>;
}

export interface PopClientConfig {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface RpcClient {
  request(action: string, params: Params, options?: PopRequestOptions): Promise<unknown>;
}

export interface RoaClient {
  request(
    method: 'GET' | 'PUT' | 'DELETE',
    path: string,
    query: Params,
    body: string,
    headers: Record<string, string>,
    options?: PopRequestOptions,
  ): Promise<unknown>;
}

interface PopCoreModule {
  new (config: PopClientConfig): RpcClient;
  ROAClient: new (config: PopClientConfig) => RoaClient;
}

const popCore = createRequire(import.meta.url)('@alicloud/pop-core') as PopCoreModule;

export function createRpcClient(config: PopClientConfig): RpcClient {
  return new popCore(config);
}

export function createRoaClient(config: PopClientConfig): RoaClient {
  return new popCore.ROAClient(config);
}
