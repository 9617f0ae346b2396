/**
 * BENCH_SOAK=1: 60 s of load on one gateway process (memory store), its RSS read every second, twice: as shipped
 * (the Dockerfile's NODE_OPTIONS, i.e. its heap flag) and with no heap flag. The workload rotates over 100 distinct
 * catalog pages and the resources query, so the response cache and the upstream cache both fill, hit and (response
 * cache TTL 5 s) expire during the run: a leak shows as a floor (the lowest RSS of each 15 s window) that climbs.
 *
 * Why both (issue 18): RSS saws with the old generation. V8 lets it grow to a multiple of what is live before it
 * collects, and the multiple follows the heap limit: up to 4× with Node's own limit on a large host (RSS between
 * about 200 and 260 MB every 5 s here, live heap 40 MB), about 1.3× with the image's --max-old-space-size=320. One
 * sample a second sees the saw; one every 5 s (the period of the saw) lands anywhere on it.
 */
import { readFileSync } from 'node:fs';
import { drive } from './load.js';
import type { Proc } from './procs.js';
import { rssOf } from './procs.js';
import { body, RESOURCES_2 } from './queries.js';
import { startTarget } from './targets.js';

const SOAK_S = 60;
const EVERY_S = 1;

export interface SoakSample {
  atS: number;
  rssMb: number;
}

export interface SoakRun {
  name: string;
  samples: SoakSample[];
}

/** The NODE_OPTIONS the image runs with (the Dockerfile's `ENV NODE_OPTIONS=…`). */
export function shippedNodeOptions(): string {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const options = /NODE_OPTIONS=(\S+)/.exec(dockerfile)?.[1];
  if (!options) throw new Error('the Dockerfile sets no NODE_OPTIONS');
  return options;
}

export async function soak(sim: Proc, running: Set<Proc>): Promise<SoakRun[]> {
  const shipped = shippedNodeOptions();
  return [
    { name: `as shipped (${shipped})`, samples: await soakOnce(sim, running, shipped) },
    { name: 'no heap flag', samples: await soakOnce(sim, running, '') },
  ];
}

async function soakOnce(sim: Proc, running: Set<Proc>, nodeOptions: string): Promise<SoakSample[]> {
  const catalog = readFileSync(new URL('../../examples/operations/tagCatalog.graphql', import.meta.url), 'utf8');
  const target = await startTarget(
    {
      name: 'soak',
      target: 'gateway',
      store: 'memory',
      env: { RESPONSE_CACHE_TTL_S: '5', NODE_OPTIONS: nodeOptions },
      body: '',
    },
    sim.url,
  );
  running.add(target);
  const samples: SoakSample[] = [];
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
  // A last reading after the load stopped is not part of the soak.
  const within = samples.filter((s) => s.atS <= SOAK_S);
  const every5 = within.filter((s) => s.atS % 5 === 0);
  console.log(
    `soak (${nodeOptions || 'no flag'}): ${every5.map((s) => `${s.atS}s ${s.rssMb.toFixed(0)} MB`).join(', ')}`,
  );
  return within;
}
