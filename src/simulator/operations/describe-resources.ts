/**
 * The ECS listing operations (RPC, 2014-05-26), one module driven by a table of the five:
 * DescribeInstances, DescribeDisks, DescribeImages, DescribeSecurityGroups, DescribeSnapshots. Each lists the
 * tenant's resources of one type in a region with their tags inline.
 *
 * Parameters: RegionId (required, known), PageNumber (>= 1, default 1), PageSize (1..max, default 10; max 100,
 * security groups 50), Tag.N.Key / Tag.N.Value (N = 1..20, exact, ANDed, a key alone matches any value),
 * `Status` where the type has one (a comma-separated list, `All`/`all` for every status; DescribeImages alone
 * defaults to `Available`), and for DescribeImages `ImageOwnerAlias` (system | self | others | marketplace;
 * absent = system, self and others). The inventory holds only the account's own images, so any alias but
 * `self` (or none) lists nothing. NextToken / MaxResults paging is refused (InvalidParameter): the simulator
 * pages by number only. Empty values count as absent.
 *
 * Answer: `{RequestId, TotalCount, PageNumber, PageSize, <List>: {<Item>: [{<Id>, <Name>, RegionId, Status,
 * CreationTime, Tags: {Tag: [{TagKey, TagValue}]}}]}}` (no Status for security groups; images add
 * `ImageOwnerAlias`). Order: security groups by ID, descending (documented); the others by ID in byte order
 * (chosen). A page past the end is an empty list. Sources and choices: errors.ts.
 */
import { errors } from '../errors.js';
import { ecsDetailsOf, ECS_STATUSES } from '../inventory/ecs-details.js';
import { carriesAll, compareFilters, type IndexedResource, type InventoryIndex } from '../inventory/inventory-index.js';
import type { TagFilter } from '../inventory/inventory-index.js';
import { byIndex, integerParam, present } from '../protocol/params.js';
import type { EcsListingOperation, EcsResourceType } from '../types.js';
import { byteCompare } from '../util.js';

export interface ListingKind {
  operation: EcsListingOperation;
  type: EcsResourceType;
  /** the answer's list and item element names, e.g. Instances / Instance */
  list: string;
  item: string;
  /** the item's ID and name fields */
  id: string;
  name: string;
  maxPageSize: number;
  order: 'asc' | 'desc';
}

export const LISTING_PAGE_SIZE_DEFAULT = 10;
export const LISTING_MAX_TAGS = 20;

export const LISTING_KINDS: Readonly<Record<EcsListingOperation, ListingKind>> = {
  DescribeInstances: {
    operation: 'DescribeInstances',
    type: 'instance',
    list: 'Instances',
    item: 'Instance',
    id: 'InstanceId',
    name: 'InstanceName',
    maxPageSize: 100,
    order: 'asc',
  },
  DescribeDisks: {
    operation: 'DescribeDisks',
    type: 'disk',
    list: 'Disks',
    item: 'Disk',
    id: 'DiskId',
    name: 'DiskName',
    maxPageSize: 100,
    order: 'asc',
  },
  DescribeImages: {
    operation: 'DescribeImages',
    type: 'image',
    list: 'Images',
    item: 'Image',
    id: 'ImageId',
    name: 'ImageName',
    maxPageSize: 100,
    order: 'asc',
  },
  DescribeSecurityGroups: {
    operation: 'DescribeSecurityGroups',
    type: 'securitygroup',
    list: 'SecurityGroups',
    item: 'SecurityGroup',
    id: 'SecurityGroupId',
    name: 'SecurityGroupName',
    maxPageSize: 50,
    order: 'desc',
  },
  DescribeSnapshots: {
    operation: 'DescribeSnapshots',
    type: 'snapshot',
    list: 'Snapshots',
    item: 'Snapshot',
    id: 'SnapshotId',
    name: 'SnapshotName',
    maxPageSize: 100,
    order: 'asc',
  },
};

const IMAGE_OWNER_ALIASES = ['system', 'self', 'others', 'marketplace'];

export interface ListingQuery {
  regionId: string;
  filters: TagFilter[];
  /** null: every status */
  statuses: string[] | null;
  /** false: an image alias that lists nothing here */
  ownImages: boolean;
  pageNumber: number;
  pageSize: number;
}

