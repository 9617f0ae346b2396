/**
 * A gateway in its own process (test/e2e-cache/fixtures/gateway-process.ts: the real startApp configured from
 * the environment, as `npm start`), so its RSS is its own. Its pino lines (stdout) are handed to `onLine`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { askChild } from '../e2e-cache/helpers.js';

const FIXTURE = fileURLToPath(new URL('../e2e-cache/fixtures/gateway-process.ts', import.meta.url));

export interface GatewayChild {
  url: string;
  /** process.memoryUsage() after full collections. */
  memory(): Promise<NodeJS.MemoryUsage>;
  close(): Promise<void>;
}

export async function startGatewayChild(
  env: Record<string, string>,
  onLine: (line: string) => void,
): Promise<GatewayChild> {
  const proc: ChildProcess = fork(FIXTURE, [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      REDIS_URL: '',
      // the hardening runs can outlast the fixture's default 60 s safety lifetime
      GATEWAY_PROCESS_LIFETIME_MS: '300000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let pending = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway process was not ready within 20 s')), 20_000);
    proc.once('exit', (code, signal) => reject(new Error(`the gateway process exited early (${code ?? signal})`)));
    proc.once('message', (m: { type: string; url?: string }) => {
      clearTimeout(timer);
      if (m.type === 'ready' && m.url) resolve(m.url);
      else reject(new Error(`unexpected message ${m.type}`));
    });
  });
  return {
    url,
    memory: () => askChild<NodeJS.MemoryUsage>(proc, 'memory', 'memory'),
    close: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      await exited;
      if (pending) onLine(pending);
    },
  };
}
