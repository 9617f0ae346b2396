/**
 * `npm run bench`: builds, then measures on loopback, each server in its own process (compiled JS): the
 * simulator (30 ms latency), bare graphql-yoga, the gateway (memory store, and Redis when 127.0.0.1:6379
 * answers) and a naive resolver as the floor; then the cold rows again on a 30× inventory. Writes
 * bench/results/<YYYY-MM-DD>.md. Bounded: BENCH_DURATION_S (4) a row, 32 connections, a 20-minute watchdog.
 *   BENCH_SOAK=1 npm run bench     # also two 60 s soaks (as shipped, and with no heap flag), RSS every second
 *   BENCH_FLOOD=1 BENCH_ONLY=… npm run bench   # the memory flood (bench/flood.ts) beside the selected rows; it
 *                                  # runs by itself when BENCH_ONLY is unset, and alone with BENCH_ONLY=flood
 *   BENCH_ONLY=execution npm run bench   # only rows whose name contains the text (profiling, quick checks)
 *   BENCH_PREVIOUS=/path/to/previous/checkout npm run bench   # its built gateway measured beside this one
 * Every gateway row's reference is a bare yoga serving the gateway's own answer to the same query on the project's
 * SDL (servers/reference-yoga.ts), measured in slices alternating with the row's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import { drive, interleave, warmUp, type LoadOptions } from './load.js';
import { peakRssOf, type Proc } from './procs.js';
import { captureAnswer } from './capture.js';
import { redisAnswers } from './redis.js';
import { soak, type SoakRun } from './soak.js';
import { HYGIENE_ROW, hygieneTable, measureHygiene, type HygieneRun } from './hygiene.js';
import { flood, FLOOD_ROW, floodTable, type FloodRun } from './flood.js';
import { soakTable, table, targets, type Measured } from './report.js';
import {
  baselineRows,
  coldRows,
  gatewayRows,
  naiveRows,
  REFERENCE_BODIES,
  storeRows,
  type ReferenceQuery,
  type Row,
} from './rows.js';
import { clearCalls, countCalls, instances, settle } from './simulator-api.js';
import { LATENCY_MS, startReference, startSimulator, startTarget } from './targets.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 4);
const CONNECTIONS = 32;
const WATCHDOG_MS = 20 * 60_000;
const ONLY = process.env.BENCH_ONLY;
/** The root of a built checkout of the previous release: its gateway is measured beside this one's. */
const PREVIOUS = process.env.BENCH_PREVIOUS;

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

/** Bare yoga (`{ __typename }`), and the reference of each query (servers/reference-yoga.ts), started once. */
let bare: Proc | undefined;
const references: Partial<Record<ReferenceQuery, Proc>> = {};

function referenceOf(row: Row): LoadOptions | undefined {
  const proc = row.reference === 'typename' ? bare : row.reference ? references[row.reference] : undefined;
  return proc && { url: proc.url, body: row.body, connections: row.connections ?? CONNECTIONS, durationS: DURATION_S };
}

async function measure(row: Row, sim: Proc, size: number): Promise<Measured> {
  const target = await startTarget(row, sim.url);
  running.add(target);
  const previous =
    PREVIOUS && row.target === 'gateway' && row.reference ? await startTarget(row, sim.url, PREVIOUS) : undefined;
  if (previous) running.add(previous);
  try {
    const load = {
      url: target.url,
      body: row.body,
      connections: row.connections ?? CONNECTIONS,
      durationS: DURATION_S,
    };
    const previousLoad = previous && { ...load, url: previous.url };
    await warmUp(load);
    if (previousLoad) await warmUp(previousLoad);
    // The machine is shared: the reference (and the previous release) measured in slices alternating with the
    // row's own, so all of them see about the same noise.
    const reference = referenceOf(row);
    const [result, referenceResult, previousResult] = reference
      ? await interleave([load, reference, ...(previousLoad ? [previousLoad] : [])])
      : [await drive(load)];
    const m: Measured = {
      row,
      size,
      load: result!,
      callsPerQuery: await callsPerQuery(sim, load),
      callsAlone: await callsAlone(sim, load),
      peakRssMb: peakRssOf(target.pid) / 2 ** 20,
      reference: referenceResult,
      previous: previousResult,
    };
    console.log(
      `${row.name} [${row.store}, ${size}×]: ${result!.rps.toFixed(0)} req/s (reference ${referenceResult?.rps.toFixed(0) ?? '–'}, previous ${previousResult?.rps.toFixed(0) ?? '–'}), p50 ${result!.p50} ms, p99 ${result!.p99} ms, ${m.callsPerQuery.toFixed(2)} calls/query (${m.callsAlone} alone), failed ${result!.failed}`,
    );
    return m;
  } finally {
    await target.stop();
    running.delete(target);
    if (previous) {
      await previous.stop();
      running.delete(previous);
    }
  }
}

