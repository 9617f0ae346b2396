/** Inventory files (`inventoryFile`, `SIMULATOR_INVENTORY_FILE`) and given inventories: reading and validation. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ClusterState, InventoryFile } from '../types.js';
import { CLUSTER_PROFILES, CLUSTER_STATES, CLUSTER_TYPES } from './cluster-details.js';

const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

/** A cluster's DescribeClustersV1 fields; each optional (missing ones read as DEFAULT_CLUSTER_DETAILS). */
const clusterSchema = z
  .object({
    clusterType: enumOf(CLUSTER_TYPES),
    clusterSpec: z.string().min(1),
    profile: enumOf(CLUSTER_PROFILES),
    state: enumOf<ClusterState>(CLUSTER_STATES),
    created: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time'),
  })
  .strict()
  .partial();

/** An ECS resource's listing fields; each optional (missing ones read as in `ecsDetailsOf`). */
const ecsSchema = z
  .object({
    status: z.string().min(1),
    created: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time'),
  })
  .strict()
  .partial();

const tagSchema = z.object({ key: z.string().min(1).max(128), value: z.string().max(128) });
const resourceSchema = z
  .object({
    service: z.enum(['ecs', 'cs']),
    type: z.enum(['instance', 'disk', 'image', 'securitygroup', 'snapshot', 'cluster']),
    regionId: z.string().min(1),
    resourceId: z.string().min(1),
    name: z.string().optional(),
    tags: z.array(tagSchema),
    cluster: clusterSchema.optional(),
    ecs: ecsSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.service === 'cs') !== (r.type === 'cluster')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `service ${r.service} cannot have type ${r.type}` });
    }
    if (r.cluster && r.type !== 'cluster') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `only clusters have cluster details (${r.resourceId})` });
    }
    if (r.ecs && r.type === 'cluster') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `clusters have no ECS details (${r.resourceId})` });
    }
    const keys = new Set<string>();
    for (const t of r.tags) {
      if (keys.has(t.key)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `duplicate tag key ${t.key}` });
      keys.add(t.key);
    }
  });
export const inventorySchema = z
  .object({ regions: z.array(z.string().min(1)), resources: z.array(resourceSchema) })
  .superRefine((inv, ctx) => {
    const ids = new Set<string>();
    inv.resources.forEach((r, i) => {
      if (ids.has(r.resourceId)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['resources', i],
          message: `duplicate resourceId ${r.resourceId}`,
        });
      }
      ids.add(r.resourceId);
    });
  });

/** Validates an inventory object; throws an Error listing the problems. */
export function parseInventory(value: unknown, source = 'inventory'): InventoryFile {
  const parsed = inventorySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Invalid ${source}:\n${lines.join('\n')}`);
}

export function loadInventoryFile(path: string): InventoryFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read inventory file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`Inventory file ${path} is not JSON: ${(e as Error).message}`);
  }
  return parseInventory(json, `inventory file ${path}`);
}
