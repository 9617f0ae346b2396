/**
 * The one code path every upstream call takes: pick the endpoint, reuse a pop-core client per (endpoint,
 * credential), wait for a concurrency slot, send with a per-attempt timeout, map errors, retry, log one line.
 */
import type { Logger } from 'pino';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { API_VERSIONS, endpointsFor } from './endpoints.js';
import { toUpstreamError } from './error-map.js';
import { notCachedError, UpstreamError, type Operation } from './errors.js';
import { KeyedLimiter } from './limiter.js';
import {
  createRoaClient,
  createRpcClient,
  type PopClientConfig,
  type PopRequestOptions,
  type RoaClient,
  type RpcClient,
} from './pop-core.js';
import { observeUpstreamCall, type UpstreamObserver } from '../observability/spans.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { CallOptions, Credential } from './types.js';

/** One upstream attempt, as metrics see it (no key, no URL). */
export interface UpstreamCallEvent {
  operation: Operation;
  regionId: string;
  attempt: number;
  status: number;
  code?: string;
  durationMs: number;
  /** Alibaba's RequestId of the answer (or of the error), when it sent one. */
  requestId?: string;
}

export interface TransportOptions extends RetryPolicy {
  /** Send every call here (the simulator) instead of the regional endpoints. */
  endpointOverride?: string;
  timeoutMs: number;
  maxConcurrency: number;
  logger?: Logger;
  onCall?: (event: UpstreamCallEvent) => void;
}

interface CallBase {
  operation: Operation;
  regionId: string;
  credential: Credential;
}

/** ECS speaks RPC, CS speaks ROA: the service picks the pop-core client `send` gets. */
export type Call<T> = CallBase &
  (
    | { service: 'ecs'; send: (client: RpcClient, options: PopRequestOptions) => Promise<T> }
    | { service: 'cs'; send: (client: RoaClient, options: PopRequestOptions) => Promise<T> }
  );

export class Transport {
  private readonly limiter: KeyedLimiter;
  private readonly clients = new LRUCache<string, RpcClient | RoaClient>({ max: 256 });

  constructor(private readonly options: TransportOptions) {
    this.limiter = new KeyedLimiter(options.maxConcurrency);
  }

  async call<T>(call: Call<T>, callOptions: CallOptions = {}): Promise<T> {
    // A caller asking for cached answers only reaches here with no cache in front: nothing to answer from.
    if (callOptions.cache === 'only') throw notCachedError(call.operation);
    const secrets = [call.credential.accessKeyId, call.credential.accessKeySecret, call.credential.securityToken ?? ''];
    // A span per attempt, child of the caller's span (taken now: attempts may run from the limiter's queue).
    const observer = observeUpstreamCall(call.operation, call.regionId, callOptions.scope);
    return withRetry(
      call.operation,
      this.options,
      // The attempt's timeout is not clipped to the time left before the deadline: the deadline's own signal
      // aborts the request when it comes first. A timer clipped to the same instant raced that signal and, on a
      // busy event loop, won: a call cut short by the deadline came out as a retryable Timeout.
      ({ attempt, signal }) =>
        this.limiter.run(`${call.service}:${call.regionId}`, signal, async () => {
          // Counted (or refused by the request's budget) right before it is sent: the upstream's log sees the same.
          callOptions.meter?.beforeCall(call.operation);
          return this.attempt(call, attempt, signal, this.options.timeoutMs, secrets, observer, callOptions.scope?.id);
        }),
      callOptions.signal,
    );
  }

  private async attempt<T>(
    call: Call<T>,
    attempt: number,
    signal: AbortSignal,
    timeout: number,
    secrets: string[],
    observer: UpstreamObserver,
    reqId: string | undefined,
  ): Promise<T> {
    const endpoints = endpointsFor(call.service, call.regionId, this.options.endpointOverride);
    const started = performance.now();
    const span = observer.attempt(attempt);
    let lastError: UpstreamError | undefined;
    for (const endpoint of endpoints) {
      try {
        const options: PopRequestOptions = { timeout, beforeRequest: (o) => ({ ...o, signal }) };
        const result =
          call.service === 'ecs'
            ? await call.send(this.client(endpoint, call.credential, createRpcClient), options)
            : await call.send(this.client(endpoint, call.credential, createRoaClient), options);
        span.end(this.log(call, attempt, reqId, started, 200, undefined, requestIdOf(result)));
        return result;
      } catch (err) {
        lastError = toUpstreamError(call.operation, err, secrets);
        // Only an unresolvable regional host falls back to the central endpoint (the DNS code, not message text).
        if ((err as { code?: unknown } | null)?.code !== 'ENOTFOUND') break;
      }
    }
    const error = lastError as UpstreamError;
    span.end(this.log(call, attempt, reqId, started, error.status ?? 0, error));
    throw error;
  }

  private client<C extends RpcClient | RoaClient>(
    endpoint: string,
    credential: Credential,
    create: (config: PopClientConfig) => C,
  ): C {
    const token = credential.securityToken ? hashSecret(credential.securityToken) : '';
    const key = `${create.name}|${endpoint}|${credential.identity}|${hashSecret(credential.accessKeySecret)}|${token}`;
    const cached = this.clients.get(key);
    if (cached) return cached as C;
    const client = create({
      endpoint,
      apiVersion: API_VERSIONS[create === createRpcClient ? 'ecs' : 'cs'],
      accessKeyId: credential.accessKeyId,
      accessKeySecret: credential.accessKeySecret,
      ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
    });
    this.clients.set(key, client);
    return client;
  }

  /**
   * One debug line per attempt, and its event; never a URL, a key, a signature or a token. `reqId` is the calling
   * request's correlation ID (none for background work); `requestId` is Alibaba's.
   */
  private log(
    call: Call<unknown>,
    attempt: number,
    reqId: string | undefined,
    started: number,
    status: number,
    error?: UpstreamError,
    requestId?: string,
  ): UpstreamCallEvent {
    const durationMs = Math.round(performance.now() - started);
    const event: UpstreamCallEvent = {
      operation: call.operation,
      regionId: call.regionId,
      attempt,
      status,
      code: error?.code,
      durationMs,
      requestId: error?.requestId ?? requestId,
    };
    this.options.onCall?.(event);
    this.options.logger?.debug(
      {
        reqId,
        operation: call.operation,
        region: call.regionId,
        tenant: call.credential.identity,
        attempt,
        durationMs,
        status,
        requestId: event.requestId,
        ...(error ? { code: error.code, retryable: error.retryable } : {}),
      },
      'upstream call',
    );
    return event;
  }
}

function requestIdOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const id = b.RequestId ?? b.request_id;
  return typeof id === 'string' ? id : undefined;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
