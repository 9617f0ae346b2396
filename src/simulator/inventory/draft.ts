/**
 * What the resource families share while one inventory is generated: the single PRNG (every family draws
 * from it in a fixed order, which is what makes an inventory reproducible from its seed), the set of IDs
 * handed out, the app owners, and the resources drafted so far.
 */
import { Rng } from './prng.js';
import type { ClusterDetails, InventoryResource } from '../types.js';
import { LOWER_ALNUM, PEOPLE, TEAMS } from './vocabulary.js';

export type Tags = Map<string, string>;

export interface Draft {
  service: 'ecs' | 'cs';
  type: InventoryResource['type'];
  regionId: string;
  resourceId: string;
  name: string;
  tags: Tags;
  /** clusters only */
  cluster?: ClusterDetails;
}

export class Generation {
  readonly rng: Rng;
  readonly drafts: Draft[] = [];
  /** the owner (an e-mail) of each app */
  readonly appOwner = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(
    seed: number,
    /** inventory size multiplier */
    readonly size: number,
  ) {
    this.rng = new Rng(seed);
    for (const team of TEAMS)
      for (const app of team.apps) this.appOwner.set(app, `${this.rng.pick(PEOPLE)}@example.com`);
  }

  /** Draws IDs with `make` until one is new (collisions are astronomically rare, but IDs must be unique). */
  uniqueId(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** A new ECS ID: prefix, "-", the region's infix and 18 lower-case letters and digits. */
  ecsId(prefix: string, infix: string): string {
    return this.uniqueId(() => `${prefix}-${infix}${this.rng.chars(18, LOWER_ALNUM)}`);
  }

  /** `n` resources at size 1 scaled by `share` and the size, at least one. */
  scaled(n: number, share: number): number {
    return Math.max(1, Math.round(n * share * this.size));
  }

  add(draft: Draft): Draft {
    this.drafts.push(draft);
    return draft;
  }
}
