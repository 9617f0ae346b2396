/**
 * The memory flood (issue 18): 16 connections sending distinct 200-ref `resources` queries for 20 s to a fresh
 * gateway (memory store, default cache budgets: they follow the heap), twice: with `--max-old-space-size=128` (what
 * Node picks by itself in the shipped 512 MiB pod) and with no heap flag (Node's own limit on this host). Each answer
 * is tallied: data, a typed refusal (503 OVERLOADED with a Retry-After header: admission by weight,
 * plugins/admission.ts), or anything else (another status, other GraphQL errors, a refusal without Retry-After, no
 * answer at all). Then: is the process alive (`{ __typename }` answers 200), and its peak RSS (VmHWM, also read
 * every 500 ms during the run so a process that died still has a figure). test/e2e-cache/memory-flood.test.ts checks
 * the 128 MiB case under tsx; this measures the compiled build.
 */
import { drive } from './load.js';
import { peakRssOf, type Proc } from './procs.js';
import { body } from './queries.js';
import { ecsRefs, type KindRef } from './simulator-api.js';
import { startTarget } from './targets.js';

export const FLOOD_ROW = 'memory flood';
const FLOOD_S = 20;
const CONNECTIONS = 16;
const REFS = 200;
/** Issue 18's targets: peak RSS with the 128 MiB heap flag, and with none on a large host. */
const GOAL_MIB = { flag: 300, none: 400 } as const;

const QUERY =
  'query Flood($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id tags(first: 20) { edges { node { key value } } } } }';

export interface FloodRun {
  name: string;
  nodeOptions: string;
  goalMib: number;
  requests: number;
  ok: number;
  /** 503 with every error OVERLOADED and a Retry-After header. */
  refused: number;
  /** Any other answer: its status and error codes, counted. */
  other: Map<string, number>;
  /** Requests without an answer (socket errors, timeouts). */
  noAnswer: number;
  alive: boolean;
  peakRssMib: number;
  /** The end of the process's stderr, when it died. */
  died?: string;
}

const otherCount = (r: FloodRun) => [...r.other.values()].reduce((a, b) => a + b, 0) + r.noAnswer;

/** A window of REFS refs rotating over the inventory (as in the test): requests ask for distinct sets. */
function refsAt(all: KindRef[], i: number): KindRef[] {
  return Array.from({ length: REFS }, (_, j) => all[(i * 13 + j) % all.length]!);
}

export async function flood(sim: Proc, running: Set<Proc>): Promise<FloodRun[]> {
  const refs = await ecsRefs(sim.url);
  if (refs.length < REFS) throw new Error(`the simulator has only ${refs.length} ECS resources`);
  return [
    await floodOnce(sim, running, refs, '--max-old-space-size=128', GOAL_MIB.flag),
    await floodOnce(sim, running, refs, '', GOAL_MIB.none),
  ];
}

async function floodOnce(
  sim: Proc,
  running: Set<Proc>,
  refs: KindRef[],
  nodeOptions: string,
  goalMib: number,
): Promise<FloodRun> {
  const name = nodeOptions || 'no heap flag';
  const target = await startTarget(
    // No REDIS_URL, no cache budget: the memory stores, sized from the heap (config/heap-budgets.ts).
    { name: FLOOD_ROW, target: 'gateway', store: 'memory', env: { NODE_OPTIONS: nodeOptions }, body: '' },
    sim.url,
  );
  running.add(target);
  let stderr = '';
  target.child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  let peak = 0;
  const readPeak = () => (peak = Math.max(peak, peakRssOf(target.pid) || 0));
  const sampler = setInterval(readPeak, 500);
  const run: FloodRun = {
    name,
    nodeOptions,
    goalMib,
    requests: 0,
    ok: 0,
    refused: 0,
    other: new Map(),
    noAnswer: 0,
    alive: false,
    peakRssMib: NaN,
  };
  try {
    const load = await drive({
      url: target.url,
      body: (i) => body(QUERY, { refs: refsAt(refs, i) }),
      connections: CONNECTIONS,
      durationS: FLOOD_S,
      onAnswer: (status, text, headers) => tally(run, status, text, headers),
    });
    run.requests = load.requests + load.errors;
    run.noAnswer = load.errors;
    readPeak();
    run.alive = await answers(target);
    run.peakRssMib = peak ? peak / 2 ** 20 : NaN;
    if (!run.alive) run.died = stderr.trim().split('\n').slice(-3).join(' / ');
  } finally {
    clearInterval(sampler);
    await target.stop();
    running.delete(target);
  }
  console.log(
    `${FLOOD_ROW} (${name}): ${run.ok} ok, ${run.refused} refused, ${otherCount(run)} other, alive ${run.alive}, peak RSS ${run.peakRssMib.toFixed(0)} MiB`,
  );
  return run;
}

