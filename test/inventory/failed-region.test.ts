/**
 * A report or list over several regions, one of which fails (`nowhere-1` passes the region-ID pattern but the
 * simulator answers InvalidRegionId.NotFound): the answer is an error, and once it is given the other regions'
 * walks have stopped — the simulator's call log stays still afterwards. With the cache off and 150 ms a call, the
 * good region's walks (several pages per kind) would otherwise go on reading pages after the answer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';

const s = useGateway({
  env: { RESPONSE_CACHE_TTL_S: '0', CACHE_ENABLED: 'false' },
  simulator: { faults: { latencyMs: 150 } },
});

const REGIONS = ['cn-hangzhou', 'nowhere-1'];

async function expectStillAfter(run: () => Promise<{ errors?: unknown[] }>) {
  s.gw.sim.clearCalls();
  const res = await run();
  expect(res.errors?.length).toBeGreaterThan(0);
  const atAnswer = s.gw.sim.calls().length;
  // The good region did start: a walk was under way when the bad one failed.
  expect(s.gw.sim.calls().some((c) => JSON.stringify(c).includes('cn-hangzhou'))).toBe(true);
  await sleep(500);
  expect(s.gw.sim.calls().length).toBe(atAnswer);
}

describe('a region that fails stops the others', () => {
  it('tagHygiene', async () => {
    await expectStillAfter(() => s.gw.query(`{ tagHygiene(regionIds: ${JSON.stringify(REGIONS)}) { resourceCount } }`));
  });

  it('resourceInventory totalCount', async () => {
    await expectStillAfter(() =>
      s.gw.query(`{ resourceInventory(regionIds: ${JSON.stringify(REGIONS)}, first: 1) { totalCount } }`),
    );
  });

  it('resourceInventory last', async () => {
    await expectStillAfter(() =>
      s.gw.query(`{ resourceInventory(regionIds: ${JSON.stringify(REGIONS)}, last: 1) { edges { cursor } } }`),
    );
  });
});
