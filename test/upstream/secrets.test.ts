/**
 * No secret in any captured log line or thrown error: pino at debug level writing into an array, across a
 * success and every kind of failure, with a plain key and with an STS token.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  makeCredential,
  UpstreamError,
  type Credential,
  type TagApi,
} from '../../src/upstream/index.js';
import {
  captureLogger,
  clustersOf,
  sendJson,
  sleep,
  startLocalServer,
  waitForCalls,
  type LocalServer,
} from './helpers.js';

const STS_TOKEN = 'CAIS-sts-security-token-0123456789abcdef';
let sim: Simulator;
let inv: InventoryFile;
let local: LocalServer;
const { logger, lines } = captureLogger();
const errors: UpstreamError[] = [];
const plain = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);
const sts = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret, STS_TOKEN);
const WRONG_SECRET = 'wrong-secret-value-42';

let forbidden: string[] = [];

beforeAll(async () => {
  // the simulator accepts only STS tokens it issued or was configured with: configure the one used here
  sim = await startSimulator({ port: 0, pageSizeCs: 5, keys: [{ ...DEMO_KEY, securityTokens: [STS_TOKEN] }] });
  inv = sim.inventory();
  local = await startLocalServer();
  forbidden = [
    DEMO_KEY.accessKeyId,
    DEMO_KEY.accessKeySecret,
    WRONG_SECRET,
    STS_TOKEN,
    'Signature=',
    'http://127.0.0.1',
    sim.url,
    local.url,
    `127.0.0.1:${sim.port}`,
  ];
});
afterAll(async () => {
  await sim.close();
  await local.close();
});

const api = (o: Parameters<typeof createUpstream>[0] = {}) =>
  createUpstream({
    endpointOverride: sim.url,
    logger,
    backoffBaseMs: 2,
    backoffMaxMs: 5,
    maxAttempts: 2,
    timeoutMs: 2_000,
    ...o,
  });
const dt = (a: TagApi, c: Credential, regionId = 'cn-hangzhou', signal?: AbortSignal) =>
  a.describeTags(c, { regionId, resourceType: 'instance', pageSize: 3 }, { signal });
const lt = (a: TagApi, c: Credential, regionId = 'cn-hangzhou', nextToken?: string) =>
  a.listTagResources(c, { regionId, resourceIds: clustersOf(inv, 'cn-hangzhou'), ...(nextToken ? { nextToken } : {}) });

async function fails(p: Promise<unknown>, code?: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UpstreamError);
    if (code) expect((e as UpstreamError).code).toBe(code);
    errors.push(e as UpstreamError);
    return;
  }
  throw new Error('expected a failure');
}

describe('every outcome, logged at debug', () => {
  it('successes, with a plain key and with an STS token', async () => {
    for (const c of [plain, sts]) {
      await dt(api(), c);
      await lt(api(), c);
    }
  });

  it('cloud errors: unknown region, wrong secret, unknown key, bad next token', async () => {
    for (const c of [plain, sts]) {
      await fails(dt(api(), c, 'xx-nowhere-1'), 'InvalidRegionId.NotFound');
      await fails(lt(api(), c, 'xx-nowhere-1'), 'InvalidRegionId.NotFound');
    }
    const wrong = makeCredential(DEMO_KEY.accessKeyId, WRONG_SECRET);
    const wrongSts = makeCredential(DEMO_KEY.accessKeyId, WRONG_SECRET, STS_TOKEN);
    for (const c of [wrong, wrongSts]) {
      await fails(dt(api(), c), 'SignatureDoesNotMatch');
      await fails(lt(api(), c), 'SignatureDoesNotMatch');
    }
    await fails(dt(api(), makeCredential(`${DEMO_KEY.accessKeyId}-x`, WRONG_SECRET)), 'InvalidAccessKeyId.NotFound');
    await fails(lt(api(), makeCredential(`${DEMO_KEY.accessKeyId}-x`, WRONG_SECRET)), 'InvalidAccessKeyId.NotFound');
    await fails(lt(api(), plain, 'cn-hangzhou', 'Zm9vOmJhcg.AAAAAAAAAAAAAAAAAAAAAA'), 'InvalidParameter');
  });

  it('throttling, 503, dropped connections', async () => {
    sim.setFaults({ qpsPerKey: 0.001 });
    await dt(api(), plain);
    await fails(dt(api(), sts), 'Throttling.User');
    await fails(lt(api(), plain), 'Throttling.User');
    sim.setFaults({ qpsPerKey: 0, errorRate: 1 });
    await fails(dt(api(), sts), 'ServiceUnavailable');
    await fails(lt(api(), sts), 'ServiceUnavailable');
    sim.setFaults({ errorRate: 0, dropRate: 1 });
    await fails(dt(api(), sts), 'NetworkError');
    await fails(lt(api(), plain), 'NetworkError');
    sim.setFaults({ dropRate: 0 });
  });

  it('timeout, deadline and abort', async () => {
    sim.setFaults({ latencyMs: 150 });
    await fails(dt(api({ timeoutMs: 50 }), sts), 'Timeout');
    await fails(lt(api({ deadlineMs: 60 }), plain), 'DeadlineExceeded');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await fails(dt(api(), sts, 'cn-hangzhou', controller.signal), 'Aborted');
    sim.setFaults({ latencyMs: 0 });
    await sleep(160);
  });

  it('refused connections and unreadable answers (local server)', async () => {
    const dead = await startLocalServer();
    const deadUrl = dead.url;
    await dead.close();
    forbidden.push(deadUrl);
    await fails(dt(api({ endpointOverride: deadUrl }), sts), 'NetworkError');
    const viaLocal = api({ endpointOverride: local.url });
    local.handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html>502 from http://127.0.0.1 for ${DEMO_KEY.accessKeyId}</html>`);
    };
    await fails(dt(viaLocal, sts), 'BadResponse');
    await fails(lt(viaLocal, sts), 'BadResponse');
  });

  it('error messages that echo the request, the key and the secret (local server)', async () => {
    const viaLocal = api({ endpointOverride: local.url });
    // An absolute URL (as pop-core appends), a request line with a relative URL, and the bare secrets.
    local.handler = (req, res) => {
      // The token the request carried, if any (RPC: a parameter; ROA: a header).
      const token =
        new URL(req.url ?? '/', 'http://x').searchParams.get('SecurityToken') ??
        req.headers['x-acs-security-token'] ??
        '';
      sendJson(res, 400, {
        RequestId: 'R-ECHO',
        Code: 'InvalidParameter',
        Message: `Bad request GET ${req.url} (full: ${local.url}${req.url}) key=${DEMO_KEY.accessKeyId} secret=${DEMO_KEY.accessKeySecret} token=${String(token)}`,
        code: 'InvalidParameter',
        message: `Bad request GET ${req.url} key ${DEMO_KEY.accessKeyId}`,
        requestId: 'R-ECHO',
        status: 400,
      });
    };
    await fails(dt(viaLocal, sts), 'InvalidParameter');
    await fails(lt(viaLocal, sts), 'InvalidParameter');
    await fails(dt(viaLocal, plain), 'InvalidParameter');
  });
});

describe('what was captured', () => {
  it('every debug line carries the safe fields only', async () => {
    await waitForCalls(() => sim.calls(), 0);
    expect(errors.length).toBeGreaterThanOrEqual(25);
    expect(lines.length).toBeGreaterThanOrEqual(errors.length);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry.level).toBe(20);
      expect(entry.msg).toBe('upstream call');
      expect([plain.identity, makeCredential(`${DEMO_KEY.accessKeyId}-x`, '').identity]).toContain(entry.tenant);
      expect(
        Object.keys(entry)
          .filter((k) => !['level', 'time', 'pid', 'hostname', 'msg'].includes(k))
          .sort(),
      ).toEqual(expect.arrayContaining(['attempt', 'durationMs', 'operation', 'region', 'status', 'tenant']));
    }
    expect(lines.some((l) => l.includes('"code":"SignatureDoesNotMatch"'))).toBe(true);
    expect(lines.some((l) => l.includes('"code":"Timeout"'))).toBe(true);
  });

  it('no log line contains a key, a secret, a token, a signature or a URL', () => {
    for (const line of lines) for (const f of forbidden) expect(line, `log line leaks ${f}`).not.toContain(f);
  });

  it('no thrown error contains them either: message, JSON, String(), inspect() or stack', () => {
    for (const err of errors) {
      const views = [err.message, JSON.stringify(err), String(err), inspect(err), err.stack ?? ''];
      for (const view of views) {
        for (const f of forbidden) expect(view, `${err.code} leaks ${f}`).not.toContain(f);
        expect(view).not.toMatch(/https?:\/\//);
      }
    }
  });

  it('the echoing messages kept their useful part', () => {
    const echo = errors.filter((e) => e.requestId === 'R-ECHO');
    expect(echo).toHaveLength(3);
    for (const e of echo) expect(e.message).toMatch(/^Bad request GET/);
  });

  it('a credential serialises and inspects to its identity only', () => {
    for (const c of [plain, sts]) {
      for (const view of [JSON.stringify(c), inspect(c), `${JSON.stringify({ c })}`]) {
        expect(view).toContain(c.identity);
        for (const f of [DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret, STS_TOKEN]) expect(view).not.toContain(f);
      }
    }
    expect(plain.identity).toBe(sts.identity);
    expect(plain.identity).not.toBe(makeCredential('another-key', DEMO_KEY.accessKeySecret).identity);
  });
});
