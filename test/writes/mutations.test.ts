/**
 * The tag mutations end to end against the simulator's inventory (cache on, memory store): every kind, batching,
 * validation before any call, per-resource failures, CONFLICT, dry runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { TYPE_OF_KIND, type GqlKind } from '../graph/helpers.js';
import { liveTags, READ, refOf, resourcesOf, SET, TAG, tagsOfNode, UNTAG, writeCalls } from './helpers.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ simulator: { size: 3 } });
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.sim.setFaults({ tagWriteFailures: 'whole-call', throttleRate: 0 });
  gw.sim.clearCalls();
});

const KINDS: GqlKind[] = ['ECS_INSTANCE', 'ECS_DISK', 'ECS_IMAGE', 'ECS_SECURITY_GROUP', 'ECS_SNAPSHOT', 'ACK_CLUSTER'];

describe('tag / untag / set on every kind, read back at once', () => {
  for (const kind of KINDS) {
    it(kind, async () => {
      const refs = resourcesOf(gw.sim, TYPE_OF_KIND[kind], 2).map(refOf);
      // warm the cache
      const before = await gw.query(READ, { refs });
      expect(before.errors).toBeUndefined();

      const tagged = await gw.query(TAG, { input: { refs, tags: [{ key: 'owner', value: 'team-a' }] } });
      expect(tagged.errors).toBeUndefined();
      const p = tagged.data.tagResources;
      expect([p.calls, p.failures, p.dryRun]).toEqual([1, [], false]);
      expect(p.resources.map((r: any) => tagsOfNode(r).owner)).toEqual(['team-a', 'team-a']);
      for (const ref of refs) expect(liveTags(gw.sim, ref).owner).toBe('team-a');
      const after = await gw.query(READ, { refs });
      expect(after.data.resources.map((r: any) => tagsOfNode(r).owner)).toEqual(['team-a', 'team-a']);
      expect(after.data.resources[0].tagsVersion).toBe(p.resources[0].tagsVersion);

      const untagged = await gw.query(UNTAG, { input: { refs, keys: ['owner'] } });
      expect(untagged.data.untagResources.resources.map((r: any) => tagsOfNode(r).owner)).toEqual([
        undefined,
        undefined,
      ]);
      expect((await gw.query(READ, { refs })).data.resources.map((r: any) => tagsOfNode(r).owner)).toEqual([
        undefined,
        undefined,
      ]);

      const wanted = [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'blue' },
      ];
      const set = await gw.query(SET, { input: { ref: refs[0], tags: wanted } });
      expect(set.errors).toBeUndefined();
      expect(tagsOfNode(set.data.setResourceTags.resources[0])).toEqual({ env: 'prod', team: 'blue' });
      expect(liveTags(gw.sim, refs[0]!)).toEqual({ env: 'prod', team: 'blue' });
      expect(tagsOfNode((await gw.query(READ, { refs: [refs[0]] })).data.resources[0])).toEqual({
        env: 'prod',
        team: 'blue',
      });
    });
  }
});

describe('batching and refusals', () => {
  it('120 instances of one region are 3 ECS calls', async () => {
    const refs = resourcesOf(gw.sim, 'instance', 120).map(refOf);
    const res = await gw.query(TAG, { input: { refs, tags: [{ key: 'batch', value: 'x' }] } });
    expect(res.errors).toBeUndefined();
    expect(res.data.tagResources.calls).toBe(3);
    // the call budget's estimate covers the 3 writes and the read-back, and is never below what was made
    expect(res.extensions?.upstream?.calls).toBeLessThanOrEqual(res.extensions?.upstream?.estimatedCalls);
    expect(res.extensions?.upstream?.calls).toBeGreaterThan(3);
    expect(res.data.tagResources.resources).toHaveLength(120);
    const calls = writeCalls(gw.sim);
    expect(calls.map((c) => c.operation)).toEqual(['EcsTagResources', 'EcsTagResources', 'EcsTagResources']);
    expect(calls.map((c) => Object.keys(c.params).filter((k) => k.startsWith('ResourceId.')).length).sort()).toEqual([
      20, 50, 50,
    ]);
  });

  it('a dry run validates and counts, and makes no write call', async () => {
    const refs = [...resourcesOf(gw.sim, 'instance', 60), ...resourcesOf(gw.sim, 'cluster', 2)].map(refOf);
    const res = await gw.query(TAG, { input: { refs, tags: [{ key: 'dry', value: 'run' }], dryRun: true } });
    expect(res.errors).toBeUndefined();
    expect([res.data.tagResources.calls, res.data.tagResources.dryRun]).toEqual([3, true]);
    expect(writeCalls(gw.sim)).toEqual([]);
    expect(liveTags(gw.sim, refs[0]!).dry).toBeUndefined();
  });

  const [instance] = [() => refOf(resourcesOf(gw.sim, 'instance', 1)[0]!)];
  const cluster = () => refOf(resourcesOf(gw.sim, 'cluster', 1)[0]!);
  const invalid: Array<[string, () => unknown, string]> = [
    ['a reserved key', () => ({ refs: [instance()], tags: [{ key: 'aliyun:x', value: 'v' }] }), TAG],
    ['acs: key', () => ({ refs: [instance()], tags: [{ key: 'acs:x', value: 'v' }] }), TAG],
    ['a URL value', () => ({ refs: [instance()], tags: [{ key: 'k', value: 'https://x' }] }), TAG],
    ['a 129-character key', () => ({ refs: [instance()], tags: [{ key: 'k'.repeat(129), value: '' }] }), TAG],
    ['a 129-character value', () => ({ refs: [instance()], tags: [{ key: 'k', value: 'v'.repeat(129) }] }), TAG],
    [
      'duplicate keys',
      () => ({
        refs: [instance()],
        tags: [
          { key: 'k', value: 'a' },
          { key: 'k', value: 'b' },
        ],
      }),
      TAG,
    ],
    [
      '21 tags',
      () => ({ refs: [instance()], tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: '' })) }),
      TAG,
    ],
    ['no tags', () => ({ refs: [instance()], tags: [] }), TAG],
    ['an empty cluster value', () => ({ refs: [instance(), cluster()], tags: [{ key: 'k', value: '' }] }), TAG],
    [
      'a malformed ID',
      () => ({ refs: [{ ...instance(), resourceId: 'd-notaninstance1234' }], tags: [{ key: 'k', value: 'v' }] }),
      TAG,
    ],
    ['a bad region', () => ({ refs: [{ ...instance(), regionId: 'Mars' }], tags: [{ key: 'k', value: 'v' }] }), TAG],
    ['no refs', () => ({ refs: [], tags: [{ key: 'k', value: 'v' }] }), TAG],
    ['untag without keys', () => ({ refs: [instance()] }), UNTAG],
    ['untag with keys and all', () => ({ refs: [instance()], keys: ['k'], all: true }), UNTAG],
    [
      'set with duplicate keys',
      () => ({
        ref: instance(),
        tags: [
          { key: 'k', value: 'a' },
          { key: 'k', value: 'b' },
        ],
      }),
      SET,
    ],
  ];
  for (const [name, input, doc] of invalid) {
    it(`refuses ${name} with BAD_USER_INPUT and no call`, async () => {
      const res = await gw.query(doc, { input: input() });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(gw.sim.calls()).toEqual([]);
    });
  }
});

describe('per-resource failures', () => {
  for (const mode of ['whole-call', 'per-resource'] as const) {
    it(`${mode}: a resource at 20 tags fails alone, the others are written`, async () => {
      const rs = resourcesOf(gw.sim, 'disk', 9).slice(4 + (mode === 'whole-call' ? 0 : 5 - 5), 9);
      const refs = rs.map(refOf);
      const full = refs[2]!;
      const have = Object.keys(liveTags(gw.sim, full)).length;
      const fill = Array.from({ length: 20 - have }, (_, i) => ({ key: `fill-${mode}-${i}`, value: 'x' }));
      if (fill.length > 0)
        expect((await gw.query(TAG, { input: { refs: [full], tags: fill } })).errors).toBeUndefined();
      expect(Object.keys(liveTags(gw.sim, full))).toHaveLength(20);
      await gw.query(READ, { refs }); // warm: the read below must not be served the old tags
      gw.sim.setFaults({ tagWriteFailures: mode });

      const res = await gw.query(TAG, { input: { refs, tags: [{ key: `one-more-${mode}`, value: 'v' }] } });
      expect(res.errors).toBeUndefined();
      const p = res.data.tagResources;
      expect(p.failures).toEqual([
        expect.objectContaining({ resourceId: full.resourceId, code: 'OperationDenied.QuotaExceed', kind: 'ECS_DISK' }),
      ]);
      expect(p.resources.map((r: any) => r.resourceId).sort()).toEqual(
        refs
          .filter((r) => r !== full)
          .map((r) => r.resourceId)
          .sort(),
      );
      for (const r of refs) expect(liveTags(gw.sim, r)[`one-more-${mode}`]).toBe(r === full ? undefined : 'v');
      const read = await gw.query(READ, { refs });
      expect(read.data.resources.map((r: any) => tagsOfNode(r))).toEqual(refs.map((r) => liveTags(gw.sim, r)));
      expect(p.calls).toBeGreaterThan(1);
    });
  }

  it('a cluster that does not exist fails alone', async () => {
    const [c] = resourcesOf(gw.sim, 'cluster', 1);
    const ghost = { kind: 'ACK_CLUSTER', regionId: c!.regionId, resourceId: `c${'a'.repeat(32)}` };
    const res = await gw.query(TAG, { input: { refs: [refOf(c!), ghost], tags: [{ key: 'k', value: 'v' }] } });
    expect(res.data.tagResources.failures).toEqual([
      expect.objectContaining({ resourceId: ghost.resourceId, code: 'ErrorClusterNotFound' }),
    ]);
    expect(res.data.tagResources.resources.map((r: any) => r.resourceId)).toEqual([c!.resourceId]);
  });
});

describe('setResourceTags with ifTagsVersion', () => {
  it('CONFLICT on a stale version, with no write call; the current version writes', async () => {
    const ref = refOf(resourcesOf(gw.sim, 'snapshot', 1)[0]!);
    const first = (await gw.query(READ, { refs: [ref] })).data.resources[0];
    // someone else writes
    await gw.query(TAG, { input: { refs: [ref], tags: [{ key: 'someone', value: 'else' }] } });
    gw.sim.clearCalls();
    const stale = await gw.query(SET, {
      input: { ref, tags: [{ key: 'mine', value: '1' }], ifTagsVersion: first.tagsVersion },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(writeCalls(gw.sim)).toEqual([]);
    expect(liveTags(gw.sim, ref).mine).toBeUndefined();

    const current = (await gw.query(READ, { refs: [ref] })).data.resources[0];
    expect(current.tagsVersion).not.toBe(first.tagsVersion);
    const ok = await gw.query(SET, {
      input: { ref, tags: [{ key: 'mine', value: '1' }], ifTagsVersion: current.tagsVersion },
    });
    expect(ok.errors).toBeUndefined();
    expect(liveTags(gw.sim, ref)).toEqual({ mine: '1' });
  });
});
