/**
 * A gateway in its own process (fixtures/gateway-process.ts: the real startApp configured from the environment, as
 * `npm start`): forked and awaited until it listens, asked over IPC, stopped. For the tests that need a gateway's own
 * heap and RSS, or a second replica beside the one in the test's process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/gateway-process.ts', import.meta.url));

/** What every forked gateway runs with unless `env` says otherwise: test mode, quiet, a free port on loopback. */
const DEFAULT_ENV: Record<string, string> = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };

export interface ForkGatewayOptions {
  /** Node flags after `--import tsx` (e.g. `--expose-gc`, which the `memory` question needs). */
  execArgv?: string[];
  /** The gateway's settings, laid over DEFAULT_ENV, itself laid over `baseEnv`. */
  env: Record<string, string>;
  /** Default: this process's environment. */
  baseEnv?: NodeJS.ProcessEnv;
  /**
   * 'pipe' to read the child's output from `child.stdout` / `child.stderr` once it is ready: what it writes before
   * waits in the stream until read. Default: 'inherit'.
   */
  stdout?: 'inherit' | 'pipe';
  stderr?: 'inherit' | 'pipe';
  /** Default: 20 s. */
  readyTimeoutMs?: number;
}

/**
 * Forks the gateway process and resolves with it and its URL once it listens (and, with REDIS_URL set, reaches
 * Redis). Rejects when it exits first, sends anything else first (`no-redis`) or is not ready in time; a process
 * that did not start is stopped before, so a failed start leaves none behind.
 */
export function forkGateway(o: ForkGatewayOptions): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(FIXTURE, [], {
    execArgv: ['--import', 'tsx', ...(o.execArgv ?? [])],
    env: { ...(o.baseEnv ?? process.env), ...DEFAULT_ENV, ...o.env },
    stdio: ['ignore', o.stdout ?? 'inherit', o.stderr ?? 'inherit', 'ipc'],
  });
  const timeoutMs = o.readyTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      settle();
      void stopChild(child).then(() => reject(new Error(message)));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`the gateway process exited early (${code ?? signal})`);
    const onMessage = (m: { type: string; url?: string }) => {
      if (m.type === 'ready' && m.url) {
        settle();
        resolve({ child, url: m.url });
      } else fail(m.type === 'no-redis' ? 'the gateway process could not reach Redis' : `unexpected message ${m.type}`);
    };
    const timer = setTimeout(() => fail(`the gateway process was not ready within ${timeoutMs / 1000} s`), timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
    };
    child.once('exit', onExit);
    child.once('message', onMessage);
  });
}

/** Stops a child process with `signal` and resolves once it has exited; at once if it has already (or never ran). */
export async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/**
 * Asks a gateway process over IPC: sends `{ type }` and resolves with the `field` of its first answer of that type.
 */
export function askChild<T>(proc: ChildProcess, type: string, field: string, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${type} answer from the gateway process within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: Record<string, unknown>) => {
      if (m['type'] !== type || m[field] === undefined) return;
      clearTimeout(timer);
      proc.off('message', onMessage);
      resolve(m[field] as T);
    };
    proc.on('message', onMessage);
    proc.send({ type });
  });
}
