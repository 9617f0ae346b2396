/** The simulator's control API (/__simulator/…), seen from the bench process. */
import type { Ref } from './queries.js';

interface InventoryResource {
  service: string;
  type: string;
  regionId: string;
  resourceId: string;
}

export async function clearCalls(simUrl: string): Promise<void> {
  await fetch(`${simUrl}/__simulator/calls`, { method: 'DELETE' });
}

/** Upstream calls logged since the last `clearCalls` (the simulator keeps up to 100 000). */
export async function countCalls(simUrl: string): Promise<number> {
  const res = await fetch(`${simUrl}/__simulator/calls`);
  return ((await res.json()) as unknown[]).length;
}

/** Waits (at most `maxMs`) until no call has been logged for 600 ms: requests a timed run cut off have ended. */
export async function settle(simUrl: string, maxMs = 15_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  for (;;) {
    const now = await countCalls(simUrl);
    if (now === last || Date.now() > deadline) return;
    last = now;
    await new Promise((r) => setTimeout(r, 600));
  }
}

/** `n` ECS instances of one region, from the simulator's inventory. */
export async function instances(simUrl: string, regionId: string, n: number): Promise<Ref[]> {
  const res = await fetch(`${simUrl}/__simulator/inventory`);
  const inventory = (await res.json()) as { resources: InventoryResource[] };
  const found = inventory.resources
    .filter((r) => r.service === 'ecs' && r.type === 'instance' && r.regionId === regionId)
    .slice(0, n)
    .map((r) => ({ regionId: r.regionId, resourceId: r.resourceId }));
  if (found.length < n) throw new Error(`the simulator has only ${found.length} instances in ${regionId}`);
  return found;
}

/** The GraphQL kind of each ECS resource type of the inventory. */
const ECS_KINDS: Record<string, string> = {
  instance: 'ECS_INSTANCE',
  disk: 'ECS_DISK',
  securityGroup: 'ECS_SECURITY_GROUP',
};

export interface KindRef extends Ref {
  kind: string;
}

/** Every ECS instance, disk and security group of the inventory, in every region, as `resources` refs. */
export async function ecsRefs(simUrl: string): Promise<KindRef[]> {
  const res = await fetch(`${simUrl}/__simulator/inventory`);
  const inventory = (await res.json()) as { resources: InventoryResource[] };
  return inventory.resources
    .filter((r) => r.service === 'ecs' && ECS_KINDS[r.type])
    .map((r) => ({ kind: ECS_KINDS[r.type]!, regionId: r.regionId, resourceId: r.resourceId }));
}
