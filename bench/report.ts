/** The results file: one Markdown table, the targets of issue 18 checked against it, and the soak's RSS series. */
import type { LoadResult } from './load.js';
import type { Row } from './rows.js';
import type { SoakRun, SoakSample } from './soak.js';

export interface Measured {
  row: Row;
  size: number;
  load: LoadResult;
  /** Per query with every connection sending one at once (concurrent queries share calls). */
  callsPerQuery: number;
  /** One query with nothing else in flight. */
  callsAlone: number;
  peakRssMb: number;
  /** The row's reference, measured in slices alternating with the row's own. */
  reference?: LoadResult;
  /** The previous release's gateway on the same row, in the same alternation (BENCH_PREVIOUS). */
  previous?: LoadResult;
}

const fmt = (n: number | undefined, digits = 0) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '–');

const FLOOR = 'bare yoga `{ __typename }`';

export const ratio = (m: Measured) => (m.reference ? m.load.rps / m.reference.rps : NaN);
const previousRatio = (m: Measured) => (m.reference && m.previous ? m.previous.rps / m.reference.rps : NaN);

export function table(all: Measured[]): string {
  const floor = all.find((m) => m.row.name === FLOOR)?.load.rps;
  const head = [
    '| row | store | size | conn | req/s | p50 ms | p99 ms | reference req/s | **× reference** | × floor | previous release req/s | previous × reference | upstream calls/query (all connections at once) | upstream calls of one query alone | peak RSS MB | failed |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const lines = all.map((m) => {
    const l = m.load;
    const cells = [
      m.row.name,
      m.row.store,
      `${m.size}×`,
      m.row.connections ?? 32,
      fmt(l.rps),
      fmt(l.p50, 1),
      fmt(l.p99, 1),
      fmt(m.reference?.rps),
      `**${fmt(ratio(m), 2)}**`,
      fmt(floor ? l.rps / floor : NaN, 2),
      fmt(m.previous?.rps),
      fmt(previousRatio(m), 2),
      fmt(m.callsPerQuery, 2),
      fmt(m.callsAlone),
      fmt(m.peakRssMb),
      l.failed + (m.reference?.failed ?? 0) + (m.previous?.failed ?? 0),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [...head, ...lines].join('\n');
}

/** Issue 18's targets: each gateway row against its reference. */
export function targets(all: Measured[]): string {
  const goalOf = (m: Measured): number | undefined => {
    if (m.row.reference === 'typename') return 0.9;
    if (m.row.name.startsWith('response-cache hit')) return m.row.store === 'redis' ? 1.3 : 2.0;
    if (m.row.name.startsWith('execution path')) return 0.6;
    return undefined;
  };
  const lines = all.flatMap((m) => {
    const goal = goalOf(m);
    if (goal === undefined || !m.reference) return [];
    const value = ratio(m);
    const previous = m.previous ? ` (previous release: ${fmt(previousRatio(m), 2)})` : '';
    return [
      `| ${m.row.name} (${m.row.store}): × reference | ≥ ${goal} | ${fmt(value, 2)}${previous} | ${value >= goal ? 'met' : '**not met**'} |`,
    ];
  });
  return ['| target | goal | measured | |', '|---|---:|---:|---|', ...lines].join('\n');
}

/** The soak runs side by side (a row every 5 s), then each run's spread: every sample's and each 15 s window's floor. */
export function soakTable(runs: SoakRun[]): string {
  const at = new Map<number, string[]>();
  runs.forEach((run, i) => {
    for (const s of run.samples.filter((x) => x.atS % 5 === 0)) {
      const row = at.get(s.atS) ?? runs.map(() => '–');
      row[i] = fmt(s.rssMb);
      at.set(s.atS, row);
    }
  });
  return [
    `| s | ${runs.map((r) => `RSS MB, ${r.name}`).join(' | ')} |`,
    `|---:|${runs.map(() => '---:').join('|')}|`,
    ...[...at].sort(([a], [b]) => a - b).map(([s, row]) => `| ${s} | ${row.join(' | ')} |`),
    '',
    ...runs.map((run) => `- ${run.name}: ${spread(run.samples)}`),
  ].join('\n');
}

/** Target (issue 18): the lowest RSS of each 15 s window within ±10 % of their mean; every sample's deviation too. */
function spread(samples: SoakSample[]): string {
  const warm = samples.filter((s) => s.atS >= 15);
  const mean = warm.reduce((a, s) => a + s.rssMb, 0) / Math.max(1, warm.length);
  const sampleDev = warm.length ? Math.max(...warm.map((s) => Math.abs(s.rssMb - mean) / mean)) : NaN;
  const floors = troughs(samples);
  const floorMean = floors.reduce((a, b) => a + b, 0) / Math.max(1, floors.length);
  const floorDev = floors.length ? Math.max(...floors.map((f) => Math.abs(f - floorMean) / floorMean)) : NaN;
  return (
    `lowest RSS of each 15 s window ${floors.map((t) => fmt(t)).join(', ')} MB, within ${fmt(floorDev * 100, 1)} % ` +
    `of their mean (target ±10 %: ${floorDev <= 0.1 ? 'met' : '**not met**'}); after warm-up (≥ 15 s) mean ${fmt(mean)} MB, ` +
    `every sample (one a second) within ${fmt(sampleDev * 100, 1)} % of it.`
  );
}

/** The lowest RSS of each 15 s window: what is left after the collector ran, where a leak would show as a climb. */
function troughs(samples: SoakSample[]): number[] {
  const windows = new Map<number, number>();
  for (const s of samples) {
    const w = Math.floor((s.atS - 1) / 15);
    windows.set(w, Math.min(windows.get(w) ?? Infinity, s.rssMb));
  }
  return [...windows.values()];
}
