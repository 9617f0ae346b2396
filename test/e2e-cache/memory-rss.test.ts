/**
 * RSS stays bounded under a flood of distinct large answers (issue 12, item 4): a gateway process (the real
 * startApp, in-memory stores, small budgets to keep this fast) answers some 200 distinct 200-ref `resources`
 * queries (over 10 MB of responses through 3 MiB of budgets); after a full GC its RSS is within the start-up
 * RSS + the cache budgets + 64 MiB, both stores are within their budgets, and the heap holds little beyond them.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { askChild, forkGateway, stopChild } from './gateway-fork.js';

const MiB = 1024 * 1024;
const UPSTREAM_BUDGET = 1 * MiB;
const RESPONSE_BUDGET = 2 * MiB;
/** Distinct answers with the same refs (upstream hits, response-cache misses), and with distinct refs. */
const SAME_REFS_QUERIES = 200;
const DISTINCT_REFS_QUERIES = 9;
const CONCURRENCY = 6;

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  gc: boolean;
  upstreamBytes: number;
  responseBytes: number;
}

let sim: Simulator;
let child: ChildProcess | undefined;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY] });
});

afterAll(async () => {
  await stopChild(child);
  await sim?.close();
});

async function start(): Promise<string> {
  const started = await forkGateway({
    execArgv: ['--expose-gc'],
    env: {
      UPSTREAM_URL: sim.url,
      UPSTREAM_MAX_ATTEMPTS: '1',
      REDIS_URL: '',
      CACHE_MEMORY_MAX_BYTES: String(UPSTREAM_BUDGET),
      RESPONSE_CACHE_MAX_BYTES: String(RESPONSE_BUDGET),
      CURSOR_SECRET: 'e2e-cache-memory-rss-cursor-secret',
    },
  });
  child = started.child;
  return started.url;
}

/** The child's memory after a full GC. */
const memory = () => askChild<Memory>(child!, 'memory', 'memory');

const KINDS: Record<string, string> = {
  instance: 'ECS_INSTANCE',
  disk: 'ECS_DISK',
  image: 'ECS_IMAGE',
  securityGroup: 'ECS_SECURITY_GROUP',
  snapshot: 'ECS_SNAPSHOT',
};

/** A `resources` query named `name` (a distinct name makes a distinct response-cache entry). */
const resourcesQuery = (name: string) =>
  `query ${name}($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id kind regionId resourceId tags(first: 20) { totalCount edges { node { key value } } } } }`;

async function runAll(
  url: string,
  jobs: Array<{ query: string; refs: unknown[] }>,
): Promise<{ bytes: number; failures: number }> {
  let next = 0;
  let bytes = 0;
  let failures = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: job.query, variables: { refs: job.refs } }),
      });
      const text = await res.text();
      bytes += text.length;
      if (res.status !== 200 || text.includes('"errors"')) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { bytes, failures };
}

it(
  'RSS after GC stays within start-up RSS + cache budgets + 64 MiB under distinct large answers',
  { timeout: 60_000 },
  async () => {
    const url = await start();
    const startup = await memory();
    expect(startup.gc).toBe(true);

    const ecs = sim.inventory().resources.filter((r) => KINDS[r.type]);
    const refsAt = (offset: number) =>
      Array.from({ length: 200 }, (_, j) => ecs[(offset + j * 7) % ecs.length]!).map((r) => ({
        kind: KINDS[r.type]!,
        regionId: r.regionId,
        resourceId: r.resourceId,
      }));
    const sameRefs = refsAt(0);
    const started = performance.now();
    const flood = await runAll(url, [
      ...Array.from({ length: SAME_REFS_QUERIES }, (_, i) => ({ query: resourcesQuery(`Same${i}`), refs: sameRefs })),
      ...Array.from({ length: DISTINCT_REFS_QUERIES }, (_, i) => ({
        query: resourcesQuery(`Distinct${i}`),
        refs: refsAt(1 + i * 211),
      })),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const after = await memory();

    const mb = (n: number) => Math.round((n / MiB) * 10) / 10;
    const figures = {
      queries: SAME_REFS_QUERIES + DISTINCT_REFS_QUERIES,
      seconds: Math.round(seconds * 10) / 10,
      answeredMiB: mb(flood.bytes),
      rssStartupMiB: mb(startup.rss),
      rssAfterMiB: mb(after.rss),
      heapStartupMiB: mb(startup.heapUsed),
      heapAfterMiB: mb(after.heapUsed),
      upstreamStoreMiB: mb(after.upstreamBytes),
      responseStoreMiB: mb(after.responseBytes),
    };
    console.log('memory-rss', JSON.stringify(figures));

    expect(flood.failures).toBe(0);
    // Far more went through than the budgets hold: the bounds were tested.
    expect(flood.bytes).toBeGreaterThan(3 * (UPSTREAM_BUDGET + RESPONSE_BUDGET));
    expect(after.upstreamBytes).toBeLessThanOrEqual(UPSTREAM_BUDGET);
    expect(after.responseBytes).toBeLessThanOrEqual(RESPONSE_BUDGET);
    expect(after.responseBytes).toBeGreaterThan(RESPONSE_BUDGET / 2);
    expect(after.upstreamBytes).toBeGreaterThan(UPSTREAM_BUDGET / 2);
    expect(after.rss).toBeLessThanOrEqual(startup.rss + UPSTREAM_BUDGET + RESPONSE_BUDGET + 64 * MiB);
    // The heap comparison: beyond the two stores, little is retained (warm-up code and caches of the libraries).
    expect(after.heapUsed - startup.heapUsed).toBeLessThanOrEqual(UPSTREAM_BUDGET + RESPONSE_BUDGET + 32 * MiB);
  },
);
