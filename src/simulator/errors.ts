/**
 * Every error code the simulator answers, in one table, for both styles.
 *
 * The same ApiError is rendered by the RPC layer as `{RequestId, HostId, Code, Message, Recommend}` (JSON, or
 * `<Error>` XML when Format=XML) and by the ROA (CS) layer as `{code, message, requestId, status}`.
 *
 * | code                          | status | raised by                                                          |
 * |-------------------------------|--------|--------------------------------------------------------------------|
 * | MissingParameter              | 400    | a required common/operation parameter (or ROA Date/nonce header) absent or empty |
 * | IncompleteSignature           | 400    | SignatureMethod != HMAC-SHA1, SignatureVersion != 1.0, ROA Authorization absent/malformed |
 * | InvalidTimeStamp.Format       | 400    | Timestamp (RPC) / Date (ROA) not well formed                        |
 * | InvalidTimeStamp.Expired      | 400    | Timestamp / Date more than clockSkewToleranceS (900 s) away          |
 * | InvalidAccessKeyId.NotFound   | 404    | unknown AccessKeyId                                                 |
 * | SignatureDoesNotMatch         | 400    | signature mismatch (message carries the server's string to sign)    |
 * | SignatureNonceUsed            | 400    | nonce seen before for that key within the tolerance window          |
 * | ContentMD5NotMatched          | 400    | ROA content-md5 header differs from the body's MD5                  |
 * | InvalidVersion                | 404    | RPC Version != 2014-05-26; ROA x-acs-version != 2015-12-15          |
 * | InvalidAction.NotFound        | 404    | unknown RPC Action, ROA method/path other than GET /tags, unknown path |
 * | InvalidRegionId.NotFound      | 404    | RegionId / region_id not a known region                             |
 * | InvalidResourceType.NotFound  | 404    | DescribeTags ResourceType not one of disk|instance|image|securitygroup|snapshot |
 * | InvalidTagKey.Malformed       | 400    | Tag.n.Key (or a CS `tags` key) empty, >128 chars, `aliyun`/`acs:` prefix, http(s):// |
 * | InvalidTagValue.Malformed     | 400    | Tag.n.Value (or a CS `tags` value) >128 chars, `aliyun`/`acs:`, http(s)://     |
 * | InvalidParameter              | 400    | Tag.n with n outside 1..5, bad PageNumber/PageSize; ListTagResources bad resource_ids/resource_type/tags/next_token |
 * | Throttling.User               | 400    | over the per-key QPS limit (faults.qpsPerKey)                       |
 * | ServiceUnavailable            | 503    | injected failure (faults.errorRate)                                 |
 * | InternalError                 | 500    | a bug in the simulator (never expected)                             |
 * | RequestEntityTooLarge         | 413    | request body over 1 MiB                                             |
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
  throttled: () => new ApiError('Throttling.User', 400, 'Request was denied due to user flow control.'),
  serviceUnavailable: () =>
    new ApiError('ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.'),
  internal: () =>
    new ApiError(
      'InternalError',
      500,
      'The request processing has failed due to some unknown error, exception or failure.',
    ),
  tooLarge: () => new ApiError('RequestEntityTooLarge', 413, 'The request body is too large.'),
} as const;

export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : errors.internal();
}
