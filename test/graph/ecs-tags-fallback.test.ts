/**
 * The fallback for credentials that may not call ECS ListTagResources: the simulator answers 403
 * `Forbidden.RAM` for that action to the demo key (its `deny` list), so the demo tenant's ECS tags come from
 * DescribeTags, one resource per call, with the same answers; the refusal is logged once (warn, no secret) and
 * remembered, so later requests skip the refused call. Another tenant on the same gateway keeps the batches.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, type InventoryFile, type InventoryResource } from '../../src/simulator/index.js';
import { makeCredential } from '../../src/upstream/credentials.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { expectNoErrors, KIND_OF_TYPE, sortedTags } from './helpers.js';

const OTHER_KEY = { accessKeyId: 'allowed-tenant-key-id', accessKeySecret: 'allowed-tenant-key-secret' };
const asOther = {
  'x-alibaba-cloud-access-key-id': OTHER_KEY.accessKeyId,
  'x-alibaba-cloud-access-key-secret': OTHER_KEY.accessKeySecret,
};

const QUERY = `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { resourceId tags(first: 100) { totalCount edges { node { key value } } } } }`;
const refOf = (r: InventoryResource) => ({
  kind: KIND_OF_TYPE[r.type],
  regionId: r.regionId,
  resourceId: r.resourceId,
});

let gw: TestGateway;
let inv: InventoryFile;
const lines: Array<Record<string, unknown>> = [];
const raw: string[] = [];

beforeAll(async () => {
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void (raw.push(line), lines.push(JSON.parse(line))) },
  );
  gw = await startTestGateway({
    simulator: { keys: [{ ...DEMO_KEY, deny: ['EcsListTagResources'] }, OTHER_KEY] },
    env: { CACHE_ENABLED: 'false', CALLER_CREDENTIALS: 'true' },
    logger,
  });
  inv = gw.sim.inventory();
});
afterAll(() => gw?.close());

const fallbackLines = () => lines.filter((l) => String(l.msg).includes('ListTagResources refused'));

function expectTags(res: { data?: any }, asked: InventoryResource[]) {
  asked.forEach((r, i) => {
    expect(res.data.resources[i].resourceId).toBe(r.resourceId);
    expect(res.data.resources[i].tags.edges.map((e: any) => e.node)).toEqual(sortedTags(r));
  });
}

describe('ECS tags when ListTagResources is refused (Forbidden.RAM)', () => {
  it('falls back to one DescribeTags call per resource, with the same tags, after one refused call', async () => {
    const asked = inv.resources.filter((r) => r.type === 'disk' && r.regionId === 'cn-beijing').slice(0, 6);
    gw.sim.clearCalls();
    const res = await gw.query(QUERY, { refs: asked.map(refOf) });
    expectNoErrors(res);
    expectTags(res, asked);
    const refused = gw.sim.calls({ operation: 'EcsListTagResources' });
    expect(refused).toHaveLength(1); // a 403 is not retried
    expect(refused[0]).toMatchObject({ status: 403, code: 'Forbidden.RAM' });
    const described = gw.sim.calls({ operation: 'DescribeTags' });
    expect(described.map((c) => c.params.ResourceId).sort()).toEqual(asked.map((r) => r.resourceId).sort());
    expect(described.every((c) => c.status === 200 && c.params.ResourceType === 'disk')).toBe(true);
  });

  it('logs the refusal once, at warn, naming the tenant by its non-secret identity only', () => {
    expect(fallbackLines()).toHaveLength(1);
    const line = fallbackLines()[0]!;
    expect(line.level).toBe(40);
    expect(line).toMatchObject({
      tenant: makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret).identity,
      code: 'Forbidden.RAM',
    });
    const text = raw.join('');
    expect(text).not.toContain(DEMO_KEY.accessKeySecret);
    expect(text).not.toContain(DEMO_KEY.accessKeyId);
  });

  it('remembers the refusal: the next request goes straight to DescribeTags, and logs nothing more', async () => {
    const asked = inv.resources.filter((r) => r.type === 'instance' && r.regionId === 'cn-hangzhou').slice(0, 4);
    gw.sim.clearCalls();
    const res = await gw.query(QUERY, { refs: asked.map(refOf) });
    expectNoErrors(res);
    expectTags(res, asked);
    expect(gw.sim.calls({ operation: 'EcsListTagResources' })).toHaveLength(0);
    expect(gw.sim.calls({ operation: 'DescribeTags' })).toHaveLength(4);
    expect(fallbackLines()).toHaveLength(1);
  });

  it('another tenant whose policy allows the action keeps the batched calls', async () => {
    const otherInv = gw.sim.inventory(OTHER_KEY.accessKeyId);
    const asked = otherInv.resources.filter((r) => r.type === 'instance' && r.regionId === 'cn-hangzhou').slice(0, 4);
    gw.sim.clearCalls();
    const res = await gw.query(QUERY, { refs: asked.map(refOf) }, asOther);
    expectNoErrors(res);
    expectTags(res, asked);
    expect(gw.sim.calls().map((c) => [c.operation, c.status])).toEqual([['EcsListTagResources', 200]]);
  });
});
