/**
 * Graceful shutdown of a real `src/main.ts` process: SIGTERM during a slow query turns /ready to 503 at once,
 * the query is still answered, new connections are refused after the drain window, and the process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

const root = new URL('../../', import.meta.url).pathname;

function startGateway(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not listening in 20 s:\n${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /gateway listening on (http:\/\/\S+)"/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, exit });
      }
    });
  });
}

function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `probe` until it returns true, for at most `deadlineMs` (no fixed sleeps: the machine may be slow). */
async function until(probe: () => Promise<boolean>, deadlineMs = 5_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('SIGTERM during a slow query', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(() => sim?.close());

  it('answers the query, turns /ready to 503 at once, refuses new connections after the drain, exits 0', async () => {
    // a drain window long enough to probe /ready in, and an upstream slow enough that the query outlives it
    const gw = await startGateway({ UPSTREAM_URL: sim.url, SHUTDOWN_DRAIN_MS: '1500', SHUTDOWN_GRACE_MS: '10000' });
    try {
      expect((await fetch(new URL('/ready', gw.url))).status).toBe(200);
      sim.setFaults({ latencyMs: 4_000 });
      let settled = false;
      const slow = fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ tagKeys(regionIds: ["cn-shanghai"]) { totalCount } }' }),
      }).finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 300)); // the query is on its way upstream (in flight either way)
      gw.child.kill('SIGTERM');
      let ready: Response | undefined;
      const turned = await until(async () => {
        // The stop closes idle keep-alive connections at once: a probe sent on the pooled one as it closes is reset
        // (the client's race, as with any server closing an idle connection); the next probe opens a new one.
        const probe = await fetch(new URL('/ready', gw.url)).catch(() => undefined);
        if (!probe) return false;
        ready = probe;
        if (ready.status === 503) return true;
        await ready.body?.cancel();
        return false;
      });
      expect(turned, '/ready turns 503 within 5 s of SIGTERM').toBe(true);
      expect(ready!.status).toBe(503);
      expect(await ready!.json()).toEqual({ status: 'not ready', reason: 'shutting down' });
      // past the drain window new connections are refused, while the slow query is still being answered
      expect(await until(async () => !(await canConnect(gw.url)))).toBe(true);
      expect(await canConnect(gw.url)).toBe(false);
      expect(settled, 'the slow query is still in flight after the drain').toBe(false);
      const res = await slow;
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { tagKeys: { totalCount: number } } };
      expect(body.data.tagKeys.totalCount).toBeGreaterThan(0);
      expect(await gw.exit).toBe(0);
    } finally {
      gw.child.kill('SIGKILL');
      sim.setFaults({ latencyMs: 0 });
    }
  });
});

/** Runs src/main.ts to its exit; its output (stdout and stderr) and exit code. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    }),
  );
}

describe('start-up edges (issue 19, item 9)', () => {
  it('a port in use: one clear log line, exit code 1, no unhandled error stack', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, out } = await runToExit({ PORT: String(port), NODE_ENV: 'development' });
      expect(code).toBe(1);
      expect(out).toContain(`cannot listen: port ${port} on 127.0.0.1 is already in use`);
      expect(out).not.toMatch(/Unhandled 'error' event|\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it("refuses the manifests' placeholders in production, naming each", async () => {
    const { code, out } = await runToExit({
      PORT: '0',
      NODE_ENV: 'production',
      CURSOR_SECRET: 'replace-me-with-at-least-32-random-characters',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'replace-me',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'replace-me',
    });
    expect(code).toBe(1);
    for (const name of ['CURSOR_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'])
      expect(out).toContain(`${name} still holds the manifests' placeholder`);
    expect(out).not.toContain('gateway listening');
  });
});
