/**
 * The RPC (ECS) protocol layer: parameters from the query (GET) or the query plus the form body (POST; the
 * first occurrence of a name wins), signature v1.0 verification and the ECS answer shapes. Actions:
 * DescribeTags (describe-tags.ts), ListTagResources (ecs-list-tag-resources.ts), and the writes TagResources /
 * UntagResources (ecs-tag-writes.ts), applied to the tenant's inventory at once.
 * DescribeTags (describe-tags.ts), ListTagResources (ecs-list-tag-resources.ts) and the five listings
 * DescribeInstances, DescribeDisks, DescribeImages, DescribeSecurityGroups, DescribeSnapshots
 * (describe-resources.ts).
 *
 * Format: `JSON` (case-insensitive) answers JSON; anything else, and no Format at all, answers XML (the
 * cloud's default). STS: `SecurityToken` is signed like every other parameter and must be one the simulator
 * issued or was configured with for that AccessKeyId (sts.ts).
 */
import type { ApiCall, ApiContext, HttpAnswer, RawRequest } from './api-call.js';
import { loggableParams } from './call-log.js';
import { describeTags, parseDescribeTags } from './operations/describe-tags.js';
import { ecsListTagResources, parseEcsListTagResources } from './operations/ecs-list-tag-resources.js';
import {
  type EcsTagWrite,
  parseEcsTagResources,
  parseEcsUntagResources,
  tagWriteError,
} from './operations/ecs-tag-writes.js';
import { describeResources, LISTING_KINDS, parseListing } from './operations/describe-resources.js';
import { type ApiError, errors } from './errors.js';
import { present } from './protocol/params.js';
import { parseRpcTimestamp, rpcSignature, rpcStringToSign, signaturesEqual } from './protocol/signature-rpc.js';
import type { Tenant } from './accounts/tenants.js';
import type { CallOperation } from './types.js';
import { parseForm } from './util.js';
import { toXml, type XmlValue } from './protocol/xml.js';

export const RPC_VERSION = '2014-05-26';
export const RPC_HOST_ID = 'ecs.aliyuncs.com';
const REQUIRED_COMMON = [
  'Action',
  'Version',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
] as const;

interface RpcOperation {
  /** the name in the call log */
  operation: CallOperation;
  /** validates the parameters and answers the body (the `<Action>Response` element in XML); throws ApiError */
  run(tenant: Tenant, params: Record<string, string>, ctx: ApiContext, requestId: string): object;
}

const RPC_OPERATIONS: Readonly<Record<string, RpcOperation>> = {
  DescribeTags: {
    operation: 'DescribeTags',
    run: (tenant, params, _ctx, requestId) =>
      describeTags(
        tenant.index,
        parseDescribeTags(params, (r) => tenant.isKnownRegion(r)),
        requestId,
      ),
  },
  ListTagResources: {
    operation: 'EcsListTagResources',
    run: (tenant, params, ctx, requestId) => {
      const q = parseEcsListTagResources(params, (r) => tenant.isKnownRegion(r));
      return ecsListTagResources(tenant.index, tenant.key.accessKeyId, q, ctx.pageSizeEcs, ctx.tokens, requestId);
    },
  },
  TagResources: {
    operation: 'EcsTagResources',
    run: (tenant, params, ctx, requestId) =>
      writeEcsTags(
        tenant,
        parseEcsTagResources(params, (r) => tenant.isKnownRegion(r)),
        ctx,
        requestId,
      ),
  },
  UntagResources: {
    operation: 'EcsUntagResources',
    run: (tenant, params, ctx, requestId) =>
      writeEcsTags(
        tenant,
        parseEcsUntagResources(params, (r) => tenant.isKnownRegion(r)),
        ctx,
        requestId,
      ),
  },
  // DescribeInstances, DescribeDisks, DescribeImages, DescribeSecurityGroups, DescribeSnapshots: one table
  ...Object.fromEntries(
    Object.values(LISTING_KINDS).map((kind): [string, RpcOperation] => [
      kind.operation,
      {
        operation: kind.operation,
        run: (tenant, params, _ctx, requestId) =>
          describeResources(
            tenant.index,
            kind,
            parseListing(kind, params, (r) => tenant.isKnownRegion(r)),
            requestId,
          ),
      },
    ]),
  ),
};

