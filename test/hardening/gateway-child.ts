/**
 * A gateway in its own process (test/e2e-cache/fixtures/gateway-process.ts: the real startApp configured from
 * the environment, as `npm start`), so its RSS is its own. Its pino lines (stdout) are handed to `onLine`.
 */
import { askChild, forkGateway, stopChild } from '../e2e-cache/gateway-fork.js';

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
  const { child: proc, url } = await forkGateway({
    execArgv: ['--expose-gc'],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      REDIS_URL: '',
      // the hardening runs can outlast the fixture's default 60 s safety lifetime
      GATEWAY_PROCESS_LIFETIME_MS: '300000',
      ...env,
    },
    stdout: 'pipe',
  });
  let pending = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  });
  return {
    url,
    memory: () => askChild<NodeJS.MemoryUsage>(proc, 'memory', 'memory'),
    close: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      await stopChild(proc, 'SIGTERM');
      if (pending) onLine(pending);
    },
  };
}
