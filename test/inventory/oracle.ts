/**
 * Expected answers of `resourceInventory` and `tagHygiene`, computed from the simulator's inventory dump
 * (GET /__simulator/inventory) with the documented rules restated here, never with gateway code.
 */
import type { InventoryFile, InventoryResource } from '../../src/simulator/index.js';

export type Res = InventoryResource;
export const KINDS = [
  'ECS_INSTANCE',
  'ECS_DISK',
  'ECS_IMAGE',
  'ECS_SECURITY_GROUP',
  'ECS_SNAPSHOT',
  'ACK_CLUSTER',
] as const;
export type Kind = (typeof KINDS)[number];
export const TYPE: Record<Kind, string> = {
  ECS_INSTANCE: 'instance',
  ECS_DISK: 'disk',
  ECS_IMAGE: 'image',
  ECS_SECURITY_GROUP: 'securitygroup',
  ECS_SNAPSHOT: 'snapshot',
  ACK_CLUSTER: 'cluster',
};

export async function inventoryDump(simUrl: string): Promise<InventoryFile> {
  const res = await fetch(`${simUrl}/__simulator/inventory`);
  return (await res.json()) as InventoryFile;
}

/** The docs' system tags: `acs:*`, `aliyun*`, `ack.aliyun.com`. */
export const isSystem = (key: string) => key.startsWith('acs:') || key.startsWith('aliyun') || key === 'ack.aliyun.com';
export const userTagsOf = (r: Res) => r.tags.filter((t) => !isSystem(t.key));

export function inScope(inv: InventoryFile, regionIds: string[], kinds: readonly Kind[] = KINDS): Res[] {
  return inv.resources.filter((r) => regionIds.includes(r.regionId) && kinds.some((k) => TYPE[k] === r.type));
}

/** The documented order: kinds, then regions as given; within, the sets are compared (listing order is the cloud's). */
export function groups(resources: Res[], regionIds: string[], kinds: readonly Kind[] = KINDS): string[][] {
  return kinds.flatMap((k) =>
    regionIds.map((g) =>
      resources
        .filter((r) => r.type === TYPE[k] && r.regionId === g)
        .map((r) => r.resourceId)
        .sort(),
    ),
  );
}

export const norm = (s: string) => s.trim().toLowerCase();

/** Key variants: normalized key → spellings (user tags), only where more than one. */
export function keyVariantsOf(resources: Res[]): Array<Array<[string, number]>> {
  const m = new Map<string, Map<string, number>>();
  for (const r of resources)
    for (const t of userTagsOf(r)) {
      const s = m.get(norm(t.key)) ?? new Map<string, number>();
      s.set(t.key, (s.get(t.key) ?? 0) + 1);
      m.set(norm(t.key), s);
    }
  return [...m.entries()]
    .filter(([, s]) => s.size > 1)
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([, s]) => [...s].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

/** Value variants: [key, spellings] where one key's values differ only by case or surrounding spaces. */
export function valueVariantsOf(resources: Res[]): Array<[string, Array<[string, number]>]> {
  const m = new Map<string, Map<string, Map<string, number>>>();
  for (const r of resources)
    for (const t of userTagsOf(r)) {
      const byNorm = m.get(t.key) ?? new Map<string, Map<string, number>>();
      const s = byNorm.get(norm(t.value)) ?? new Map<string, number>();
      s.set(t.value, (s.get(t.value) ?? 0) + 1);
      byNorm.set(norm(t.value), s);
      m.set(t.key, byNorm);
    }
  const cmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return [...m.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .flatMap(([key, byNorm]) =>
      [...byNorm.entries()]
        .filter(([, s]) => s.size > 1)
        .sort(([a], [b]) => cmp(a, b))
        .map(([, s]): [string, Array<[string, number]>] => [key, [...s].sort(([a], [b]) => cmp(a, b))]),
    );
}
