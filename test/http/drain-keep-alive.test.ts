/**
 * The SIGTERM drain and keep-alive connections (issue 19, item 9): during the stop no connection is kept alive.
 * An idle keep-alive connection is closed at the start of the drain (not reused by a client while it is being
 * closed, UND_ERR_SOCKET); a request in flight, and every request during the drain, is answered with
 * `Connection: close`; none fails.
 */
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = JSON.stringify({ query: '{ tagKeys(regionIds: ["cn-hangzhou"], first: 1) { totalCount } }' });

function post(url: string, agent: Agent): Promise<{ status: number; connection: string | undefined; socket: object }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socket: req.socket! }),
      );
    });
    req.once('error', reject);
    req.end(QUERY);
  });
}

describe('drain with keep-alive connections', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close().catch(() => undefined);
    gw = undefined;
  });

  it('closes idle keep-alive connections at once and answers every request during the drain with Connection: close', async () => {
    gw = await startTestGateway({
      env: { CACHE_ENABLED: 'false', SHUTDOWN_DRAIN_MS: '800', SHUTDOWN_GRACE_MS: '5000' },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const first = await post(gw.url, agent);
    expect(first.connection).toBe('keep-alive');
    const idleSocket = first.socket as import('node:net').Socket;
    const closed = new Promise<void>((r) => idleSocket.once('close', () => r()));
    // A request in flight when the stop begins: the upstream is slow.
    gw.sim.setFaults({ latencyMs: 400 });
    const inFlight = post(gw.url, new Agent({ keepAlive: true }));
    await new Promise((r) => setTimeout(r, 100));
    const stopped = gw.app.shutdown();
    await closed; // the idle connection is closed by the gateway, not left for reuse
    gw.sim.setFaults({ latencyMs: 0 });
    const during = await Promise.all([post(gw.url, agent), post(gw.url, agent), post(gw.url, agent)]);
    for (const r of during) {
      expect(r.status).toBe(200);
      expect(r.connection).toBe('close');
    }
    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(slow.connection).toBe('close');
    expect(await stopped).toEqual({ cut: 0 });
    agent.destroy();
  });
});
