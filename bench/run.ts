/**
 * `npm run bench`: builds, then measures on loopback, each server in its own process (compiled JS): the
 * simulator (30 ms latency), bare graphql-yoga, the gateway (memory store, and Redis when 127.0.0.1:6379
 * answers) and a naive resolver as the floor; then the cold rows again on a 30× inventory. Writes
 * bench/results/<YYYY-MM-DD>.md. Bounded: BENCH_DURATION_S (4) a row, 32 connections, a 20-minute watchdog.
 *   BENCH_SOAK=1 npm run bench     # also a 60 s soak, RSS every 5 s
 *   BENCH_ONLY=execution npm run bench   # only rows whose name contains the text (profiling, quick checks)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { drive, interleave, warmUp, type LoadOptions } from './load.js';
import { peakRssOf, type Proc } from './procs.js';
import { STATIC, TYPENAME } from './queries.js';
import { redisAnswers } from './redis.js';
import { soak } from './soak.js';
import { soakTable, table, targets, type Measured } from './report.js';
import { baselineRows, coldRows, gatewayRows, naiveRows, storeRows, type Row } from './rows.js';
import { clearCalls, countCalls, instances, settle } from './simulator-api.js';
import { LATENCY_MS, startSimulator, startTarget } from './targets.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 4);
const CONNECTIONS = 32;
const WATCHDOG_MS = 20 * 60_000;
const ONLY = process.env.BENCH_ONLY;

const running = new Set<Proc>();

/**
 * Upstream calls per query, exactly: once the timed run's cut-off requests have ended, one request on each
 * connection at once (so the 50-connection row is 50 concurrent single-instance queries), counted in the
 * simulator's call log. A timed run cannot say this: it ends with requests in flight whose calls it would count.
 */
async function callsPerQuery(sim: Proc, load: LoadOptions): Promise<number> {
  await settle(sim.url);
  await clearCalls(sim.url);
  const probe = await drive({ ...load, amount: load.connections });
  return (await countCalls(sim.url)) / Math.max(1, probe.requests);
}

/** Upstream calls of one query on its own (nothing else in flight to share calls with). */
async function callsAlone(sim: Proc, load: LoadOptions): Promise<number> {
  await settle(sim.url);
  await clearCalls(sim.url);
  await drive({ ...load, connections: 1, amount: 1 });
  return countCalls(sim.url);
}

/** The bare-yoga server the paired rows are compared with, started once. */
let bare: Proc | undefined;

async function measure(row: Row, sim: Proc, size: number): Promise<Measured> {
  const target = await startTarget(row, sim.url);
  running.add(target);
  try {
    const load = {
      url: target.url,
      body: row.body,
      connections: row.connections ?? CONNECTIONS,
      durationS: DURATION_S,
    };
    await warmUp(load);
    // The machine is shared: bare yoga measured in slices alternating with the row's, so both see the same noise.
    const baseLoad = { ...load, url: bare?.url ?? '', body: row.baseline === 'typename' ? TYPENAME : STATIC };
    const [adjacent, result] = row.paired && bare ? await interleave(baseLoad, load) : [undefined, await drive(load)];
    const m: Measured = {
      row,
      size,
      load: result,
      callsPerQuery: await callsPerQuery(sim, load),
      callsAlone: await callsAlone(sim, load),
      peakRssMb: peakRssOf(target.pid) / 2 ** 20,
      adjacent,
    };
    console.log(
      `${row.name} [${row.store}, ${size}×]: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${m.callsPerQuery.toFixed(2)} calls/query (${m.callsAlone} alone), failed ${result.failed}`,
    );
    return m;
  } finally {
    await target.stop();
    running.delete(target);
  }
}

async function withSimulator<T>(size: number, work: (sim: Proc) => Promise<T>): Promise<T> {
  const sim = await startSimulator(size);
  running.add(sim);
  try {
    return await work(sim);
  } finally {
    await sim.stop();
    running.delete(sim);
  }
}

/** BENCH_ONLY keeps the rows whose name contains it, and the bare-yoga rows they are compared with. */
const selected = (rows: Row[]) => (ONLY ? rows.filter((r) => r.target === 'bare' || r.name.includes(ONLY)) : rows);

async function measureAll(rows: Row[], sim: Proc, size: number, out: Measured[]): Promise<void> {
  for (const row of selected(rows)) out.push(await measure(row, sim, size));
}

async function main(): Promise<void> {
  const redis = await redisAnswers('127.0.0.1', 6379);
  const results: Measured[] = [];
  let soakSamples: Array<{ atS: number; rssMb: number }> | undefined;
  await withSimulator(1, async (sim) => {
    const refs = await instances(sim.url, 'cn-hangzhou', 100);
    bare = await startTarget(baselineRows()[0]!, sim.url);
    running.add(bare);
    const rows = [
      ...baselineRows(),
      ...gatewayRows(),
      ...storeRows('memory'),
      ...(redis ? storeRows('redis') : []),
      ...coldRows(refs, ''),
      ...naiveRows(refs),
    ];
    await measureAll(rows, sim, 1, results);
    if (process.env.BENCH_SOAK === '1') soakSamples = await soak(sim, running);
  });
  if (selected(coldRows([], ' (30×)')).length === 0) return write(results, redis, soakSamples);
  await withSimulator(30, async (sim) =>
    measureAll(coldRows(await instances(sim.url, 'cn-hangzhou', 100), ' (30×)'), sim, 30, results),
  );
  write(results, redis, soakSamples);
}

function write(results: Measured[], redis: boolean, soakSamples?: Array<{ atS: number; rssMb: number }>): void {
  const date = new Date().toISOString().slice(0, 10);
  const text = [
    `# Benchmark ${date}`,
    '',
    `\`npm run bench\`: autocannon on loopback, ${CONNECTIONS} connections (50 for the concurrent single-instance row), ${DURATION_S} s a row after a 1.5 s warm-up, ` +
      `simulator latency ${LATENCY_MS} ms, every server a separate Node ${process.version} process (compiled build), ${cpus().length} CPUs shared with other work. ` +
      `Redis: ${redis ? '127.0.0.1:6379' : 'not answering, Redis rows skipped'}. Ratios are to bare graphql-yoga in the same run (\`{ __typename }\` rows to its \`{ __typename }\`, all others to its static 50-row page); ` +
      `for the warm gateway rows, to bare yoga measured in four slices alternating with the row's own (its figures in the "bare yoga" column; p50 the median slice, p99 the worst), so both saw about the same load from the rest of the machine.`,
    '',
    table(results),
    '',
    '## Targets (issue 14)',
    '',
    targets(results),
    ...(soakSamples
      ? ['', '## Soak (60 s, execution path and response cache, memory store)', '', soakTable(soakSamples)]
      : []),
    '',
  ].join('\n');
  const dir = new URL('../../bench/results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${ONLY ? 'partial-' : ''}${date}.md`, dir);
  writeFileSync(file, text);
  console.log(`\n${text}\nwritten to ${file.pathname}`);
}

async function stopAll(code: number): Promise<never> {
  await Promise.all([...running].map((p) => p.stop()));
  process.exit(code);
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes, stopping`);
  void stopAll(2);
}, WATCHDOG_MS);
watchdog.unref();
process.on('SIGINT', () => void stopAll(130));
main().then(
  () => stopAll(0),
  (err: unknown) => {
    console.error(err);
    return stopAll(1);
  },
);
