/**
 * Who may write: refusals are FORBIDDEN with no upstream call at all (not even the read of a dry run); the write
 * permission of API key entries (`:write`, `:tenant=<name>`), of JWT scopes (AUTH_WRITE_SCOPE), and TAG_WRITES with
 * its default. Each write is logged once at info (never a secret) and counted in /metrics.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, toAppOptions } from '../../src/config/index.js';
import { tagWritesEnabled } from '../../src/config/app-options.js';
import { DEMO_KEY, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/gateway.js';
import { AUDIENCE, ISSUER, signingKey, startJwksServer, token, type JwksServer } from '../http/auth-jwks.js';
import { refOf, resourcesOf, TAG, writeCalls } from './helpers.js';

const TENANT_B = { accessKeyId: 'perm-tenant-b', accessKeySecret: 'perm-tenant-b-secret' };
const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const WRITER = 'writer-key-0123456789';
const READER = 'reader-key-0123456789';
const B_WRITER = 'b-writer-key-0123456789';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY, TENANT_B] });
});
afterAll(() => sim.close());

const input = () => ({ refs: [refOf(resourcesOf(sim, 'instance', 1)[0]!)], tags: [{ key: 'perm', value: 'x' }] });

async function expectForbidden(gw: TestGateway, headers: Record<string, string> = {}, dryRun = false) {
  sim.clearCalls();
  const res = await gw.query(TAG, { input: { ...input(), dryRun } }, headers);
  expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(sim.calls()).toEqual([]);
}

describe('TAG_WRITES', () => {
  it('disabled: FORBIDDEN, no call (a dry run too)', async () => {
    const gw = await startTestGateway({ sim, env: { TAG_WRITES: 'disabled' } });
    try {
      await expectForbidden(gw);
      await expectForbidden(gw, {}, true);
    } finally {
      await gw.close();
    }
  });

  it('default: enabled on the simulator and an UPSTREAM_URL, disabled against the real cloud', () => {
    const keys = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' };
    expect(tagWritesEnabled(testConfig())).toBe(true);
    expect(tagWritesEnabled(testConfig({ UPSTREAM_URL: 'http://127.0.0.1:1' }))).toBe(true);
    expect(tagWritesEnabled(testConfig({ ...keys, UPSTREAM_URL: 'http://127.0.0.1:1' }))).toBe(true);
    expect(tagWritesEnabled(testConfig(keys))).toBe(false);
    expect(tagWritesEnabled(testConfig({ ...keys, TAG_WRITES: 'enabled' }))).toBe(true);
    expect(toAppOptions(configSchema.parse({ ...keys })).gateway.tagWrites).toEqual({ enabled: false });
  });
});

describe('AUTH_MODE=api-key', () => {
  let gw: TestGateway;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perm-'));
    const file = join(dir, 'tenants.json');
    writeFileSync(file, JSON.stringify({ b: TENANT_B }));
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    gw = await startTestGateway({
      sim,
      logger: pino({ level: 'info' }, sink),
      env: {
        AUTH_MODE: 'api-key',
        AUTH_API_KEYS: `${sha(WRITER)}:write,${sha(READER)},${sha(B_WRITER)}:write:tenant=b`,
        ALIBABA_CREDENTIALS_FILE: file,
        METRICS_ENDPOINT: '/metrics',
      },
    });
  });
  afterAll(() => gw?.close());

  it('a key not marked for writing: FORBIDDEN, no call; it still reads', async () => {
    await expectForbidden(gw, { 'x-api-key': READER });
    const read = await gw.query(
      '{ tagKeys(regionIds: ["cn-hangzhou"], first: 1) { totalCount } }',
      {},
      {
        'x-api-key': READER,
      },
    );
    expect(read.errors).toBeUndefined();
  });

  it('a key marked :write writes, logged once at info with no secret, counted in /metrics', async () => {
    sim.clearCalls();
    lines.length = 0;
    const res = await gw.query(TAG, { input: input() }, { 'x-api-key': WRITER, 'x-request-id': 'write-1' });
    expect(res.errors).toBeUndefined();
    expect(writeCalls(sim)).toHaveLength(1);
    const logged = lines.filter((l) => l.msg === 'tag write');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 30,
      reqId: 'write-1',
      operation: 'tagResources',
      outcome: 'ok',
      keys: ['perm'],
      caller: expect.stringMatching(/^key:/),
      tenant: expect.any(String),
      targets: [
        { regionId: input().refs[0]!.regionId, kind: 'ECS_INSTANCE', resourceIds: [input().refs[0]!.resourceId] },
      ],
    });
    const text = JSON.stringify(lines);
    for (const secret of [WRITER, DEMO_KEY.accessKeySecret, DEMO_KEY.accessKeyId]) expect(text).not.toContain(secret);
    const metrics = await (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/tag_gateway_tag_writes_total\{operation="tagResources",outcome="ok"\} 1/);
    expect(metrics).toMatch(/tag_gateway_tag_writes_total\{operation="tagResources",outcome="forbidden"\} \d/);
  });

  it('a key naming a tenant writes with that tenant’s credential', async () => {
    const ref = refOf(sim.inventory(TENANT_B.accessKeyId).resources.find((r) => r.type === 'instance')!);
    sim.clearCalls();
    const res = await gw.query(
      TAG,
      { input: { refs: [ref], tags: [{ key: 'via', value: 'b' }] } },
      { 'x-api-key': B_WRITER },
    );
    expect(res.errors).toBeUndefined();
    expect(writeCalls(sim).map((c) => c.accessKeyId)).toEqual([TENANT_B.accessKeyId]);
    const tags = sim.inventory(TENANT_B.accessKeyId).resources.find((r) => r.resourceId === ref.resourceId)!.tags;
    expect(tags).toContainEqual({ key: 'via', value: 'b' });
    // the demo tenant (the gateway's own credential) has no such resource: the write went to tenant b's inventory
    expect(sim.inventory().resources.some((r) => r.resourceId === ref.resourceId)).toBe(false);
  });
});

describe('AUTH_MODE=jwt', () => {
  let jwks: JwksServer;
  let gw: TestGateway;
  let key: Awaited<ReturnType<typeof signingKey>>;
  beforeAll(async () => {
    key = await signingKey('perm-key');
    jwks = await startJwksServer([key]);
    gw = await startTestGateway({
      sim,
      env: {
        AUTH_MODE: 'jwt',
        AUTH_JWKS_URL: jwks.url,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_WRITE_SCOPE: 'tags:edit',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await gw?.close();
    await jwks?.close();
  });

  it('without the write scope: FORBIDDEN, no call', async () => {
    await expectForbidden(gw, { authorization: `Bearer ${await token(key, { claims: { scope: 'tags:read' } })}` });
    await expectForbidden(gw, { authorization: `Bearer ${await token(key)}` });
  });

  it('with the scope (in scope or scp): writes', async () => {
    for (const claims of [{ scope: 'openid tags:edit' }, { scp: ['tags:edit'] }]) {
      sim.clearCalls();
      const res = await gw.query(TAG, { input: input() }, { authorization: `Bearer ${await token(key, { claims })}` });
      expect(res.errors).toBeUndefined();
      expect(writeCalls(sim)).toHaveLength(1);
    }
  });
});

describe('the call budget applies to mutations', () => {
  it('a write estimated over MAX_UPSTREAM_CALLS is refused before any call', async () => {
    const gw = await startTestGateway({ sim, env: { MAX_UPSTREAM_CALLS: '2' } });
    try {
      sim.clearCalls();
      const refs = resourcesOf(sim, 'instance', 120).map(refOf);
      const res = await gw.query(TAG, { input: { refs, tags: [{ key: 'budget', value: 'x' }] } });
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BUDGET_EXCEEDED');
      expect(sim.calls()).toEqual([]);
    } finally {
      await gw.close();
    }
  });
});
