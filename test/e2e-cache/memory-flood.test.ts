/**
 * The pod must not die of memory (issue 18): a gateway process started with `--max-old-space-size=128` (what Node
 * picks by itself in a 512 MiB container) takes FLOOD_S seconds of 16 connections sending distinct 200-ref
 * `resources` queries. Admission by weight (plugins/admission.ts) keeps the heavy operations in flight bounded:
 * the process lives, every answer is data or a typed refusal (503 OVERLOADED with Retry-After), and its peak RSS
 * stays under 300 MiB. Bounded: the flood stops after FLOOD_S, the child after its own lifetime.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { forkGateway, stopChild } from './gateway-fork.js';
import { REF_KINDS } from './helpers.js';

const MiB = 1024 * 1024;
const FLOOD_S = 20;
const CONNECTIONS = 16;
const REFS = 200;

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
    execArgv: ['--max-old-space-size=128'],
    // No cache budget set: they follow the heap (config/heap-budgets.ts).
    baseEnv: withoutBudgets(process.env),
    env: {
      UPSTREAM_URL: sim.url,
      UPSTREAM_MAX_ATTEMPTS: '1',
      REDIS_URL: '',
      GATEWAY_PROCESS_LIFETIME_MS: String((FLOOD_S + 40) * 1000),
      CURSOR_SECRET: 'e2e-cache-memory-flood-cursor-secret',
    },
    stderr: 'pipe',
  });
  child = started.child;
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return started.url;
}

let stderr = '';

function withoutBudgets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { CACHE_MEMORY_MAX_BYTES: _u, RESPONSE_CACHE_MAX_BYTES: _r, ...rest } = env;
  return rest;
}

const peakRss = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(line?.split(/\s+/)[1] ?? NaN) * 1024;
};

const QUERY =
  'query Flood($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id kind regionId resourceId tags(first: 20) { totalCount edges { cursor node { key value } } } } }';

interface Tally {
  ok: number;
  refused: number;
  refusedWithoutRetryAfter: number;
  other: string[];
}

async function flood(url: string, refsAt: (i: number) => unknown[]): Promise<Tally> {
  const tally: Tally = { ok: 0, refused: 0, refusedWithoutRetryAfter: 0, other: [] };
  const until = Date.now() + FLOOD_S * 1000;
  let n = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: QUERY, variables: { refs: refsAt(n++) } }),
        signal: AbortSignal.timeout(30_000),
      }).catch((err: unknown) => err as Error);
      if (res instanceof Error) {
        tally.other.push(`fetch: ${res.message}`);
        return;
      }
      const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      if (res.status === 200 && codes.length === 0 && body.data) tally.ok++;
      else if (res.status === 503 && codes.length > 0 && codes.every((c) => c === 'OVERLOADED')) {
        tally.refused++;
        if (!/^\d+$/.test(res.headers.get('retry-after') ?? '')) tally.refusedWithoutRetryAfter++;
      } else tally.other.push(`${res.status} ${codes.join(',')}`);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return tally;
}

it(
  `lives through ${FLOOD_S} s of ${CONNECTIONS} connections of distinct ${REFS}-ref queries on a 128 MiB heap`,
  { timeout: (FLOOD_S + 45) * 1000 },
  async () => {
    const url = await start();
    const ecs = sim.inventory().resources.filter((r) => REF_KINDS[r.type]);
    // Distinct refs for each request (a rotating window over the inventory): upstream and response caches miss.
    const refsAt = (i: number) =>
      Array.from({ length: REFS }, (_, j) => ecs[(i * 13 + j) % ecs.length]!).map((r) => ({
        kind: REF_KINDS[r.type]!,
        regionId: r.regionId,
        resourceId: r.resourceId,
      }));
    const tally = await flood(url, refsAt);
    const alive = child!.exitCode === null && child!.signalCode === null;
    const peak = alive ? peakRss(child!.pid!) : NaN;
    const after = alive
      ? await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        }).then((r) => r.status)
      : 0;
    console.log(
      'memory-flood',
      JSON.stringify({ ...tally, other: tally.other.slice(0, 5), peakRssMiB: Math.round(peak / MiB), alive }),
    );
    expect(alive, stderr).toBe(true);
    expect(after).toBe(200);
    expect(tally.other).toEqual([]);
    expect(tally.refusedWithoutRetryAfter).toBe(0);
    expect(tally.ok).toBeGreaterThan(CONNECTIONS);
    expect(peak).toBeLessThanOrEqual(300 * MiB);
  },
);
