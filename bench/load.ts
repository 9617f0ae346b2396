/**
 * One measured run: autocannon on loopback for a bounded time, every answer checked (a 200 carrying GraphQL
 * `errors` counts as failed, so a broken row cannot pass for a fast one).
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** The request body, or a function giving the i-th body (rows whose requests differ). */
  body: string | ((i: number) => string);
  connections: number;
  durationS: number;
  /** A fixed number of requests instead of a duration. */
  amount?: number;
  /** Sees every answer (status, body, headers with lower-case names): rows that tally more than ok / failed. */
  onAnswer?: (status: number, body: string, headers: Record<string, string>) => void;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
  /** Of `failed`: requests that got no answer (socket errors, timeouts). */
  errors: number;
}

export async function drive(o: LoadOptions): Promise<LoadResult> {
  let failed = 0;
  let n = 0;
  const bodyOf = o.body;
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { duration: o.durationS }),
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: typeof bodyOf === 'string' ? bodyOf : bodyOf(n++) }),
        onResponse: (status, text, _context, headers) => {
          if (status !== 200 || text.includes('"errors"')) failed++;
          o.onAnswer?.(status, text, lowerCased(headers));
        },
      },
    ],
  });
  const requests = result['2xx'] + result.non2xx;
  return {
    rps: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    failed: failed + result.errors,
    errors: result.errors,
  };
}

/** autocannon gives raw header names (a repeated header as an array): one lower-cased name, the first value. */
function lowerCased(headers: Record<string, string | string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] ??= Array.isArray(v) ? v[0]! : v;
  return out;
}

/** A short unmeasured run first: JIT, connection pools and (for warm rows) the caches. */
export async function warmUp(o: LoadOptions, seconds = 1.5): Promise<void> {
  await drive({ ...o, durationS: seconds });
}

/**
 * Servers measured in alternating slices (A, B, C, A, B, C …) over `durationS` each in total: on a shared machine
 * the load from elsewhere drifts by the second, and alternating exposes all of them to about the same drift.
 * Requests and time add up; p50 is the median of the slices', p99 the worst slice's.
 */
export async function interleave(loads: LoadOptions[], slices = 4): Promise<LoadResult[]> {
  const runs: LoadResult[][] = loads.map(() => []);
  for (let i = 0; i < slices; i++) {
    for (const [k, load] of loads.entries())
      runs[k]!.push(await drive({ ...load, durationS: load.durationS / slices }));
  }
  return runs.map((r, k) => combine(r, loads[k]!.durationS));
}

function combine(results: LoadResult[], durationS: number): LoadResult {
  const p50s = results.map((r) => r.p50).sort((x, y) => x - y);
  const requests = results.reduce((n, r) => n + r.requests, 0);
  return {
    rps: requests / durationS,
    p50: p50s[Math.floor(p50s.length / 2)]!,
    p99: Math.max(...results.map((r) => r.p99)),
    requests,
    failed: results.reduce((n, r) => n + r.failed, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
  };
}