/** Captures the gateway's answers to the reference queries, and starts a reference yoga serving each. */
async function startReferences(sim: Proc): Promise<void> {
  const capture: Row = {
    name: 'capture',
    target: 'gateway',
    store: 'memory',
    env: { RESPONSE_CACHE_TTL_S: '0' },
    body: '',
  };
  const gateway = await startTarget(capture, sim.url);
  running.add(gateway);
  try {
    for (const query of ['resources', 'catalog'] as const) {
      const file = await captureAnswer(gateway.url, REFERENCE_BODIES[query], query);
      const proc = await startReference(file);
      running.add(proc);
      references[query] = proc;
      const load = { url: proc.url, body: REFERENCE_BODIES[query], connections: CONNECTIONS, durationS: 1 };
      await warmUp(load);
      const check = await drive({ ...load, connections: 1, amount: 1 });
      if (check.failed) throw new Error(`the ${query} reference answers with errors`);
    }
  } finally {
    await gateway.stop();
    running.delete(gateway);
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

/** The runs beside the rows' table, each in a section of its own. */
interface Extras {
  soak?: SoakRun[];
  flood?: FloodRun[];
  hygiene?: HygieneRun[];
}

async function main(): Promise<void> {
  const redis = await redisAnswers('127.0.0.1', 6379);
  const results: Measured[] = [];
  const extras: Extras = {};
  await withSimulator(1, async (sim) => {
    const refs = await instances(sim.url, 'cn-hangzhou', 100);
    const rows = selected([
      ...baselineRows(),
      ...gatewayRows(),
      ...storeRows('memory'),
      ...(redis ? storeRows('redis') : []),
      ...coldRows(refs, ''),
      ...naiveRows(refs),
    ]);
    // Bare yoga and the references are there to compare rows with: not started when no row is selected.
    if (rows.some((r) => r.target !== 'bare')) {
      bare = await startTarget(baselineRows()[0]!, sim.url);
      running.add(bare);
      await startReferences(sim);
      await measureAll(rows, sim, 1, results);
    }
    if (process.env.BENCH_SOAK === '1') extras.soak = await soak(sim, running);
    if (!ONLY || process.env.BENCH_FLOOD === '1' || FLOOD_ROW.includes(ONLY)) extras.flood = await flood(sim, running);
  });
  const withHygiene = !ONLY || HYGIENE_ROW.includes(ONLY);
  if (selected(coldRows([], ' (30×)')).length === 0 && !withHygiene) return write(results, redis, extras);
  await withSimulator(30, async (sim) => {
    await measureAll(coldRows(await instances(sim.url, 'cn-hangzhou', 100), ' (30×)'), sim, 30, results);
    if (withHygiene) extras.hygiene = await measureHygiene(sim, running);
  });
  write(results, redis, extras);
}

function write(results: Measured[], redis: boolean, extras: Extras): void {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${release()}`;
  const text = [
    `# Benchmark ${date}`,
    '',
    `\`npm run bench\` on ${machine}, shared with other work while it ran (absolute req/s are noisy: read the ratios, each measured in one run). ` +
      `autocannon on loopback, ${CONNECTIONS} connections (50 for the concurrent single-instance row), ${DURATION_S} s a row after a 1.5 s warm-up, ` +
      `simulator latency ${LATENCY_MS} ms, every server a separate Node ${process.version} process (compiled build). Redis: ${redis ? '127.0.0.1:6379' : 'not answering, Redis rows skipped'}. ` +
      `**Reference** of each gateway row: a bare graphql-yoga from the same node_modules serving the project's SDL (schema/schema.graphql) with default resolvers over a static copy of the gateway's own answer to the same query (bench/servers/reference-yoga.ts); ` +
      `of the \`{ __typename }\` row, bare yoga's \`{ __typename }\`. The reference${PREVIOUS ? ' and the previous release' : ''} were measured in four slices alternating with the row's own. ` +
      `"× floor" is the row against bare yoga's \`{ __typename }\` measured at the start of the run.` +
      (PREVIOUS ? ` Previous release: the gateway built from ${PREVIOUS} (${previousCommit()}).` : ''),
    ...(results.length ? ['', table(results), '', '## Targets (issue 18)', '', targets(results)] : []),
    ...(extras.soak
      ? ['', '## Soak (60 s each, execution path and response cache, memory store)', '', soakTable(extras.soak)]
      : []),
    ...(extras.flood ? ['', '## Memory flood (issue 18)', '', floodTable(extras.flood)] : []),
    ...(extras.hygiene ? ['', '## Tag hygiene at scale (issue 21)', '', hygieneTable(extras.hygiene)] : []),
    '',
  ].join('\n');
  const dir = new URL('../../bench/results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${ONLY ? 'partial-' : ''}${date}.md`, dir);
  writeFileSync(file, text);
  console.log(`\n${text}\nwritten to ${file.pathname}`);
}

function previousCommit(): string {
  try {
    return execFileSync('git', ['-C', PREVIOUS!, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' })
      .trim()
      .slice(0, 80);
  } catch {
    return 'commit unknown';
  }
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