function tally(run: FloodRun, status: number, text: string, headers: Record<string, string>): void {
  let codes: string[];
  let data = false;
  try {
    const json = JSON.parse(text) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    codes = (json.errors ?? []).map((e) => e.extensions?.code ?? 'no code');
    data = json.data !== undefined && json.data !== null;
  } catch {
    codes = ['not JSON'];
  }
  if (status === 200 && codes.length === 0 && data) run.ok++;
  else if (
    status === 503 &&
    codes.length > 0 &&
    codes.every((c) => c === 'OVERLOADED') &&
    /^\d+$/.test(headers['retry-after'] ?? '')
  )
    run.refused++;
  else {
    const key = `${status} ${codes.join(',')}${status === 503 && !headers['retry-after'] ? ' (no Retry-After)' : ''}`;
    run.other.set(key, (run.other.get(key) ?? 0) + 1);
  }
}

/** Alive: the process has not exited and answers `{ __typename }` with 200. */
async function answers(target: Proc): Promise<boolean> {
  if (target.child.exitCode !== null || target.child.signalCode !== null) return false;
  return fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body('{ __typename }'),
    signal: AbortSignal.timeout(10_000),
  }).then(
    (r) => r.status === 200,
    () => false,
  );
}

const mark = (ok: boolean) => (ok ? 'met' : '**not met**');

export function floodTable(runs: FloodRun[]): string {
  const rows = runs.map((r) => {
    const other = otherCount(r);
    const detail = [
      ...[...r.other].map(([k, n]) => `${n}× ${k}`),
      ...(r.noAnswer ? [`${r.noAnswer}× no answer`] : []),
    ].join('; ');
    return [
      r.name,
      r.requests,
      r.ok,
      r.refused,
      `${other}${detail ? ` (${detail})` : ''} — ${mark(other === 0)}`,
      `${r.alive ? 'yes' : `no${r.died ? ` (${r.died})` : ''}`} — ${mark(r.alive)}`,
      `${Number.isFinite(r.peakRssMib) ? r.peakRssMib.toFixed(0) : '–'} (≤ ${r.goalMib}) — ${mark(r.peakRssMib <= r.goalMib)}`,
    ];
  });
  return [
    `${FLOOD_S} s of ${CONNECTIONS} connections (autocannon), each request a distinct ${REFS}-ref \`resources\` query ` +
      '(refs as variables, a window rotating over every ECS instance, disk and security group of the 1× inventory), ' +
      'on a fresh gateway per run: memory stores, default cache budgets (they follow the heap). ' +
      'Refused: 503 OVERLOADED with Retry-After. Other: any other answer, or none. Alive: `{ __typename }` answers 200 after the flood. ' +
      'Peak RSS: VmHWM of the gateway process. Targets (issue 18): 0 other, alive, peak RSS as shown.',
    '',
    '| heap | requests | ok | refused | other | alive | peak RSS MiB |',
    '|---|---:|---:|---:|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}