function readTagFilters(params: Record<string, string>): TagFilter[] {
  const tags = byIndex(params, /^Tag\.([^.]*)\.(Key|Value)$/, (n, name) => {
    if (Number.isNaN(n)) throw errors.invalidParameter(name, 'Tag.N: N must be a positive integer.');
    if (n > LISTING_MAX_TAGS) throw errors.tagCount();
  });
  const filters: TagFilter[] = [];
  for (const [n, { Key: key, Value: value }] of tags) {
    if (key === undefined || key === '') {
      if (value !== undefined && value !== '') throw errors.tagMismatch(`Tag.${n}.Value`);
      continue;
    }
    filters.push(value === undefined || value === '' ? { key } : { key, value });
  }
  return filters.sort(compareFilters);
}

function readStatuses(kind: ListingKind, params: Record<string, string>): string[] | null {
  const known = ECS_STATUSES[kind.type];
  if (known.length === 0) return null;
  // DescribeImages also takes Waiting and Deprecated as filters (no generated image is in either)
  const accepted = kind.type === 'image' ? [...known, 'Waiting', 'Deprecated'] : known;
  const raw = present(params, 'Status');
  if (raw === undefined) return kind.type === 'image' ? ['Available'] : null;
  const asked = raw.split(',').map((s) => s.trim());
  if (asked.some((s) => s.toLowerCase() === 'all')) return null;
  if (asked.some((s) => !accepted.includes(s))) throw errors.statusNotSupported();
  return asked;
}

/** Validates a listing's parameters (errors per errors.ts). */
export function parseListing(
  kind: ListingKind,
  params: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): ListingQuery {
  const regionId = present(params, 'RegionId');
  if (regionId === undefined) throw errors.missingParameter('RegionId');
  if (!isKnownRegion(regionId)) throw errors.regionNotFound();
  for (const name of ['NextToken', 'MaxResults']) {
    if (present(params, name) !== undefined)
      throw errors.invalidParameter(name, 'The simulator pages by PageNumber and PageSize only.');
  }
  const alias = kind.type === 'image' ? present(params, 'ImageOwnerAlias') : undefined;
  if (alias !== undefined && !IMAGE_OWNER_ALIASES.includes(alias)) throw errors.imageOwnerAliasNotSupported();
  return {
    regionId,
    filters: readTagFilters(params),
    statuses: readStatuses(kind, params),
    ownImages: alias === undefined || alias === 'self',
    pageNumber: integerParam(params, 'PageNumber', 1, 2_147_483_647, 1),
    pageSize: integerParam(params, 'PageSize', 1, kind.maxPageSize, LISTING_PAGE_SIZE_DEFAULT),
  };
}

type Item = Record<string, unknown>;

function toItem(kind: ListingKind, r: IndexedResource): Item {
  const d = ecsDetailsOf(r.resource);
  return {
    [kind.id]: r.resource.resourceId,
    [kind.name]: r.resource.name ?? '',
    RegionId: r.resource.regionId,
    ...(d.status === undefined ? {} : { Status: d.status }),
    CreationTime: d.created,
    ...(kind.type === 'image' ? { ImageOwnerAlias: 'self' } : {}),
    Tags: { Tag: r.sortedTags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}

/** Every matching resource in order (memoized per query shape: inventories never change). */
function allItems(index: InventoryIndex, kind: ListingKind, q: ListingQuery): readonly Item[] {
  const memoKey = JSON.stringify([kind.operation, q.regionId, q.filters, q.statuses, q.ownImages]);
  return index.memo.get(memoKey, () => {
    if (!q.ownImages) return [];
    const sign = kind.order === 'asc' ? 1 : -1;
    return (index.ecsByRegion.get(q.regionId) ?? [])
      .filter((r) => r.resource.type === kind.type && carriesAll(r, q.filters))
      .filter((r) => q.statuses === null || q.statuses.includes(ecsDetailsOf(r.resource).status ?? ''))
      .sort((a, b) => sign * byteCompare(a.resource.resourceId, b.resource.resourceId))
      .map((r) => toItem(kind, r));
  });
}

export function describeResources(
  index: InventoryIndex,
  kind: ListingKind,
  q: ListingQuery,
  requestId: string,
): Record<string, unknown> {
  const all = allItems(index, kind, q);
  const start = (q.pageNumber - 1) * q.pageSize;
  return {
    RequestId: requestId,
    TotalCount: all.length,
    PageNumber: q.pageNumber,
    PageSize: q.pageSize,
    ...(kind.type === 'image' || kind.type === 'securitygroup' ? { RegionId: q.regionId } : {}),
    [kind.list]: { [kind.item]: all.slice(start, start + q.pageSize) },
  };
}
