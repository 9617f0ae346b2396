/** The typed ECS listing client against the simulator over HTTP, and its pages through the Redis cache. */
import { expect, it } from 'vitest';
import { ecsResourcesPages } from '../../src/upstream/index.js';
import type { EcsResourceType } from '../../src/upstream/types.js';
import { rawClient, SHARED_REDIS_URL } from '../cache/helpers.js';
import { cachedApi, useSimAndSharedRedis } from '../cache/sim.js';

const env = useSimAndSharedRedis('ecs-listings');
const TYPES: EcsResourceType[] = ['instance', 'disk', 'image', 'securitygroup', 'snapshot'];
const ACTION = {
  instance: 'DescribeInstances',
  disk: 'DescribeDisks',
  image: 'DescribeImages',
  securitygroup: 'DescribeSecurityGroups',
  snapshot: 'DescribeSnapshots',
} as const;

it('pages every kind of a region to its end in pages of 100 (security groups 50), every resource once', async () => {
  for (const type of TYPES) {
    const mine = env.s.sim.inventory().resources.filter((r) => r.regionId === 'cn-shenzhen' && r.type === type);
    env.s.sim.clearCalls();
    const got = [];
    for await (const page of ecsResourcesPages(env.s.upstream, env.s.demo, {
      regionId: 'cn-shenzhen',
      resourceType: type,
    }))
      got.push(...page.resources);
    const size = type === 'securitygroup' ? 50 : 100;
    expect(env.s.sim.calls({ operation: ACTION[type] })).toHaveLength(Math.max(1, Math.ceil(mine.length / size)));
    expect(got.map((r) => r.resourceId).sort()).toEqual(mine.map((r) => r.resourceId).sort());
    for (const r of mine) {
      const g = got.find((x) => x.resourceId === r.resourceId)!;
      expect(g).toEqual({
        resourceId: r.resourceId,
        name: r.name,
        ...(r.ecs!.status ? { status: r.ecs!.status } : {}),
        createdAt: r.ecs!.created,
        tags: expect.arrayContaining(r.tags),
      });
      expect(g.tags).toHaveLength(r.tags.length);
    }
  }
});

it('lists own images in every status (ImageOwnerAlias=self, Status all)', async () => {
  env.s.sim.clearCalls();
  const page = await env.s.upstream.listEcsResources(env.s.demo, {
    regionId: 'cn-hangzhou',
    resourceType: 'image',
    pageSize: 100,
  });
  const images = env.s.sim.inventory().resources.filter((r) => r.regionId === 'cn-hangzhou' && r.type === 'image');
  expect(page.totalCount).toBe(images.length);
  expect(env.s.sim.calls({ operation: 'DescribeImages' })[0]!.params).toMatchObject({ ImageOwnerAlias: 'self' });
});

it('refuses a page size over the listing maximum before any call', async () => {
  env.s.sim.clearCalls();
  await expect(
    env.s.upstream.listEcsResources(env.s.demo, {
      regionId: 'cn-hangzhou',
      resourceType: 'securitygroup',
      pageSize: 51,
    }),
  ).rejects.toMatchObject({ code: 'InvalidInput', operation: 'DescribeSecurityGroups' });
  expect(env.s.sim.calls()).toHaveLength(0);
});

it('caches listing pages per credential under the operation name, without key material', async () => {
  const api = cachedApi(env.s.upstream, env.store, env.prefix, { ttlEcsListingsS: 60 });
  const req = { regionId: 'cn-beijing', resourceType: 'disk' as const, pageNumber: 2, pageSize: 100 };
  env.s.sim.clearCalls();
  const first = await api.listEcsResources(env.s.demo, req);
  expect(await api.listEcsResources(env.s.demo, req)).toEqual(first);
  expect(env.s.sim.calls({ operation: 'DescribeDisks' })).toHaveLength(1);
  const other = await api.listEcsResources(env.s.tenantB, req);
  expect(env.s.sim.calls({ operation: 'DescribeDisks' })).toHaveLength(2);
  expect(other.resources).not.toEqual(first.resources);
  const client = rawClient(SHARED_REDIS_URL);
  try {
    const keys = await client.keys(`${env.prefix}*DescribeDisks*`);
    expect(keys.map((k) => k.slice(env.prefix.length).split(':').slice(1, 3)).sort()).toEqual(
      [
        [env.s.demo.identity, 'DescribeDisks'],
        [env.s.tenantB.identity, 'DescribeDisks'],
      ].sort(),
    );
    const text = keys.join() + (await client.mget(...keys)).join();
    expect(text).not.toContain(env.s.demo.accessKeyId);
    expect(text).not.toContain('demo-access-key-secret');
  } finally {
    client.disconnect();
  }
});
