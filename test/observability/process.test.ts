/**
 * A real `src/main.ts` process with OTEL_EXPORTER_OTLP_ENDPOINT set: its stdout has one request line carrying the
 * caller's x-request-id, and on SIGTERM it flushes its queued spans to the collector before exiting 0.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { leaks, NAMED_QUERY, only, spanNames, startOtlpReceiver, type OtlpReceiver } from './helpers.js';

const root = new URL('../../', import.meta.url).pathname;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());

describe('npm start with an OTLP endpoint', () => {
  it('logs the request with its ID, exports spans on SIGTERM, exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not listening in 20 s:\n${out}`)), 20_000);
        child.stdout.on('data', () => {
          const found = /gateway listening on (http:\/\/\S+)"/.exec(out)?.[1];
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'process-test-1' },
        body: JSON.stringify({ query: NAMED_QUERY }),
      });
      expect(res.headers.get('x-request-id')).toBe('process-test-1');
      expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
      expect(receiver.exports).toHaveLength(0); // batched: nothing sent yet
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const lines = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'tracing: exporting spans over OTLP/HTTP' && l.collector === receiver.url)).toBe(
      true,
    );
    const line = only(lines.filter((l) => l.msg === 'request'));
    expect(line).toMatchObject({ reqId: 'process-test-1', operation: 'Keys', status: 200, level: 30 });
    expect(spanNames(receiver.exports)).toEqual(
      expect.arrayContaining(['query.Keys', 'cache.lookup DescribeTags', 'upstream DescribeTags']),
    );
    const forbidden = [DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret, 'Signature'];
    expect(leaks(receiver.exports.map((e) => e.body).join('\n') + out, forbidden)).toEqual([]);
  });
});
