/**
 * A tag-hygiene report holds counts, not resources (issue 21, "Scale"): a gateway process on a 128 MiB heap
 * (`--max-old-space-size=128`, what Node picks in a 512 MiB container) answers a report over one region and all
 * kinds of the 30× inventory (about 31,000 resources in cn-hangzhou), exactly, and its peak RSS stays within a
 * fixed margin of the same report on the 1× inventory (30 times fewer resources). The upstream cache is off, so
 * what the process holds is the report's own, and its calls are the listing's pages plus the few pages its nested
 * lists read again. Bounded: each child lives at most CHILD_LIFETIME_S.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { forkGateway, stopChild } from '../e2e-cache/gateway-fork.js';
import { inScope, inventoryDump, KINDS } from './oracle.js';

const MiB = 1024 * 1024;
const CHILD_LIFETIME_S = 150;
const REGION = 'cn-hangzhou';
/**
 * What 30 times the resources may add to the process's peak RSS: pages in flight and counts, not resources.
 * Measured: +5 MiB (188 → 193); keeping every row instead added 48 MiB (174 → 222); the same 1× run varies by ~15.
 */
const MARGIN_MIB = 32;

const REPORT = `{ tagHygiene(regionIds: ["${REGION}"], requiredKeys: ["env", "team"]) {
  resourceCount
  untagged(first: 5) { totalCount edges { node { resourceId } } }
  nearQuota(first: 5) { totalCount }
  missingKeys { key resources(first: 0) { totalCount } }
  keyVariants { spellings { text resourceCount } }
  valueVariants { key spellings { text resourceCount } }
} }`;

const children = new Set<ChildProcess>();
const sims: Simulator[] = [];

afterAll(async () => {
  await Promise.all([...children].map((child) => stopChild(child)));
  await Promise.all(sims.map((s) => s.close()));
});

async function startGateway(simUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const started = await forkGateway({
    execArgv: ['--max-old-space-size=128'],
    env: {
      UPSTREAM_URL: simUrl,
      REDIS_URL: '',
      CACHE_ENABLED: 'false',
      RESPONSE_CACHE_TTL_S: '0',
      MAX_UPSTREAM_CALLS: '100000',
      GATEWAY_PROCESS_LIFETIME_MS: String(CHILD_LIFETIME_S * 1000),
      CURSOR_SECRET: 'inventory-hygiene-memory-cursor-secret',
    },
    readyTimeoutMs: 30_000,
  });
  children.add(started.child);
  return started;
}

const peakRss = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(line?.split(/\s+/)[1] ?? NaN) * 1024;
};

/** The report on a fresh gateway process over a simulator of `size`: its answer, and the process's peak RSS. */
async function reportAt(size: number) {
  const sim = await startSimulator({ port: 0, keys: [DEMO_KEY], size });
  sims.push(sim);
  const inv = await inventoryDump(sim.url);
  const expected = inScope(inv, [REGION]).length;
  // The listing's pages: ⌈n / 100⌉ per kind (security groups ⌈n / 50⌉), at least one.
  const pages = KINDS.reduce(
    (sum, k) =>
      sum + Math.max(1, Math.ceil(inScope(inv, [REGION], [k]).length / (k === 'ECS_SECURITY_GROUP' ? 50 : 100))),
    0,
  );
  const { child, url } = await startGateway(sim.url);
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: REPORT }),
  });
  const body = (await res.json()) as { data?: { tagHygiene: { resourceCount: number } }; errors?: unknown[] };
  const seconds = (Date.now() - started) / 1000;
  const peak = peakRss(child.pid!);
  await stopChild(child, 'SIGTERM');
  return { res, body, expected, pages, seconds, peakMiB: peak / MiB, calls: sim.calls().length };
}

it('answers a 30× one-region report on a 128 MiB heap, its peak RSS within a margin of the 1× one', async () => {
  const one = await reportAt(1);
  const thirty = await reportAt(30);
  console.log(
    `tagHygiene ${REGION}, all kinds, cache off, --max-old-space-size=128: ` +
      `1×: ${one.expected} resources, ${one.calls} calls (${one.pages} pages), ${one.seconds} s, peak RSS ${one.peakMiB.toFixed(0)} MiB; ` +
      `30×: ${thirty.expected} resources, ${thirty.calls} calls (${thirty.pages} pages), ${thirty.seconds} s, peak RSS ${thirty.peakMiB.toFixed(0)} MiB`,
  );
  for (const r of [one, thirty]) {
    expect(r.body.errors).toBeUndefined();
    expect(r.res.status).toBe(200);
    expect(r.body.data!.tagHygiene.resourceCount).toBe(r.expected);
  }
  expect(thirty.expected).toBeGreaterThan(20 * one.expected);
  expect(thirty.peakMiB - one.peakMiB).toBeLessThan(MARGIN_MIB);
  // Cache off: the 1× report's pages all fit the request's recent pages (32), so it costs exactly its pages; at 30×
  // the nested lists re-read only the pages the pass saw holding their resources (untagged: a few), not all 331.
  expect(one.calls).toBe(one.pages);
  expect(thirty.calls).toBeGreaterThanOrEqual(thirty.pages);
  expect(thirty.calls).toBeLessThan(thirty.pages * 1.1);
}, 240_000);
