/**
 * Random operations over the whole query surface, for the estimate-against-the-log replay (replay.test.ts): root
 * fields with random regions, kinds, tag filters, page sizes and directions, nested `tags`, `tagsFetchedAt`,
 * `totalCount` (sometimes behind `@include(if: false)` / `@skip(if: true)`), nested `resources` under catalog
 * entries and facets, and resource references drawn from the simulator's inventory. Seeded: the same seed gives the
 * same operations.
 */
import type { InventoryResource } from '../../src/simulator/index.js';

export const REGIONS = ['cn-hangzhou', 'cn-beijing', 'cn-shanghai', 'cn-shenzhen', 'ap-southeast-1'];
const ECS_KINDS = ['ECS_INSTANCE', 'ECS_DISK', 'ECS_IMAGE', 'ECS_SECURITY_GROUP', 'ECS_SNAPSHOT'];
const KIND_OF: Record<string, string> = {
  instance: 'ECS_INSTANCE',
  disk: 'ECS_DISK',
  image: 'ECS_IMAGE',
  securitygroup: 'ECS_SECURITY_GROUP',
  snapshot: 'ECS_SNAPSHOT',
  cluster: 'ACK_CLUSTER',
};
const TAGS: Record<string, string[]> = {
  env: ['prod', 'staging', 'dev', 'test', 'perf'],
  tier: ['web', 'db', 'mgmt', 'app'],
  'created-by': ['terraform', 'console', 'ros', 'packer'],
  sla: ['99.99', '99.9', '99.95'],
  network: ['vpc-isolated', 'vpc-shared'],
  os: ['centos-7', 'alinux-3', 'ubuntu-22.04'],
};

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class QueryMaker {
  constructor(
    private readonly rand: () => number,
    private readonly inventory: InventoryResource[],
  ) {}

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }
  private some<T>(items: readonly T[], lo: number, hi: number): T[] {
    const shuffled = [...items].sort(() => this.rand() - 0.5);
    return shuffled.slice(0, this.int(lo, Math.min(hi, items.length)));
  }
  private chance(p: number): boolean {
    return this.rand() < p;
  }
  private str(values: string[]): string {
    return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  }

  /** `totalCount`, sometimes switched off by a directive (which the estimate must honour). */
  private total(): string {
    if (!this.chance(0.4)) return '';
    return this.pick(['totalCount', 'totalCount @include(if: false)', 'totalCount @skip(if: true)', 'totalCount']);
  }
  private paging(max = 50): string {
    const n = this.int(1, max);
    return this.chance(0.8) ? `first: ${n}` : `last: ${n}`;
  }
  private nodeSel(): string {
    const parts = ['id'];
    if (this.chance(0.4)) parts.push(`tags(first: ${this.int(1, 10)}) { edges { node { key value } } }`);
    if (this.chance(0.3)) parts.push('tagsFetchedAt');
    if (this.chance(0.15)) parts.push('... on AckCluster { name state }');
    return parts.join(' ');
  }
  private matches(): string {
    const keys = this.some(Object.keys(TAGS), 1, 2);
    return `[${keys
      .map((k) =>
        this.chance(0.3) ? `{ key: "${k}" }` : `{ key: "${k}", values: ${this.str(this.some(TAGS[k]!, 1, 3))} }`,
      )
      .join(', ')}]`;
  }

  tagged(): string {
    const kinds = this.chance(0.3) ? '' : `kinds: [${this.some([...ECS_KINDS, 'ACK_CLUSTER'], 1, 3).join(', ')}], `;
    const without = this.chance(0.2) ? `without: [{ key: "${this.pick(Object.keys(TAGS))}" }], ` : '';
    return `taggedResources(regionIds: ${this.str(this.some(REGIONS, 1, 3))}, ${kinds}tags: ${this.matches()}, ${without}${this.paging()}) { edges { node { ${this.nodeSel()} } } ${this.total()} }`;
  }

  catalog(): string {
    const field = this.pick(['tagCatalog', 'tagKeys', 'tagValues']);
    const key = field === 'tagValues' ? `key: "${this.pick(Object.keys(TAGS))}", ` : '';
    const kind = this.chance(0.5) ? `kind: ${this.pick(ECS_KINDS)}, ` : '';
    const node =
      field === 'tagCatalog'
        ? 'key value resourceCount'
        : field === 'tagKeys'
          ? 'key valueCount'
          : 'value resourceCount';
    const nested =
      field !== 'tagKeys' && this.chance(0.3)
        ? ` resources(first: ${this.int(1, 5)}) { edges { node { id } } ${this.total()} }`
        : '';
    return `${field}(regionIds: ${this.str(this.some(REGIONS, 1, 2))}, ${key}${kind}${this.paging(30)}) { edges { node { ${node}${nested} } } ${this.total()} }`;
  }

  clusters(): string {
    const region = this.pick(REGIONS);
    const ids = this.chance(0.5)
      ? `clusterIds: ${this.str(
          this.some(
            this.inventory.filter((r) => r.type === 'cluster' && r.regionId === region).map((r) => r.resourceId),
            1,
            8,
          ),
        )}, `
      : '';
    return `ackClusters(regionId: "${region}", ${ids}first: ${this.int(1, 20)}) { edges { node { id ${this.chance(0.5) ? 'name' : ''} ${this.chance(0.5) ? 'tags(first: 5) { edges { node { key } } }' : ''} } } ${this.total()} }`;
  }

  resources(): string {
    const region = this.pick(REGIONS);
    const refs = this.some(
      this.inventory.filter((r) => r.regionId === region || this.chance(0.05)),
      1,
      this.chance(0.2) ? 200 : 20,
    );
    const list = refs.map(
      (r) => `{ kind: ${KIND_OF[r.type]}, regionId: "${r.regionId}", resourceId: "${r.resourceId}" }`,
    );
    return `resources(refs: [${list.join(', ')}]) { ${this.nodeSel()} }`;
  }

  /** One operation of 1 to 3 root fields (aliased). */
  operation(): string {
    const makers = [() => this.tagged(), () => this.catalog(), () => this.clusters(), () => this.resources()];
    const fields = Array.from({ length: this.int(1, 3) }, (_, i) => `f${i}: ${this.pick(makers)()}`);
    return `{ ${fields.join(' ')} }`;
  }
}