/** Applies a parsed ECS write to the tenant's inventory; throws the failing resources' error (errors.ts). */
function writeEcsTags(tenant: Tenant, w: EcsTagWrite, ctx: ApiContext, requestId: string): object {
  const result = tenant.writeTags({
    regionId: w.regionId,
    type: w.resourceType,
    resourceIds: w.resourceIds,
    edit: w.edit,
    failures: ctx.tagWriteFailures(),
  });
  if (result.failures.length > 0) throw tagWriteError(result.failures, (ids) => errors.resourceIdNotFound(ids));
  return { RequestId: requestId };
}

export function rpcParams(req: RawRequest): Record<string, string> {
  const params: Record<string, string> = {};
  const add = (pairs: Array<[string, string]>) => {
    for (const [k, v] of pairs) if (!Object.hasOwn(params, k)) params[k] = v;
  };
  add(parseForm(req.rawQuery));
  if (req.method === 'POST' && req.body.length > 0) add(parseForm(req.body.toString('utf8')));
  return params;
}

export function prepareRpc(req: RawRequest, ctx: ApiContext): ApiCall {
  const params = rpcParams(req);
  const op =
    params.Action !== undefined && Object.hasOwn(RPC_OPERATIONS, params.Action)
      ? RPC_OPERATIONS[params.Action]
      : undefined;
  const json = (params.Format ?? '').toUpperCase() === 'JSON';

  const answer = (status: number, root: string, body: Record<string, XmlValue>, code: string | null): HttpAnswer => ({
    status,
    code,
    headers: {
      'content-type': json ? 'application/json;charset=utf-8' : 'text/xml;charset=utf-8',
      'x-acs-request-id': req.requestId,
    },
    body: json ? JSON.stringify(body) : toXml(root, body),
  });

  return {
    operation: op?.operation ?? 'Unknown',
    accessKeyId: present(params, 'AccessKeyId') ?? null,
    regionId: present(params, 'RegionId') ?? null,
    logParams: loggableParams(params, 'rpc', ctx.secrets),

    authenticate(now: number): Tenant {
      if (req.method !== 'GET' && req.method !== 'POST') throw errors.actionNotFound();
      for (const name of REQUIRED_COMMON) if (present(params, name) === undefined) throw errors.missingParameter(name);
      if (params.Version !== RPC_VERSION) throw errors.invalidVersion('Version');
      if (!op) throw errors.actionNotFound();
      if (params.SignatureMethod !== 'HMAC-SHA1')
        throw errors.incompleteSignature('SignatureMethod must be HMAC-SHA1.');
      if (params.SignatureVersion !== '1.0') throw errors.incompleteSignature('SignatureVersion must be 1.0.');
      const ts = parseRpcTimestamp(params.Timestamp!);
      if (ts === null) throw errors.timestampFormat();
      if (Math.abs(now - ts) > ctx.toleranceMs) throw errors.timestampExpired();
      const tenant = ctx.tenants.get(params.AccessKeyId!);
      if (!tenant) throw errors.accessKeyNotFound();
      const stringToSign = rpcStringToSign(req.method, params);
      const expected = rpcSignature(stringToSign, tenant.key.accessKeySecret);
      if (!signaturesEqual(expected, params.Signature!)) throw errors.signatureDoesNotMatch(stringToSign);
      ctx.securityTokens.check(params.SecurityToken, tenant.key, now);
      if (!tenant.nonces.use(params.SignatureNonce!, now)) throw errors.nonceUsed();
      return tenant;
    },

    execute(tenant: Tenant): HttpAnswer {
      if (!op) throw errors.actionNotFound();
      const body = op.run(tenant, params, ctx, req.requestId);
      return answer(200, `${params.Action}Response`, body as Record<string, XmlValue>, null);
    },

    renderError(error: ApiError): HttpAnswer {
      const body = {
        RequestId: req.requestId,
        HostId: RPC_HOST_ID,
        Code: error.code,
        Message: error.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=Ecs&requestId=${req.requestId}`,
      };
      return answer(error.status, 'Error', body, error.code);
    },
  };
}
