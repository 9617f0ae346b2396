/** tagKeys and tagValues: facets with counts, over one region or several, per kind, with paging. */
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { expectedKeys, expectedValues, expectNoErrors, walk } from './helpers.js';

const t = useGateway();

const KEYS = `query($regionIds: [String!]!, $kind: EcsResourceKind, $first: Int, $after: String, $last: Int, $before: String) {
  tagKeys(regionIds: $regionIds, kind: $kind, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { key valueCount resourceCount } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const VALUES = `query($regionIds: [String!]!, $key: String!, $kind: EcsResourceKind, $first: Int, $after: String, $last: Int, $before: String) {
  tagValues(regionIds: $regionIds, key: $key, kind: $kind, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { key value resourceCount } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('tagKeys', () => {
  it('one region: every key of ECS instances with its distinct values and resources', async () => {
    const res = await t.gw.query(KEYS, { regionIds: ['cn-hangzhou'], first: 100 });
    expectNoErrors(res);
    const expected = expectedKeys(t.inv, ['cn-hangzhou'], 'instance');
    expect(res.data.tagKeys.totalCount).toBe(expected.length);
    expect(res.data.tagKeys.edges.map((e: any) => e.node)).toEqual(expected);
    // `ack.aliyun.com` has one value per cluster with nodes: its valueCount is large, unlike `env`
    const ack = expected.find((k) => k.key === 'ack.aliyun.com')!;
    expect(ack.valueCount).toBeGreaterThan(5);
  });

  it('several regions: values merged (distinct), resources summed', async () => {
    const regions = ['cn-hangzhou', 'cn-beijing', 'ap-southeast-1'];
    const res = await t.gw.query(KEYS, { regionIds: regions, first: 100 });
    expectNoErrors(res);
    const expected = expectedKeys(t.inv, regions, 'instance');
    expect(res.data.tagKeys.edges.map((e: any) => e.node)).toEqual(expected);
    const env = expected.find((k) => k.key === 'env')!;
    const envHz = expectedKeys(t.inv, ['cn-hangzhou'], 'instance').find((k) => k.key === 'env')!;
    expect(env.resourceCount).toBeGreaterThan(envHz.resourceCount);
  });

  it('per kind: security groups have `tier`, disks do not', async () => {
    const sg = await t.gw.query(KEYS, { regionIds: ['cn-shenzhen'], kind: 'ECS_SECURITY_GROUP' });
    expectNoErrors(sg);
    expect(sg.data.tagKeys.edges.map((e: any) => e.node)).toEqual(
      expectedKeys(t.inv, ['cn-shenzhen'], 'securitygroup'),
    );
    expect(sg.data.tagKeys.edges.map((e: any) => e.node.key)).toContain('tier');
    const disks = await t.gw.query(KEYS, { regionIds: ['cn-shenzhen'], kind: 'ECS_DISK', first: 100 });
    expectNoErrors(disks);
    expect(disks.data.tagKeys.edges.map((e: any) => e.node)).toEqual(expectedKeys(t.inv, ['cn-shenzhen'], 'disk'));
    expect(disks.data.tagKeys.edges.map((e: any) => e.node.key)).not.toContain('tier');
  });

  it('pages forward by 3 and backward by 4, every key exactly once', async () => {
    const regions = ['cn-beijing', 'cn-shenzhen'];
    const expected = expectedKeys(t.inv, regions, 'instance');
    const run = (paging: Record<string, unknown>) => t.gw.query(KEYS, { regionIds: regions, ...paging });
    expect(await walk(run, (d) => d.tagKeys, 'forward', 3, expected.length)).toEqual(expected);
    expect(await walk(run, (d) => d.tagKeys, 'backward', 4, expected.length)).toEqual(expected);
  });
});

describe('tagValues', () => {
  it.each([
    ['env', ['cn-hangzhou']],
    ['env', ['cn-hangzhou', 'cn-beijing', 'cn-shanghai', 'cn-shenzhen', 'ap-southeast-1']],
    ['team', ['cn-beijing', 'ap-southeast-1']],
    ['项目', ['cn-hangzhou']],
    ['DoNotDelete', ['cn-shenzhen']],
  ])('values of %s in %j with resource counts', async (key, regions) => {
    const res = await t.gw.query(VALUES, { regionIds: regions, key, first: 100 });
    expectNoErrors(res);
    const expected = expectedValues(t.inv, regions, 'instance', key);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data.tagValues.totalCount).toBe(expected.length);
    expect(res.data.tagValues.edges.map((e: any) => e.node)).toEqual(expected);
  });

  it('env in cn-hangzhou includes the rare value perf with exactly 2 instances', async () => {
    const res = await t.gw.query(VALUES, { regionIds: ['cn-hangzhou'], key: 'env' });
    expectNoErrors(res);
    expect(res.data.tagValues.edges.map((e: any) => e.node)).toContainEqual({
      key: 'env',
      value: 'perf',
      resourceCount: 2,
    });
  });

  it('per kind: retention on snapshots', async () => {
    const res = await t.gw.query(VALUES, {
      regionIds: ['cn-hangzhou', 'cn-beijing'],
      key: 'retention',
      kind: 'ECS_SNAPSHOT',
    });
    expectNoErrors(res);
    expect(res.data.tagValues.edges.map((e: any) => e.node)).toEqual(
      expectedValues(t.inv, ['cn-hangzhou', 'cn-beijing'], 'snapshot', 'retention'),
    );
  });

  it('keys are case-sensitive: Env on images is not env', async () => {
    const res = await t.gw.query(VALUES, { regionIds: ['cn-hangzhou'], key: 'Env', kind: 'ECS_IMAGE' });
    expectNoErrors(res);
    expect(res.data.tagValues.edges.map((e: any) => e.node)).toEqual([{ key: 'Env', value: 'Prod', resourceCount: 1 }]);
  });

  it('a key nobody uses is an empty list', async () => {
    const res = await t.gw.query(VALUES, { regionIds: ['cn-hangzhou'], key: 'no-such-key' });
    expectNoErrors(res);
    expect(res.data.tagValues).toMatchObject({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false },
    });
  });

  it('pages by 2 both ways', async () => {
    const regions = ['cn-hangzhou', 'cn-beijing'];
    const expected = expectedValues(t.inv, regions, 'instance', 'team');
    const run = (paging: Record<string, unknown>) => t.gw.query(VALUES, { regionIds: regions, key: 'team', ...paging });
    expect(await walk(run, (d) => d.tagValues, 'forward', 2, expected.length)).toEqual(expected);
    expect(await walk(run, (d) => d.tagValues, 'backward', 5, expected.length)).toEqual(expected);
  });
});
