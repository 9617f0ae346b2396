/**
 * Tenants: one per configured key, each with its own inventory (generated lazily on first use, or given)
 * and its own nonce memory. Inventories are deep-frozen: they are shared with callers, never copied. A tag write
 * replaces the inventory whole (`writeTags`): the index, and with it every memoized answer, is rebuilt at once, so
 * every read after the write sees it.
 */
import { buildIndex, type InventoryIndex } from '../inventory/inventory-index.js';
import { applyTagEdit, type TagEditRequest, type TagEditResult } from '../inventory/tag-edit.js';
import { generateInventory, tenantSeed } from '../inventory/generate.js';
import { KNOWN_REGIONS } from '../inventory/regions.js';
import { NonceStore } from './nonces.js';
import type { InventoryFile, SimulatorKey } from '../types.js';

export class Tenant {
  private built: { inventory: InventoryFile; index: InventoryIndex } | undefined;
  readonly nonces: NonceStore;

  constructor(
    readonly key: SimulatorKey,
    private readonly make: () => InventoryFile,
    nonceTtlMs: number,
  ) {
    this.nonces = new NonceStore(nonceTtlMs);
  }

  private ensure(): { inventory: InventoryFile; index: InventoryIndex } {
    if (!this.built) {
      const inventory = deepFreeze(this.make());
      this.built = { inventory, index: buildIndex(inventory) };
    }
    return this.built;
  }

  get inventory(): InventoryFile {
    return this.ensure().inventory;
  }

  get index(): InventoryIndex {
    return this.ensure().index;
  }

  /** Applies a tag edit; the next inventory (if any resource was written) replaces this one and its index. */
  writeTags(req: TagEditRequest): TagEditResult {
    const result = applyTagEdit(this.ensure().inventory, req);
    if (result.written > 0) {
      const inventory = deepFreeze(result.inventory);
      this.built = { inventory, index: buildIndex(inventory) };
    }
    return result;
  }

  /** Valid RegionIds for this tenant: every real region plus any region its inventory names. */
  isKnownRegion(regionId: string): boolean {
    return KNOWN_REGION_SET.has(regionId) || this.index.regions.has(regionId);
  }
}

const KNOWN_REGION_SET = new Set(KNOWN_REGIONS);

export class Tenants {
  private readonly byId = new Map<string, Tenant>();
  readonly defaultTenant: Tenant;

  constructor(opts: {
    keys: SimulatorKey[];
    seed: number;
    size: number;
    defaultInventory?: InventoryFile;
    nonceTtlMs: number;
  }) {
    if (opts.keys.length === 0) throw new Error('at least one key is required');
    opts.keys.forEach((key, i) => {
      if (this.byId.has(key.accessKeyId)) throw new Error(`duplicate AccessKeyId ${key.accessKeyId}`);
      const given = i === 0 ? opts.defaultInventory : undefined;
      const make = given
        ? () => structuredClone(given)
        : () => generateInventory(tenantSeed(opts.seed, key.accessKeyId, key.seed), opts.size);
      this.byId.set(key.accessKeyId, new Tenant({ ...key }, make, opts.nonceTtlMs));
    });
    this.defaultTenant = this.byId.get(opts.keys[0]!.accessKeyId)!;
  }

  get(accessKeyId: string): Tenant | undefined {
    return this.byId.get(accessKeyId);
  }

  /** Every configured secret, to keep them out of the call log. */
  secrets(): Set<string> {
    return new Set([...this.byId.values()].map((t) => t.key.accessKeySecret));
  }

  close(): void {
    for (const t of this.byId.values()) t.nonces.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
