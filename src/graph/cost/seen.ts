/**
 * What the estimate has seen of the data before it prices (issue 19, item 1): the first pages the read-ahead loaded
 * through the request's own loaders (read-ahead.ts), and what the pricing would like to see next. Pricing asks for a
 * page with `want` and gets it when it was read; otherwise the ask is noted, with whether execution is certain to
 * read that page (a lower bound of the calls to come, checked against the budget before any read-ahead).
 */
import { sortFilters } from '../../loaders/index.js';
import type {
  DescribeClustersResult,
  DescribeTagsResult,
  EcsResourceType,
  EcsResourcesResult,
  EcsTagResourcesResult,
  Tag,
  TagFilter,
} from '../../upstream/types.js';

/** A first page (or the one lookup) the estimate may read ahead. */
export type Ask =
  /** ECS ListTagResources by tag, page 1. */
  | { type: 'tagged'; regionId: string; resourceType: EcsResourceType; tags: TagFilter[] }
  /** DescribeInstances, DescribeDisks, …, page 1. */
  | { type: 'listing'; regionId: string; resourceType: EcsResourceType }
  /** DescribeClustersV1 of a region, page 1. */
  | { type: 'clusters'; regionId: string }
  /** DescribeTags, page 1 (a catalog, or the resource count of a listing's filters). */
  | { type: 'catalog'; regionId: string; resourceType: EcsResourceType; tags: TagFilter[] }
  /** `ackClusters(clusterIds:)`: the named clusters' tags (their filter call, or their tag lookups). */
  | { type: 'clusterIds'; regionId: string; clusterIds: string[]; tags: TagFilter[] };

export interface Pages {
  tagged: EcsTagResourcesResult;
  listing: EcsResourcesResult;
  clusters: DescribeClustersResult;
  catalog: DescribeTagsResult;
  /** Cluster ID → its tags (null: no such cluster); with filters, only the clusters that match. */
  clusterIds: Map<string, Tag[] | null>;
}

export interface Wanted {
  ask: Ask;
  /** True when execution reads it whatever the read-ahead shows (a call it makes anyway). */
  certain: boolean;
  /** Calls execution is certain to make for this list (its pages as last seen when it reads it whole; else 1). */
  floor: number;
}

export function keyOf(ask: Ask): string {
  switch (ask.type) {
    case 'tagged':
    case 'catalog':
      return JSON.stringify([ask.type, ask.regionId, ask.resourceType, sortFilters(ask.tags)]);
    case 'listing':
      return JSON.stringify([ask.type, ask.regionId, ask.resourceType]);
    case 'clusters':
      return JSON.stringify([ask.type, ask.regionId]);
    case 'clusterIds':
      return JSON.stringify([ask.type, ask.regionId, ask.clusterIds, sortFilters(ask.tags)]);
  }
}

export class Seen {
  readonly #pages = new Map<string, unknown>();
  readonly #wanted = new Map<string, Wanted>();

  /** An estimate that reads nothing ahead (estimate-only requests, fields whose input is not known good). */
  static readonly NONE = new Seen(false);

  constructor(private readonly asking = true) {}

  /**
   * The page when it was read; else undefined, and the ask is noted (unless it failed: it is not asked again).
   * `floor`: the calls execution is certain to make for the list it opens (counted only when `certain`).
   */
  want<A extends Ask>(ask: A, certain: boolean, floor = 1): Pages[A['type']] | undefined {
    const key = keyOf(ask);
    if (this.#pages.has(key)) {
      const page = this.#pages.get(key);
      return page instanceof Error ? undefined : (page as Pages[A['type']]);
    }
    if (!this.asking) return undefined;
    const before = this.#wanted.get(key);
    this.#wanted.set(key, {
      ask,
      certain: certain || before?.certain === true,
      floor: Math.max(certain ? floor : 0, before?.floor ?? 0),
    });
    return undefined;
  }

  /** The page when it was read (or undefined), without asking for it. */
  peek<A extends Ask>(ask: A): Pages[A['type']] | undefined {
    const page = this.#pages.get(keyOf(ask));
    return page === undefined || page instanceof Error ? undefined : (page as Pages[A['type']]);
  }

  /** What the last pricing asked for, and forgets it (the next pricing asks again for what it still lacks). */
  takeWanted(): Wanted[] {
    const all = [...this.#wanted.values()];
    this.#wanted.clear();
    return all;
  }

  /** A page read ahead, or its failure (execution meets the failure itself; the estimate prices it unseen). */
  record(ask: Ask, page: unknown): void {
    this.#pages.set(keyOf(ask), page);
  }

  get size(): number {
    return this.#pages.size;
  }
}
