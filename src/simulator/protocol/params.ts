/** Parameter reading shared by the operations: presence, lengths, indexed names (`Tag.N.Key`), integers. */
import { errors } from '../errors.js';
import { ECS_TYPES } from '../inventory/ecs.js';
import type { EcsResourceType } from '../types.js';

/** A parameter's value; an empty value counts as absent (as the cloud treats `Name=`). */
export function present(params: Record<string, string>, name: string): string | undefined {
  const v = params[name];
  return v === undefined || v === '' ? undefined : v;
}

/** Length in characters (code points), as the cloud counts tag keys and values. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Reserved prefixes and URLs are refused in tag keys and values by every tag operation: neither may start
 * with `aliyun` or `acs:`, nor contain `http://` or `https://` (the cloud's tag rules).
 */
export function malformedTagText(s: string): boolean {
  return s.startsWith('aliyun') || s.startsWith('acs:') || s.includes('http://') || s.includes('https://');
}

/**
 * Groups the parameters matching `pattern` (group 1: the index N, optional group 2: a field name such as
 * `Key`) by N. `checkIndex` sees every N (NaN when it is not a positive integer) and throws for one it
 * refuses. Entries hold each field's value ('' is the key of a pattern without a field group).
 */
export function byIndex(
  params: Record<string, string>,
  pattern: RegExp,
  checkIndex: (n: number, name: string) => void,
): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  for (const [name, value] of Object.entries(params)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const n = /^[1-9][0-9]{0,5}$/.test(m[1]!) ? Number(m[1]) : NaN;
    checkIndex(n, name);
    const entry = out.get(n) ?? {};
    entry[m[2] ?? ''] = value;
    out.set(n, entry);
  }
  return out;
}

/** An optional integer parameter in [min, max] (decimal digits only), `def` when absent; else InvalidParameter. */
export function integerParam(
  params: Record<string, string>,
  name: string,
  min: number,
  max: number,
  def: number,
): number {
  const raw = present(params, name);
  if (raw === undefined) return def;
  const n = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw errors.invalidParameter(name, `It must be an integer from ${min} to ${max}.`);
  }
  return n;
}

/** The ECS operations' RegionId (required, known) and ResourceType (required, one of the five, lower-case). */
export function ecsRegionAndType(
  params: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): { regionId: string; resourceType: EcsResourceType } {
  const regionId = present(params, 'RegionId');
  if (regionId === undefined) throw errors.missingParameter('RegionId');
  if (!isKnownRegion(regionId)) throw errors.regionNotFound();
  const resourceType = present(params, 'ResourceType');
  if (resourceType === undefined) throw errors.missingParameter('ResourceType');
  if (!(ECS_TYPES as readonly string[]).includes(resourceType)) throw errors.resourceTypeNotFound();
  return { regionId, resourceType: resourceType as EcsResourceType };
}
