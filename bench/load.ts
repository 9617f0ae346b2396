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
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
}

export async function drive(o: LoadOptions): Promise<LoadResult> {
  let failed = 0;
  let n = 0;
  const bodyOf = o.body;
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationS,
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: typeof bodyOf === 'string' ? bodyOf : bodyOf(n++) }),
        onResponse: (status, text) => {
          if (status !== 200 || text.includes('"errors"')) failed++;
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
  };
}

/** A short unmeasured run first: JIT, connection pools and (for warm rows) the caches. */
export async function warmUp(o: LoadOptions, seconds = 1.5): Promise<void> {
  await drive({ ...o, durationS: seconds });
}
