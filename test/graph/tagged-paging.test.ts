/**
 * Paging `taggedResources` both ways over several kinds and regions: no row missing or repeated, both pageInfo
 * flags exact, forward and backward giving the same order, cursors of either direction usable in the other. The
 * order does not depend on the upstream's page size: a simulator paging ECS ListTagResources by 7 rows (so one
 * resource's rows straddle pages) gives the same list. Cursors are signed and scoped: edited, from another list,
 * other arguments or another tenant, they are refused with no upstream call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { expectBadInput, expectNoErrors, walk, type Page } from './helpers.js';
import { TAGGED, expectedTagged, expectSameList, type Row } from './tagged-oracle.js';

const OTHER_KEY = { accessKeyId: 'other-tenant-key-id', accessKeySecret: 'other-tenant-key-secret' };
const asOther = {
  'x-alibaba-cloud-access-key-id': OTHER_KEY.accessKeyId,
  'x-alibaba-cloud-access-key-secret': OTHER_KEY.accessKeySecret,
};

let gw: TestGateway;
let small: TestGateway;

beforeAll(async () => {
  const env = { RESPONSE_CACHE_TTL_S: '0', CALLER_CREDENTIALS: 'true' };
  [gw, small] = await Promise.all([
    startTestGateway({ simulator: { keys: [DEMO_KEY, OTHER_KEY] }, env }),
    startTestGateway({ simulator: { pageSizeEcs: 7 }, env }),
  ]);
});
afterAll(() => Promise.all([gw?.close(), small?.close()]));

/** Three entries: each resource is three rows of a by-tag answer, so rows straddle pages of 50 and of 7 (no image matches). */
const ARGS = {
  regionIds: ['cn-shanghai', 'cn-beijing'],
  kinds: ['ECS_INSTANCE', 'ACK_CLUSTER', 'ECS_IMAGE'],
  tags: [{ key: 'env', values: ['prod', 'dev'] }, { key: 'team' }, { key: 'cost-center' }],
};

const run = (g: TestGateway, args: Record<string, unknown>) => (paging: Record<string, unknown>) =>
  g.query(TAGGED, { ...args, ...paging });
const pick = (data: { taggedResources: Page<Row> }) => data.taggedResources;

describe('paging both ways', () => {
  let forward: Row[];
  let cursors: string[];

  it('forward in pages of 23: every row once, in the documented group order', async () => {
    const expected = expectedTagged(gw.sim.inventory(), ARGS as never);
    expect(expected.length).toBeGreaterThan(100);
    cursors = [];
    forward = (await walk(run(gw, ARGS), pick, 'forward', 23, expected.length, (p) =>
      cursors.push(...p.edges.map((e) => e.cursor)),
    )) as Row[];
    expectSameList(forward, expected);
  });

  it('backward in pages of 17: the same rows in the same order', async () => {
    const backward = await walk(run(gw, ARGS), pick, 'backward', 17, forward.length);
    expect(backward).toEqual(forward);
  });

  it('a cursor from a forward page pages backward, and one from a backward page pages forward', async () => {
    const i = 60;
    const before = await gw.query(TAGGED, { ...ARGS, last: 5, before: cursors[i] });
    expectNoErrors(before);
    expect(before.data.taggedResources.edges.map((e: { node: Row }) => e.node)).toEqual(forward.slice(i - 5, i));
    expect(before.data.taggedResources.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const back = before.data.taggedResources.edges[0].cursor as string;
    const after = await gw.query(TAGGED, { ...ARGS, first: 7, after: back });
    expect(after.data.taggedResources.edges.map((e: { node: Row }) => e.node)).toEqual(forward.slice(i - 4, i + 3));
    const between = await gw.query(TAGGED, { ...ARGS, first: 10, after: back, before: cursors[i] });
    expect(between.data.taggedResources.edges.map((e: { node: Row }) => e.node)).toEqual(forward.slice(i - 4, i));
    expect(between.data.taggedResources.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('the order does not depend on the upstream page size (ECS pages of 7 rows)', async () => {
    const rows = await walk(run(small, ARGS), pick, 'forward', 31, forward.length);
    expect(rows).toEqual(forward);
  });
});

describe('cursors are refused before any call', () => {
  let cursor: string;
  beforeAll(async () => {
    const res = await gw.query(TAGGED, { ...ARGS, first: 3 });
    cursor = res.data.taggedResources.pageInfo.endCursor;
  });

  async function refused(vars: Record<string, unknown>, headers?: Record<string, string>) {
    gw.sim.clearCalls();
    const res = await gw.query(TAGGED, vars, headers);
    expectBadInput(gw, res, 'taggedResources');
    expect(res.errors![0]!.message).toMatch(/cursor/);
  }

  it('edited by hand', async () => {
    const [v, payload, mac] = cursor.split('.') as [string, string, string];
    const text = Buffer.from(payload, 'base64url')
      .toString()
      .replace(/\[(\d+),/, (_, g) => `[${Number(g) + 40},`);
    await refused({ ...ARGS, after: `${v}.${Buffer.from(text).toString('base64url')}.${mac}` });
    await refused({ ...ARGS, before: `${cursor}x` });
  });

  it('from another list or other arguments', async () => {
    const catalog = await gw.query(`{ tagCatalog(regionIds: ["cn-beijing"], first: 1) { pageInfo { endCursor } } }`);
    await refused({ ...ARGS, after: catalog.data.tagCatalog.pageInfo.endCursor });
    await refused({ ...ARGS, regionIds: ['cn-beijing', 'cn-shanghai'], after: cursor });
    await refused({ ...ARGS, tags: [{ key: 'env', values: ['prod'] }], before: cursor });
  });

  it('from another tenant', async () => {
    await refused({ ...ARGS, after: cursor }, asOther);
  });

  it('the same arguments spelt otherwise are the same list', async () => {
    const reordered = { ...ARGS, kinds: [...ARGS.kinds].reverse(), tags: [...ARGS.tags].reverse() };
    const res = await gw.query(TAGGED, { ...reordered, first: 2, after: cursor });
    expectNoErrors(res);
  });
});
