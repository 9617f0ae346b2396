/**
 * BENCH_SOAK=1: 60 s of load on one gateway process (memory store), RSS read every 5 s. The workload rotates
 * over 100 distinct catalog pages and the resources query, so the response cache and the upstream cache both
 * fill, hit and (response cache TTL 5 s) expire during the run: a leak shows as RSS that keeps climbing.
 */
import { drive } from './load.js';
import type { Proc } from './procs.js';
import { rssOf } from './procs.js';
import { body, RESOURCES_2 } from './queries.js';
import { startTarget } from './targets.js';
import { readFileSync } from 'node:fs';

const SOAK_S = 60;
const EVERY_S = 5;

export async function soak(sim: Proc, running: Set<Proc>): Promise<Array<{ atS: number; rssMb: number }>> {
  const catalog = readFileSync(new URL('../../examples/operations/tagCatalog.graphql', import.meta.url), 'utf8');
  const target = await startTarget(
    {
      name: 'soak',
      target: 'gateway',
      store: 'memory',
      env: { RESPONSE_CACHE_TTL_S: '5' },
      body: '',
    },
    sim.url,
  );
  running.add(target);
  const samples: Array<{ atS: number; rssMb: number }> = [];
  const started = Date.now();
  const timer = setInterval(
    () => samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMb: rssOf(target.pid) / 2 ** 20 }),
    EVERY_S * 1000,
  );
  try {
    await drive({
      url: target.url,
      body: (i) => (i % 2 ? RESOURCES_2 : body(catalog, { first: 1 + (i % 100) })),
      connections: 32,
      durationS: SOAK_S,
    });
  } finally {
    clearInterval(timer);
    await target.stop();
    running.delete(target);
  }
  console.log(`soak: ${samples.map((s) => `${s.atS}s ${s.rssMb.toFixed(0)} MB`).join(', ')}`);
  return samples;
}
