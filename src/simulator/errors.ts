/**
 * Every error code the simulator answers, and every behaviour it had to choose, in one place, with sources.
 *
 * The same ApiError is rendered by the RPC layer as `{RequestId, HostId, Code, Message, Recommend}` (JSON, or
 * `<Error>` XML when Format=XML) and by the ROA (CS) layer as `{code, message, requestId, status}`.
 *
 * Sources: [sig] the RPC and ROA signature pages (see signature-rpc.ts, signature-roa.ts); [DT] ECS
 * DescribeTags; [ELTR] ECS ListTagResources, https://www.alibabacloud.com/help/en/ecs/api-listtagresources;
 * [ETR] ECS TagResources (the ECS tag APIs' codes),
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources;
 * [CLTR] CS ListTagResources, https://api.aliyun.com/#product=CS&api=ListTagResources&type=ROA&version=2015-12-15;
 * [DC] CS DescribeClustersV1,
 * https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-query-information-about-all-clusters;
 * [EL] the ECS listing pages, Chinese edition of the public ECS docs repository (GitHub SkyeYXL/ecs,
 * cn.zh-CN/API参考/): 实例/DescribeInstances.md, 块存储/DescribeDisks.md (also shoppWeb/ecs intl.zh-CN), 镜像/DescribeImages.md,
 * 安全组/DescribeSecurityGroups.md, 快照/DescribeSnapshots.md (read for this table; newer editions may add NextToken paging);
 * [ref] the project's API reference (alibaba-apis.md, STS: codes seen, statuses unconfirmed, 400 the usual class);
 * [codes] the cloud's common codes (API Error Center, https://error-center.alibabacloud.com); "chosen" = no
 * source was found: the simulator's choice, which a client must not depend on.
 *
 * | code                          | status | raised by                                                          | source |
 * |-------------------------------|--------|--------------------------------------------------------------------|--------|
 * | MissingParameter              | 400    | a required common/operation parameter (or ROA Date/nonce header) absent or empty; ECS ListTagResources with neither ResourceId.N nor Tag.N | [codes]; the ListTagResources case chosen |
 * | IncompleteSignature           | 400    | SignatureMethod != HMAC-SHA1, SignatureVersion != 1.0, ROA Authorization absent/malformed | [sig] [codes] |
 * | InvalidTimeStamp.Format       | 400    | Timestamp (RPC) / Date (ROA) not well formed                        | [codes] |
 * | InvalidTimeStamp.Expired      | 400    | Timestamp / Date more than clockSkewToleranceS (900 s) away          | [codes] |
 * | InvalidAccessKeyId.NotFound   | 404    | unknown AccessKeyId                                                 | [codes] |
 * | SignatureDoesNotMatch         | 400    | signature mismatch (message carries the server's string to sign)    | [codes] |
 * | SignatureNonceUsed            | 400    | nonce seen before for that key within the tolerance window          | [codes] |
 * | ContentMD5NotMatched          | 400    | ROA content-md5 header differs from the body's MD5                  | chosen |
 * | InvalidVersion                | 404    | RPC Version != 2014-05-26; ROA x-acs-version != 2015-12-15          | chosen |
 * | InvalidAction.NotFound        | 404    | unknown RPC Action; ROA method/path other than GET|PUT|DELETE /tags, GET /api/v1/clusters | [codes] |
 * | InvalidRegionId.NotFound      | 404    | RegionId / region_id not a known region (every operation)           | [DT]; CS chosen |
 * | InvalidResourceType.NotFound  | 404    | DescribeTags / ECS ListTagResources ResourceType not one of disk|instance|image|securitygroup|snapshot | [DT]; ListTagResources chosen |
 * | InvalidTagKey.Malformed       | 400    | Tag.n.Key (or a CS `tags` key) empty, >128 chars, `aliyun`/`acs:` prefix, http(s):// | [DT] [ETR] |
 * | InvalidTagValue.Malformed     | 400    | Tag.n.Value (or a CS `tags` value) >128 chars, `aliyun`/`acs:`, http(s)://     | [DT] |
 * | InvalidParameter.TagValue     | 400    | ECS ListTagResources Tag.N.Value without Tag.N.Key                  | [ELTR] |
 * | NumberExceed.ResourceIds      | 400    | ECS ListTagResources / TagResources / UntagResources ResourceId.N with N > 50 (CS writes: > 50 resource_ids) | [ETR]; CS chosen |
 * | NumberExceed.Tags             | 400    | ECS ListTagResources / TagResources Tag.N, UntagResources TagKey.N with N > 20 (CS writes: > 20 tags / tag_keys) | [ETR]; CS chosen |
 * | Duplicate.TagKey              | 400    | ECS ListTagResources / TagResources, CS TagResources: the same key twice | [ETR]; CS chosen |
 * | InvalidParameter              | 400    | DescribeTags Tag.n with n outside 1..5, bad PageNumber/PageSize; an ECS listing's bad PageNumber/PageSize, Tag.N with N not an integer, any NextToken/MaxResults; ECS ListTagResources N not an integer, bad NextToken; CS ListTagResources bad resource_ids/resource_type/tags/next_token; DescribeClustersV1 bad name/cluster_type/profile/page_size/page_number | chosen |
 * | InvalidTagCount               | 400    | an ECS listing's Tag.N with N > 20                                  | [EL] |
 * | InvalidTag.Mismatch           | 400    | an ECS listing's Tag.N.Value without its Tag.N.Key                  | [EL] |
 * | InvalidStatus.ValueNotSupported | 400  | an ECS listing's Status not one of the type's documented statuses (nor All) | [EL] (DescribeDisks' code, used for every listing: chosen) |
 * | InvalidImageOwnerAlias.ValueNotSupported | 400 | DescribeImages ImageOwnerAlias not system/self/others/marketplace | [EL] |
 * | MissingParameter.RegionId / .ResourceType / .Tags | 404 | ECS TagResources / UntagResources without RegionId, ResourceType, or (TagResources) Tag.N | [ETR] |
 * | InvalidResourceId.NotFound    | 404    | ECS TagResources / UntagResources: a ResourceId.N not in RegionId as ResourceType (tenant's inventory) | [ETR] |
 * | OperationDenied.QuotaExceed   | 400    | TagResources (ECS and CS): a resource would carry more than 20 tags | [ETR]; CS chosen |
 * | ErrorClusterNotFound          | 404    | CS TagResources / UntagResources: a resource_ids entry not a cluster of region_id | [DC] code; status chosen |
 * | Throttling.User               | 400    | over the per-key QPS limit (faults.qpsPerKey), or injected (faults.throttleRate) | [codes] |
 * | Forbidden.RAM                 | 403    | an operation in the key's `deny` list (SimulatorKey.deny: a RAM policy without that action), after authentication and throttling | [codes]; the per-key deny list chosen |
 * | ServiceUnavailable            | 503    | injected failure (faults.errorRate)                                 | [codes] |
 * | InternalError                 | 500    | a bug in the simulator (never expected)                             | [codes] |
 * | RequestEntityTooLarge         | 413    | request body over 1 MiB                                             | chosen |
 * | InvalidSecurityToken.Malformed | 400   | a SecurityToken / x-acs-security-token the simulator neither issued nor was configured with (sts.ts) | [ref] codes; status chosen |
 * | InvalidSecurityToken.MismatchWithAccessKey | 400 | a token issued for or configured with another AccessKeyId     | [ref] codes; status chosen |
 * | InvalidSecurityToken.Expired  | 400    | an issued token past its expiry                                     | [ref] codes; status chosen |
 *
 * Behaviours:
 *
 * | behaviour                                                                            | source |
 * |--------------------------------------------------------------------------------------|--------|
 * | DescribeTags: Tag.1..5 ANDed, key without value = any value; PageSize 1..100, default 50 | [DT] |
 * | DescribeTags: order by TagKey then TagValue (byte order); a page past the end is empty | chosen |
 * | CS ListTagResources: resource_type CLUSTER; tags ≤ 20; JSON-array query values; next_token | [CLTR] |
 * | CS ListTagResources: ≤ 50 resource_ids; all tags of each matching cluster; 50 items a page (pageSizeCs); order resource_id, key, value | chosen |
 * | ECS ListTagResources: RegionId, lower-case ResourceType, ResourceId.N ≤ 50, Tag.N ≤ 20 exact and ANDed, key only = any value, one of ResourceId.N / Tag.N required, NextToken, rows {ResourceId, ResourceType, TagKey, TagValue} | [ELTR] |
 * | ECS ListTagResources: by tag, only the rows of the filter keys; 50 rows a page (pageSizeEcs); order ResourceId, key, value; empty NextToken on the last page; only the five resource types above | chosen |
 * | DescribeClustersV1: GET /api/v1/clusters; filters region_id, cluster_id, name, cluster_type, profile, cluster_spec; page_size/page_number; answer {clusters, page_info}; the 15 states | [DC] |
 * | DescribeClustersV1: exact name match; no region_id = every region; page_size 1..100, default 10; newest created first, then cluster_id | chosen |
 * | DescribeClustersV1: an unknown cluster_id is an empty list, not ErrorClusterNotFound (a filter of a list operation; no source found either way: ErrorClusterNotFound is documented for the operations that address one cluster by path). The gateway's loader reads both answers as "not listed" (NOT_FOUND) | chosen |
 * | ECS listings (DescribeInstances, DescribeDisks, DescribeImages, DescribeSecurityGroups, DescribeSnapshots): RegionId; PageNumber from 1; PageSize default 10, max 100 (security groups 50); Tag.N.Key/Value N 1..20; items with ID, name, Status (none for security groups), CreationTime, Tags.Tag[] {TagKey, TagValue}; TotalCount; statuses Running/Stopped/Starting/Stopping/Pending, In_use/Available/Attaching/Detaching/Creating/ReIniting, Available/Creating/UnAvailable/CreateFailed, accomplished/progressing/failed | [EL] |
 * | DescribeSecurityGroups lists by security group ID, descending | [EL] |
 * | DescribeImages: ImageOwnerAlias system/self/others/marketplace, absent = system+self+others; Status a comma list, default Available | [EL] |
 * | ECS listings: the other four by ID in byte order; a page past the end is empty; only own images (any alias but self lists nothing); Status `All`/`all` = every status; NextToken/MaxResults (DescribeDisks documents them, MaxResults 1..500) refused: the simulator pages by number | chosen |
 * | ECS listings' CreationTime: UTC, instances to the minute (`2017-12-10T04:04Z`), others to the second | [EL] examples |
 * | Generated ECS resources' status and creation time (inventory/ecs-details.ts); the hygiene resources (inventory/hygiene.ts) | chosen |
 * | Tag writes: ECS TagResources (RegionId, ResourceType, ResourceId.N ≤ 50, Tag.N.Key/Value ≤ 20; a key already on the resource takes the new value), UntagResources (TagKey.N ≤ 20 or All=true; absent keys ignored); answer {RequestId} | [ETR] |
 * | Tag writes: CS `PUT /tags` (JSON body region_id, resource_type CLUSTER, resource_ids, tags; values non-empty and, like keys, without aliyun/acs:), `DELETE /tags` (query region_id, resource_type, resource_ids and tag_keys as JSON arrays, all=true); answer {request_id} | [ref] Writes; answer shape chosen |
 * | Tag writes: ECS values may start with aliyun/acs: (only keys are refused); values ≤ 128, no http(s):// | [ref] Tag rules |
 * | Tag writes, ECS UntagResources / CS DELETE: neither keys nor all → MissingParameter (400); both → InvalidParameter | chosen |
 * | Tag writes: whether one failing resource (not found, over quota) fails the whole call is undocumented. Default `whole-call`: nothing is written and the call answers that resource's code. `faults.tagWriteFailures = 'per-resource'` writes every other resource and still answers the first failure's code (IDs named in the message). A client must handle both | [ETR] (undocumented); chosen |
 * | Tag writes apply at once: every read (DescribeTags counts, ListTagResources both ways, DescribeClustersV1, /__simulator/inventory) sees the next inventory | chosen (the cloud's propagation delay is undocumented) |
 * | Page tokens are HMAC-signed and bound to the tenant and the query (page-tokens.ts)    | chosen |
 * | Generated clusters' type/spec/profile/state/created (inventory/cluster-details.ts)   | chosen |
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const errors = {
  missingParameter: (name: string) =>
    new ApiError(
      'MissingParameter',
      400,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    ),
  incompleteSignature: (detail: string) =>
    new ApiError('IncompleteSignature', 400, `The request signature does not conform to Aliyun standards. ${detail}`),
  timestampFormat: () =>
    new ApiError('InvalidTimeStamp.Format', 400, 'Specified time stamp or date value is not well formatted.'),
  timestampExpired: () =>
    new ApiError('InvalidTimeStamp.Expired', 400, 'Specified time stamp or date value is expired.'),
  accessKeyNotFound: () => new ApiError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.'),
  signatureDoesNotMatch: (stringToSign: string) =>
    new ApiError(
      'SignatureDoesNotMatch',
      400,
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    ),
  nonceUsed: () => new ApiError('SignatureNonceUsed', 400, 'Specified signature nonce was used already.'),
  contentMd5: () =>
    new ApiError('ContentMD5NotMatched', 400, 'Specified content md5 is not matched with your request body.'),
  invalidVersion: (name: string) => new ApiError('InvalidVersion', 404, `Specified parameter ${name} is not valid.`),
  actionNotFound: () =>
    new ApiError('InvalidAction.NotFound', 404, 'Specified api is not found, please check your url and method.'),
  regionNotFound: () =>
    new ApiError('InvalidRegionId.NotFound', 404, 'The RegionId provided does not exist in our records.'),
  resourceTypeNotFound: () =>
    new ApiError('InvalidResourceType.NotFound', 404, 'The ResourceType provided does not exist in our records.'),
  tagKeyMalformed: (name: string) => new ApiError('InvalidTagKey.Malformed', 400, `The parameter ${name} is illegal.`),
  tagValueMalformed: (name: string) =>
    new ApiError('InvalidTagValue.Malformed', 400, `The parameter ${name} is illegal.`),
  invalidParameter: (name: string, why: string) =>
    new ApiError('InvalidParameter', 400, `The specified parameter "${name}" is not valid. ${why}`),
  tagValueWithoutKey: (name: string) =>
    new ApiError('InvalidParameter.TagValue', 400, `The parameter ${name} is given without its Tag.N.Key.`),
  numberExceeded: (what: 'ResourceIds' | 'Tags', max: number) =>
    new ApiError(`NumberExceed.${what}`, 400, `The maximum number of ${what} is exceeded: at most ${max} are allowed.`),
  tagCount: () => new ApiError('InvalidTagCount', 400, 'The specified tags are beyond the permitted range.'),
  tagMismatch: (name: string) =>
    new ApiError('InvalidTag.Mismatch', 400, `The specified Tag.n.Key and Tag.n.Value are not match (${name}).`),
  statusNotSupported: () =>
    new ApiError('InvalidStatus.ValueNotSupported', 400, 'The specified status is not supported.'),
  imageOwnerAliasNotSupported: () =>
    new ApiError(
      'InvalidImageOwnerAlias.ValueNotSupported',
      400,
      'The specified ImageOwnerAlias value is not supported.',
    ),
  duplicateTagKey: (name: string) => new ApiError('Duplicate.TagKey', 400, `The parameter ${name} repeats a tag key.`),
  missingWriteParameter: (name: 'RegionId' | 'ResourceType' | 'Tags') =>
    new ApiError(`MissingParameter.${name}`, 404, `The input parameter ${name} that is mandatory is not supplied.`),
  resourceIdNotFound: (ids: readonly string[]) =>
    new ApiError('InvalidResourceId.NotFound', 404, `The specified resource is not found: ${ids.join(', ')}.`),
  tagQuotaExceeded: (ids: readonly string[]) =>
    new ApiError('OperationDenied.QuotaExceed', 400, `The tag quota of the resource is exceeded: ${ids.join(', ')}.`),
  clusterNotFound: (ids: readonly string[]) =>
    new ApiError('ErrorClusterNotFound', 404, `The specified cluster is not found: ${ids.join(', ')}.`),
  throttled: () => new ApiError('Throttling.User', 400, 'Request was denied due to user flow control.'),
  forbiddenRam: () =>
    new ApiError(
      'Forbidden.RAM',
      403,
      'User not authorized to operate on the specified resource, or this API does not support RAM.',
    ),
  serviceUnavailable: () =>
    new ApiError('ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.'),
  internal: () =>
    new ApiError(
      'InternalError',
      500,
      'The request processing has failed due to some unknown error, exception or failure.',
    ),
  tooLarge: () => new ApiError('RequestEntityTooLarge', 413, 'The request body is too large.'),
  securityTokenMalformed: () =>
    new ApiError('InvalidSecurityToken.Malformed', 400, 'Specified SecurityToken is malformed.'),
  securityTokenExpired: () => new ApiError('InvalidSecurityToken.Expired', 400, 'Specified SecurityToken is expired.'),
  securityTokenMismatch: () =>
    new ApiError(
      'InvalidSecurityToken.MismatchWithAccessKey',
      400,
      'Specified SecurityToken mismatch with the AccessKey.',
    ),
} as const;

export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : errors.internal();
}
