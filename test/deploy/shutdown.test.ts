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

describe('SIGTERM during a slow query', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(() => sim?.close());

  it('answers the query, turns /ready to 503 at once, refuses new connections after the drain, exits 0', async () => {
    const gw = await startGateway({ UPSTREAM_URL: sim.url, SHUTDOWN_DRAIN_MS: '400', SHUTDOWN_GRACE_MS: '10000' });
    try {
      expect((await fetch(new URL('/ready', gw.url))).status).toBe(200);
      sim.setFaults({ latencyMs: 1_500 });
      const slow = fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ tagKeys(regionIds: ["cn-shanghai"]) { totalCount } }' }),
      });
      await new Promise((r) => setTimeout(r, 300)); // the query is in flight upstream
      gw.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      const ready = await fetch(new URL('/ready', gw.url));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', reason: 'shutting down' });
      await new Promise((r) => setTimeout(r, 600)); // past the drain window
      expect(await canConnect(gw.url)).toBe(false);
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
