/**
 * Read your writes across replicas: gateway A (this process) and gateway B (a forked process) share one Redis and
 * one simulator. Every read on B is warm; each round writes through A and reads through B at once: tags, the
 * `taggedResources` list and `tagValues` counts must be the simulator's truth every time (0 stale answers over 200
 * random rounds). Entries of another region and another kind are still served from the upstream cache afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryResource, type Simulator } from '../../src/simulator/index.js';
import type { TestGateway } from '../support/gateway.js';
import {
  deleteKeys,
  e2ePrefix,
  PATIENT_REDIS_TIMEOUT_MS,
  post,
  SHARED_REDIS_URL,
  startCachedGateway,
} from '../e2e-cache/helpers.js';
import { forkGateway, stopChild } from '../e2e-cache/gateway-fork.js';
import { refOf, type Ref } from './helpers.js';

const CURSOR_SECRET = 'two-replicas-cursor-secret-0123';
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const LONG_TTLS = {
  CACHE_TTL_DESCRIBE_TAGS_S: '3600',
  CACHE_TTL_LIST_TAG_RESOURCES_S: '3600',
  CACHE_TTL_ECS_LIST_TAG_RESOURCES_S: '3600',
  CACHE_TTL_DESCRIBE_CLUSTERS_S: '3600',
  RESPONSE_CACHE_TTL_S: '3600',
};
const prefix = e2ePrefix('writes-two-replicas');
let sim: Simulator;
let a: TestGateway;
let child: ChildProcess | undefined;
let bUrl = '';

const TAGS = `query Tags($refs: [ResourceRefInput!]!) {
  resources(refs: $refs) { id resourceId tags(first: 50) { edges { node { key value } } } }
}`;
const TAGGED = `query Tagged($regionIds: [String!]!) {
  taggedResources(regionIds: $regionIds, kinds: [ECS_INSTANCE, ACK_CLUSTER], tags: [{ key: "round" }], first: 100) {
    totalCount edges { node { id resourceId } }
  }
}`;
const VALUES = `query Values($regionIds: [String!]!) {
  tagValues(regionIds: $regionIds, key: "round", kind: ECS_INSTANCE, first: 50) {
    totalCount edges { node { value resourceCount } }
  }
}`;
const TAG = `mutation T($input: TagResourcesInput!) { tagResources(input: $input) { calls failures { code } } }`;
const UNTAG = `mutation U($input: UntagResourcesInput!) { untagResources(input: $input) { calls failures { code } } }`;
const KEYS = `query Keys($regionIds: [String!]!, $kind: EcsResourceKind!) {
  tagKeys(regionIds: $regionIds, kind: $kind, first: 5) { totalCount edges { node { key resourceCount } } }
}`;

async function startB(): Promise<string> {
  const started = await forkGateway({
    env: {
      UPSTREAM_URL: sim.url,
      UPSTREAM_MAX_ATTEMPTS: '1',
      REDIS_URL: SHARED_REDIS_URL,
      CACHE_KEY_PREFIX: prefix,
      CACHE_REDIS_COMMAND_TIMEOUT_MS: PATIENT_REDIS_TIMEOUT_MS,
      CURSOR_SECRET,
      MAX_UPSTREAM_CALLS: '100000',
      GATEWAY_PROCESS_LIFETIME_MS: '300000',
      ...LONG_TTLS,
    },
    readyTimeoutMs: 30_000,
  });
  child = started.child;
  return started.url;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [DEMO_KEY], size: 2 });
  a = await startCachedGateway({ sim, prefix, env: { CURSOR_SECRET, MAX_UPSTREAM_CALLS: '100000', ...LONG_TTLS } });
  bUrl = await startB();
}, 60_000);

afterAll(async () => {
  await stopChild(child);
  await a?.close();
  await sim?.close();
  await deleteKeys(SHARED_REDIS_URL, prefix);
});

/** A seeded PRNG (mulberry32): a failing run can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function regionWithMost(): string {
  const count = new Map<string, number>();
  for (const r of sim.inventory().resources)
    if (r.type === 'cluster') count.set(r.regionId, (count.get(r.regionId) ?? 0) + 1);
  return [...count].sort((x, y) => y[1] - x[1])[0]![0];
}

const find = (ref: Ref): InventoryResource =>
  sim.inventory().resources.find((r) => r.resourceId === ref.resourceId && r.regionId === ref.regionId)!;

/** The truth, from the simulator's inventory. */
function truth(refs: Ref[]) {
  const tags = refs.map((ref) =>
    Object.fromEntries(
      find(ref)
        .tags.map((t) => [t.key, t.value] as const)
        .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)),
    ),
  );
  const tagged = refs
    .filter((_, i) => tags[i]!.round !== undefined)
    .map((r) => r.resourceId)
    .sort();
  const counts: Record<string, number> = {};
  refs.forEach((ref, i) => {
    const v = tags[i]!.round;
    if (v !== undefined && ref.kind === 'ECS_INSTANCE') counts[v] = (counts[v] ?? 0) + 1;
  });
  return { tags, tagged, counts: sortedKeys(counts) };
}

function sortedKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

async function readB(refs: Ref[], region: string) {
  const [t, g, v] = await Promise.all([
    post(bUrl, TAGS, { refs }),
    post(bUrl, TAGGED, { regionIds: [region] }),
    post(bUrl, VALUES, { regionIds: [region] }),
  ]);
  for (const x of [t, g, v]) expect(x.body.errors).toBeUndefined();
  const tags = t.body.data.resources.map((r: any) =>
    Object.fromEntries(r.tags.edges.map((e: any) => [e.node.key, e.node.value])),
  );
  const tagged = g.body.data.taggedResources.edges.map((e: any) => e.node.resourceId).sort();
  const counts = Object.fromEntries(v.body.data.tagValues.edges.map((e: any) => [e.node.value, e.node.resourceCount]));
  return { tags, tagged, counts };
}

it(`0 stale answers on B over ${ROUNDS} random write-through-A rounds; other regions and kinds stay cached`, async () => {
  const region = regionWithMost();
  const inRegion = (type: string) => sim.inventory().resources.filter((r) => r.regionId === region && r.type === type);
  const refs = [...inRegion('instance').slice(0, 8), ...inRegion('cluster').slice(0, 3)].map(refOf);
  const disks = inRegion('disk').slice(0, 3).map(refOf);
  const otherRegion = [...new Set(sim.inventory().resources.map((r) => r.regionId))].find((r) => r !== region)!;
  const unrelated = async () => {
    const d = await post(bUrl, TAGS.replace('query Tags', 'query DiskTags'), { refs: disks });
    const k = await post(bUrl, KEYS, { regionIds: [otherRegion], kind: 'ECS_INSTANCE' });
    // (DescribeTags of the written region is not unrelated: its counts cover every ECS kind, so a write drops it.)
    return [d, k].map((x) => x.body.data);
  };
  // warm B
  const warmUnrelated = await unrelated();
  await readB(refs, region);

  const random = prng(20261207);
  const pick = () => refs.filter(() => random() < 0.4);
  let stale = 0;
  const staleRounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const chosen = pick();
    const targets = chosen.length > 0 ? chosen : [refs[round % refs.length]!];
    const write =
      random() < 0.65
        ? await post(a.url, TAG, {
            input: { refs: targets, tags: [{ key: 'round', value: `v${Math.floor(random() * 3)}` }] },
          })
        : await post(a.url, UNTAG, { input: { refs: targets, keys: ['round'] } });
    expect(write.body.errors).toBeUndefined();
    const seen = await readB(refs, region);
    const want = truth(refs);
    if (JSON.stringify(seen) !== JSON.stringify(want)) {
      stale++;
      if (stale === 1) console.log(JSON.stringify({ round, seen, want }));
      staleRounds.push(round);
    }
  }
  expect({ stale, staleRounds }).toEqual({ stale: 0, staleRounds: [] });

  // Unrelated entries: re-asked in new documents (response-cache misses), answered from the upstream cache.
  sim.clearCalls();
  const again = await unrelated();
  expect(again).toEqual(warmUnrelated);
  const d2 = await post(bUrl, TAGS.replace('query Tags', 'query DiskTagsAgain'), { refs: disks });
  const k2 = await post(bUrl, KEYS.replace('query Keys', 'query KeysAgain'), {
    regionIds: [otherRegion],
    kind: 'ECS_INSTANCE',
  });
  expect(d2.body.errors ?? k2.body.errors).toBeUndefined();
  expect(sim.calls().map((c) => [c.operation, c.regionId, c.params])).toEqual([]);
}, 240_000);
