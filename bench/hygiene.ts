/**
 * The tag-hygiene row (issue 21): one `tagHygiene` over one region and all kinds on the 30× inventory, sent alone
 * to a fresh gateway (memory store, response cache off), cold (upstream cache empty: every listing page is read)
 * then warm (the same report again: its pages from the upstream cache). Per run: upstream calls (the simulator's
 * call log), wall time, and the gateway process's peak RSS (VmHWM) after it. A report is one request, not a load:
 * throughput says nothing here, memory and calls do.
 */
import { peakRssOf, rssOf, type Proc } from './procs.js';
import { body } from './queries.js';
import { clearCalls, countCalls, settle } from './simulator-api.js';
import { startTarget } from './targets.js';

export const HYGIENE_REGION = 'cn-hangzhou';
export const HYGIENE_ROW = `tagHygiene(${HYGIENE_REGION}, all kinds)`;

/** Every figure, and the first page of every finding (nested lists re-read the report's pages). */
const REPORT = body(`{ tagHygiene(regionIds: ["${HYGIENE_REGION}"], requiredKeys: ["env", "team"]) {
  resourceCount
  untagged(first: 5) { totalCount edges { node { resourceId } } }
  nearQuota(first: 5) { totalCount edges { node { resourceId } } }
  missingKeys { key resources(first: 5) { totalCount edges { node { resourceId } } } }
  keyVariants { spellings { text resourceCount resources(first: 5) { edges { node { resourceId } } } } }
  valueVariants { key spellings { text resourceCount } }
} }`);

export interface HygieneRun {
  pass: 'cold' | 'warm';
  calls: number;
  ms: number;
  resourceCount: number;
  rssAfterMb: number;
  peakRssMb: number;
}

async function report(gatewayUrl: string): Promise<{ ms: number; resourceCount: number }> {
  const started = performance.now();
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REPORT,
  });
  const json = (await res.json()) as { data?: { tagHygiene?: { resourceCount: number } }; errors?: unknown[] };
  const ms = performance.now() - started;
  if (!res.ok || json.errors || !json.data?.tagHygiene)
    throw new Error(`tagHygiene answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return { ms, resourceCount: json.data.tagHygiene.resourceCount };
}

/** Cold then warm, on one fresh gateway. `running` holds it while it runs (the bench stops what it holds). */
export async function measureHygiene(sim: Proc, running: Set<Proc>): Promise<HygieneRun[]> {
  const gateway = await startTarget(
    {
      name: HYGIENE_ROW,
      target: 'gateway',
      store: 'memory',
      // A region of the 30× inventory is 100–330 pages: above the default budget of 200 calls.
      env: { RESPONSE_CACHE_TTL_S: '0', MAX_UPSTREAM_CALLS: '2000' },
      body: REPORT,
    },
    sim.url,
  );
  running.add(gateway);
  try {
    const runs: HygieneRun[] = [];
    for (const pass of ['cold', 'warm'] as const) {
      await settle(sim.url);
      await clearCalls(sim.url);
      const { ms, resourceCount } = await report(gateway.url);
      const calls = await countCalls(sim.url);
      const mb = (n: number) => n / 2 ** 20;
      runs.push({
        pass,
        calls,
        ms,
        resourceCount,
        rssAfterMb: mb(rssOf(gateway.pid)),
        peakRssMb: mb(peakRssOf(gateway.pid)),
      });
      console.log(
        `${HYGIENE_ROW} [30×, ${pass}]: ${calls} calls, ${ms.toFixed(0)} ms, peak RSS ${runs.at(-1)!.peakRssMb.toFixed(0)} MiB`,
      );
    }
    return runs;
  } finally {
    await gateway.stop();
    running.delete(gateway);
  }
}

export function hygieneTable(runs: HygieneRun[]): string {
  const rows = runs.map(
    (r) =>
      `| ${r.pass} | ${r.resourceCount} | ${r.calls} | ${(r.ms / 1000).toFixed(2)} | ${r.rssAfterMb.toFixed(0)} | ${r.peakRssMb.toFixed(0)} |`,
  );
  return [
    `One \`${HYGIENE_ROW}\` report on the 30× inventory, alone, on a fresh gateway (memory store, response cache off); ` +
      'warm is the same report again (pages from the upstream cache). Peak RSS: the gateway process since it started.',
    '',
    '| pass | resources | upstream calls | seconds | RSS after (MiB) | peak RSS (MiB) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
