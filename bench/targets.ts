/** Where the bench's servers are and how each is started (compiled JS: `npm run bench` builds first). */
import { freePort, startProc, type Proc } from './procs.js';
import type { Row } from './rows.js';

const root = new URL('../../', import.meta.url);
const script = (path: string) => new URL(path, root).pathname;

export const LATENCY_MS = 30;

export function startSimulator(size: number): Promise<Proc> {
  return freePort().then((port) =>
    startProc(
      `simulator ${size}×`,
      script('dist/simulator/main.js'),
      {
        SIMULATOR_PORT: String(port),
        SIMULATOR_HOST: '127.0.0.1',
        SIMULATOR_LATENCY_MS: String(LATENCY_MS),
        SIMULATOR_SIZE: String(size),
      },
      `http://127.0.0.1:${port}`,
      `http://127.0.0.1:${port}/__simulator/health`,
    ),
  );
}

let prefix = 0;

/** A bare yoga on the project's SDL serving the answer in `rootValueFile` (servers/reference-yoga.ts). */
export async function startReference(rootValueFile: string): Promise<Proc> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  return startProc(
    'reference yoga',
    script('dist-bench/bench/servers/reference-yoga.js'),
    { PORT: String(port), ROOT_VALUE_FILE: rootValueFile },
    `${base}/graphql`,
    `${base}/graphql?query=%7B__typename%7D`,
  );
}

/**
 * The server a row runs against, fresh for the row, talking to the simulator at `simUrl`. `release`: the root of
 * another checkout whose gateway (its dist/main.js, built) runs instead, e.g. the previous release.
 */
export async function startTarget(row: Row, simUrl: string, release?: string): Promise<Proc> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const probe = `${base}/graphql?query=%7B__typename%7D`;
  if (row.target === 'bare')
    return startProc(
      'bare yoga',
      script('dist-bench/bench/servers/bare-yoga.js'),
      { PORT: String(port) },
      `${base}/graphql`,
      probe,
    );
  if (row.target === 'naive') {
    return startProc(
      'naive',
      script('dist-bench/bench/servers/naive.js'),
      { PORT: String(port), UPSTREAM_URL: simUrl },
      `${base}/graphql`,
      probe,
    );
  }
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    UPSTREAM_URL: simUrl,
    // A fresh key space per row: a Redis row never starts warm from an earlier one.
    CACHE_KEY_PREFIX: `bench:${process.pid}:${Date.now()}:${prefix++}:`,
    ...(row.store === 'redis' ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
    ...row.env,
  };
  const main = release
    ? new URL('dist/main.js', `file://${release.replace(/\/?$/, '/')}`).pathname
    : script('dist/main.js');
  return startProc(release ? 'previous gateway' : 'gateway', main, env, `${base}/graphql`, `${base}/ready`);
}
