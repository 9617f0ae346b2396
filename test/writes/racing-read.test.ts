/**
 * A read racing a write: the query reads the old tags, the write runs and invalidates both cache layers, then the
 * query's answer arrives. That answer must not be stored in the response cache (its data is older than the
 * write), or the next read after the mutation returned would be served the old tags. The simulator computes an
 * answer on receipt and sends it after its latency, so the race is made with real calls, not stubs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.js';
import { deleteKeys, e2ePrefix, SHARED_REDIS_URL, startCachedGateway } from '../e2e-cache/helpers.js';
import { READ, refOf, resourcesOf, TAG } from './helpers.js';

const prefix = e2ePrefix('writes-racing-read');
let gw: TestGateway;

beforeAll(async () => {
  gw = await startCachedGateway({
    prefix,
    env: {
      RESPONSE_CACHE_TTL_S: '3600',
      CACHE_TTL_LIST_TAG_RESOURCES_S: '3600',
      CACHE_TTL_ECS_LIST_TAG_RESOURCES_S: '3600',
    },
  });
});
afterAll(async () => {
  await gw?.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

const valuesOf = (answer: { data?: any }, key: string): string[] =>
  (answer.data?.resources?.[0]?.tags?.edges ?? [])
    .map((e: { node: { key: string; value: string } }) => e.node)
    .filter((t: { key: string }) => t.key === key)
    .map((t: { value: string }) => t.value);

it('a query that read before a write and answered after it is not cached: the next read shows the write', async () => {
  const [resource] = resourcesOf(gw.sim, 'instance', 1);
  const refs = [refOf(resource!)];
  // A loaded machine may deliver the query after the write (no race): such an attempt proves nothing; retry.
  for (let attempt = 1; attempt <= 5; attempt++) {
    const value = `after-${attempt}`;
    // The query's call is answered (old tags) on receipt and sent 1.5 s later.
    gw.sim.setFaults({ latencyMs: 1_500 });
    const racing = gw.query(READ, { refs });
    await sleep(300 * attempt);
    gw.sim.setFaults({ latencyMs: 0 });
    const written = await gw.query(TAG, { input: { refs, tags: [{ key: 'race', value }] } });
    expect(written.errors).toBeUndefined();
    expect(written.data.tagResources.failures).toEqual([]);
    if (valuesOf(await racing, 'race').includes(value)) continue;

    const next = await gw.query(READ, { refs });
    expect(valuesOf(next, 'race')).toEqual([value]);
    return;
  }
  throw new Error('the query never read before the write in 5 attempts');
});
