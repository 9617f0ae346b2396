/**
 * `npm start`: read and validate the configuration, pick the upstream (real cloud with credentials, else the
 * simulator at UPSTREAM_URL, else an embedded simulator), start the gateway, stop cleanly on SIGINT/SIGTERM.
 */
import { applyHeapGrowth } from './config/heap-growth.js';
import { pino, type Logger } from 'pino';
import { startApp } from './app.js';
import { ConfigError, loadConfig, toAppOptions, toTracingOptions, type Config } from './config/index.js';
import { startTracing } from './observability/tracing.js';
import { makeCredential } from './upstream/credentials.js';
import type { Credential } from './upstream/types.js';
import { DEMO_KEY, startSimulator } from './simulator/index.js';

interface Upstream {
  credential: Credential;
  endpointOverride?: string;
  close?: () => Promise<void>;
}

async function chooseUpstream(config: Config, logger: Logger): Promise<Upstream> {
  const id = config.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = config.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (id && secret) {
    logger.info(
      { upstream: config.UPSTREAM_URL ?? 'alibaba-cloud' },
      'upstream: signing with ALIBABA_CLOUD_ACCESS_KEY_ID',
    );
    return {
      credential: makeCredential(id, secret, config.ALIBABA_CLOUD_SECURITY_TOKEN),
      endpointOverride: config.UPSTREAM_URL,
    };
  }
  const demo = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);
  if (config.UPSTREAM_URL) {
    logger.info({ upstream: config.UPSTREAM_URL }, 'upstream: simulator at UPSTREAM_URL with its demo keys');
    return { credential: demo, endpointOverride: config.UPSTREAM_URL };
  }
  const simulator = await startSimulator({ port: 0, seed: config.SIMULATOR_SEED, size: config.SIMULATOR_SIZE });
  logger.info(
    { upstream: simulator.url },
    `upstream: no credentials set, so an embedded Alibaba Cloud simulator answers at ${simulator.url} (demo keys)`,
  );
  return { credential: demo, endpointOverride: simulator.url, close: () => simulator.close() };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'tag-gateway' } });
  const growth = applyHeapGrowth(config.HEAP_GROWING_PERCENT);
  if (growth.factor)
    logger.info(growth, `heap: ${growth.heapLimitMib} MiB limit, full collections at ${growth.factor}× the live heap`);
  const tracingOptions = toTracingOptions(config);
  // Before the app, so the first request's spans have a provider. Only the collector's origin is logged (a URL
  // may carry user:password).
  const tracing = tracingOptions && startTracing(tracingOptions);
  if (tracingOptions?.otlp) {
    logger.info({ collector: new URL(tracingOptions.otlp.url).origin }, 'tracing: exporting spans over OTLP/HTTP');
  }
  const upstream = await chooseUpstream(config, logger);
  const app = await startApp(toAppOptions(config), {
    credential: upstream.credential,
    endpointOverride: upstream.endpointOverride,
    logger,
  }).catch((err: unknown) => exitOnListenError(err, config, logger));
  logger.info({ url: app.url }, `gateway listening on ${app.url}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, drainMs: config.SHUTDOWN_DRAIN_MS, graceMs: config.SHUTDOWN_GRACE_MS },
      'shutting down: not ready',
    );
    const { cut } = await app.shutdown();
    await upstream.close?.();
    await tracing?.shutdown(); // flushes the spans still queued
    logger.info({ cut }, cut ? `stopped; ${cut} request(s) cut at the end of the grace period` : 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** A port in use (or not ours to take): one clear line and exit code 1, not an unhandled 'error' stack. */
function exitOnListenError(err: unknown, config: Config, logger: Logger): never {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
  const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
  logger.fatal(
    { port: config.PORT, host: config.HOST, code },
    `cannot listen: port ${config.PORT} on ${config.HOST} ${why}`,
  );
  process.exit(1);
}

void main();
