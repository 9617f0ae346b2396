/**
 * Load benchmark on loopback, bounded in count and time: a simulator with realistic upstream latency, the
 * gateway in three cache set-ups, the same mixed workload against each. Prints figures and ratios (not a test).
 *
 *   npm run bench                     # BENCH_REQUESTS=400 BENCH_CONCURRENCY=16 BENCH_LATENCY_MS=30
 *   REDIS_URL=redis://127.0.0.1:6379 npm run bench   # the cached set-ups on Redis instead of memory
 */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startApp } from '../src/app.js';
import { configSchema, toAppOptions } from '../src/config.js';
import { makeCredential } from '../src/upstream/credentials.js';
import { DEMO_KEY, startSimulator, type Simulator } from '../src/simulator/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const TIME_LIMIT_MS = 60_000;

const operations = ['tagCatalog', 'tagKeys', 'resources', 'ackClusters', 'nodes'].map((name) =>
  readFileSync(new URL(`../examples/operations/${name}.graphql`, import.meta.url), 'utf8'),
);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  upstreamCalls: number;
  storeErrors: number;
  failed: number;
}

async function runSetup(name: string, sim: Simulator, env: Record<string, string>): Promise<Result> {
  const config = configSchema.parse({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CACHE_KEY_PREFIX: `bench:${Date.now()}:`, ...env });
  const app = await startApp(toAppOptions(config), {
    credential: makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret),
    endpointOverride: sim.url,
    logger: pino({ level: 'silent' }),
  });
  sim.clearCalls();
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < REQUESTS && performance.now() - started < TIME_LIMIT_MS) {
      const query = operations[next++ % operations.length]!;
      const t = performance.now();
      const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const body = (await res.json()) as { errors?: unknown };
      if (res.status !== 200 || body.errors) failed++;
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const storeErrors = app.api.stats().errors;
  await app.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { name, rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), upstreamCalls: sim.calls().length, storeErrors, failed };
}

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0, faults: { latencyMs: LATENCY_MS } });
  const redis: Record<string, string> = process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {};
  const results = [
    await runSetup('no cache', sim, { CACHE_ENABLED: 'false' }),
    await runSetup('upstream cache only', sim, { ...redis, RESPONSE_CACHE_TTL_S: '0' }),
    await runSetup('upstream + response cache', sim, { ...redis }),
  ];
  await sim.close();
  const base = results[0]!;
  console.log(`${REQUESTS} requests, concurrency ${CONCURRENCY}, upstream latency ${LATENCY_MS} ms, store ${redis.REDIS_URL ? 'redis' : 'memory'}`);
  console.log('setup                      req/s    p50 ms   p99 ms   upstream calls   store errors   failed   vs no cache');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(26)} ${r.rps.toFixed(0).padStart(6)} ${r.p50.toFixed(1).padStart(9)} ${r.p99.toFixed(1).padStart(8)} ${String(r.upstreamCalls).padStart(16)} ${String(r.storeErrors).padStart(14)} ${String(r.failed).padStart(8)}   ${(r.rps / base.rps).toFixed(1)}x req/s, ${(base.upstreamCalls / Math.max(1, r.upstreamCalls)).toFixed(0)}x fewer calls`,
    );
  }
}

void main();
