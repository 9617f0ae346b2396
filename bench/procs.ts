/**
 * Child processes of the bench: each server under test runs in its own Node process (compiled JS, never tsx),
 * listens on a port the bench chose, and is stopped with SIGTERM (SIGKILL after a grace period). RSS is read from
 * /proc (Linux), so "peak RSS" is the kernel's own high-water mark (VmHWM), not a sample that may miss a spike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Proc {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** A port free on loopback right now (the child binds it a moment later; loopback-only, so a race is harmless). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <script>` with `env` and resolves once `probe` (a URL on the child) answers 200. Output is
 * kept only to explain a start that fails.
 */
export async function startProc(
  name: string,
  script: string,
  env: Record<string, string>,
  url: string,
  probe: string,
): Promise<Proc> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name}: exited with ${child.exitCode} before it was ready:\n${output}`);
    const ok = await fetch(probe).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { name, url, pid: child.pid!, child, stop: () => stopProc(child) };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${name}: not ready within ${START_TIMEOUT_MS} ms:\n${output}`);
}

function stopProc(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Current resident set of a process, in bytes (NaN where /proc is unavailable). */
export const rssOf = (pid: number) => statusField(pid, 'VmRSS');
/** Peak resident set of a process since it started, in bytes. */
export const peakRssOf = (pid: number) => statusField(pid, 'VmHWM');
