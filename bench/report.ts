/** The results file: one Markdown table, the targets of issue 14 checked against it, and the soak's RSS series. */
import type { LoadResult } from './load.js';
import type { Row } from './rows.js';

export interface Measured {
  row: Row;
  size: number;
  load: LoadResult;
  /** Per query with every connection sending one at once (concurrent queries share calls). */
  callsPerQuery: number;
  /** One query with nothing else in flight. */
  callsAlone: number;
  peakRssMb: number;
  /** Bare yoga (this row's baseline) measured just before this row: the ratio the noise of a shared machine affects least. */
  adjacent?: LoadResult;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function baselineOf(all: Measured[], m: Measured): Measured | undefined {
  const name = m.row.baseline === 'typename' ? 'bare yoga `{ __typename }`' : 'bare yoga, static 50-row page';
  return all.find((b) => b.row.name === name);
}

export function ratio(all: Measured[], m: Measured): number {
  const base = m.adjacent ?? baselineOf(all, m)?.load;
  return base ? m.load.rps / base.rps : NaN;
}

export function table(all: Measured[]): string {
  const head = [
    '| row | store | size | conn | req/s | p50 ms | p99 ms | p99/p50 | upstream calls/query (all connections at once) | upstream calls of one query alone | peak RSS MB | × bare yoga | bare yoga req/s · p99/p50 | failed |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const lines = all.map((m) => {
    const l = m.load;
    const base = m.adjacent ?? baselineOf(all, m)?.load;
    const baseText = base ? `${fmt(base.rps)} · ${fmt(base.p99 / base.p50, 1)}` : '–';
    return `| ${m.row.name} | ${m.row.store} | ${m.size}× | ${m.row.connections ?? 32} | ${fmt(l.rps)} | ${fmt(l.p50, 1)} | ${fmt(l.p99, 1)} | ${fmt(l.p99 / l.p50, 1)} | ${fmt(m.callsPerQuery, 2)} | ${fmt(m.callsAlone)} | ${fmt(m.peakRssMb)} | ${fmt(ratio(all, m), 2)} | ${baseText} | ${l.failed} |`;
  });
  return [...head, ...lines].join('\n');
}

interface Target {
  what: string;
  value: number;
  goal: number;
  below?: boolean;
}

export function targets(all: Measured[]): string {
  const find = (name: string, store: string) => all.find((m) => m.row.name === name && m.row.store === store);
  const out: Target[] = [];
  for (const name of ['execution path: tagCatalog(first: 50)', 'execution path: resources (2)']) {
    const m = find(name, 'memory');
    if (m) out.push({ what: `${name}, memory: × bare yoga`, value: ratio(all, m), goal: 0.5 });
  }
  const hitName = 'response-cache hit (tagCatalog first: 50)';
  for (const [store, goal] of [
    ['memory', 0.9],
    ['redis', 0.85],
  ] as const) {
    const m = find(hitName, store);
    if (m) out.push({ what: `response-cache hit, ${store}: × bare yoga`, value: ratio(all, m), goal });
  }
  for (const m of all.filter((x) => x.adjacent)) {
    const base = m.adjacent!;
    out.push({
      what: `p99/p50: ${m.row.name} (${m.row.store}); bare yoga alongside: ${fmt(base.p99 / base.p50, 1)}`,
      value: m.load.p99 / m.load.p50,
      goal: 3,
      below: true,
    });
  }
  const lines = out.map((t) => {
    const met = t.below ? t.value <= t.goal : t.value >= t.goal;
    return `| ${t.what} | ${t.below ? '≤' : '≥'} ${t.goal} | ${fmt(t.value, 2)} | ${met ? 'met' : '**not met**'} |`;
  });
  return ['| target | goal | measured | |', '|---|---:|---:|---|', ...lines].join('\n');
}

export function soakTable(samples: Array<{ atS: number; rssMb: number }>): string {
  const warm = samples.filter((s) => s.atS >= 15);
  const mean = warm.reduce((a, s) => a + s.rssMb, 0) / Math.max(1, warm.length);
  const spread = warm.length ? Math.max(...warm.map((s) => Math.abs(s.rssMb - mean) / mean)) : NaN;
  const rows = samples.map((s) => `| ${s.atS} | ${fmt(s.rssMb)} |`);
  return [
    '| s | RSS MB |',
    '|---:|---:|',
    ...rows,
    '',
    `After warm-up (≥ 15 s): mean ${fmt(mean)} MB, largest deviation ${fmt(spread * 100, 1)} % (target ±10 %: ${spread <= 0.1 ? 'met' : '**not met**'}); ` +
      `lowest sample of each 15 s window (after each old-generation collection): ${troughs(samples)
        .map((t) => fmt(t))
        .join(', ')} MB.`,
  ].join('\n');
}

/** The lowest RSS of each 15 s window: what is left after the collector ran, where a leak would show as a climb. */
function troughs(samples: Array<{ atS: number; rssMb: number }>): number[] {
  const windows = new Map<number, number>();
  for (const s of samples) {
    const w = Math.floor((s.atS - 1) / 15);
    windows.set(w, Math.min(windows.get(w) ?? Infinity, s.rssMb));
  }
  return [...windows.values()];
}
