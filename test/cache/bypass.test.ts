/** `{ cache: 'bypass' }` skips the read (always upstream) but still writes, so the next normal call hits it. */
import { expect, it } from 'vitest';
import { cachedApi, useSimAndSharedRedis } from './sim.js';

const env = useSimAndSharedRedis('bypass');

it('skips the read, still writes', async () => {
  const api = cachedApi(env.s.upstream, env.store, env.prefix);
  const c0 = env.s.calls('ListTagResources');
  const cached = await api.listTagResources(env.s.demo, env.s.cs);
  expect((await api.listTagResources(env.s.demo, env.s.cs)).requestId).toBe(cached.requestId);
  expect(env.s.calls('ListTagResources')).toBe(c0 + 1);

  const bypassed = await api.listTagResources(env.s.demo, env.s.cs, { cache: 'bypass' });
  expect(bypassed.requestId).not.toBe(cached.requestId);
  const again = await api.listTagResources(env.s.demo, env.s.cs, { cache: 'bypass' });
  expect(again.requestId).not.toBe(bypassed.requestId);
  expect(env.s.calls('ListTagResources')).toBe(c0 + 3);

  // The last bypass answer replaced the entry.
  expect((await api.listTagResources(env.s.demo, env.s.cs)).requestId).toBe(again.requestId);
  expect(env.s.calls('ListTagResources')).toBe(c0 + 3);
  expect(api.stats()).toMatchObject({ bypass: 2, hits: 2, misses: 1 });
});

it('passes the caller signal through on bypass', async () => {
  const api = cachedApi(env.s.upstream, env.store, env.prefix);
  const controller = new AbortController();
  controller.abort();
  await expect(
    api.describeTags(env.s.demo, env.s.ecs, { cache: 'bypass', signal: controller.signal }),
  ).rejects.toMatchObject({
    code: 'Aborted',
  });
});
