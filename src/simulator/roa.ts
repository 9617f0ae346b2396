/**
 * The ROA (CS) protocol layer: `GET /tags` (ListTagResources, list-tag-resources.ts),
 * `GET /api/v1/clusters` (DescribeClustersV1, describe-clusters.ts), and the writes `PUT /tags` (TagResources,
 * JSON body) and `DELETE /tags` (UntagResources) (cs-tag-writes.ts, applied to the tenant's inventory at once), with the query decoded (a repeated
 * name's values joined by "," as a client that signs arrays would), Authorization verification and the CS
 * answer shapes (`{code, message, requestId, status}` on errors, always application/json).
 *
 * Required headers: Authorization (`acs <AccessKeyId>:<signature>`), Date (RFC 1123, within the
 * tolerance), x-acs-signature-nonce (unique per key within the window), x-acs-version = 2015-12-15.
 * x-acs-signature-method / -version must be HMAC-SHA1 / 1.0 when present. content-md5, when present, must be
 * the body's MD5. STS: x-acs-security-token (signed as an x-acs-* header) must be one the simulator issued or
 * was configured with for that key (sts.ts).
 */
import type { ApiCall, ApiContext, HttpAnswer, RawRequest } from './api-call.js';
import { loggableParams } from './call-log.js';
import { describeClusters, parseDescribeClusters } from './operations/describe-clusters.js';
import { type CsTagWrite, parseCsTagResources, parseCsUntagResources } from './operations/cs-tag-writes.js';
import { tagWriteError } from './operations/ecs-tag-writes.js';
import { type ApiError, errors } from './errors.js';
import { listTagResources, parseListTagResources } from './operations/list-tag-resources.js';
import { present } from './protocol/params.js';
import { signaturesEqual } from './protocol/signature-rpc.js';
import {
  contentMd5,
  parseAuthorization,
  parseRfc1123,
  roaSignature,
  roaStringToSign,
} from './protocol/signature-roa.js';
import type { Tenant } from './accounts/tenants.js';
import type { CallOperation } from './types.js';
import { parseForm } from './util.js';

export const ROA_VERSION = '2015-12-15';

interface RoaOperation {
  /** the name in the call log */
  operation: CallOperation;
  /** validates the query and answers the JSON body; throws ApiError */
  run(tenant: Tenant, query: Record<string, string>, ctx: ApiContext, requestId: string, body: Buffer): unknown;
}

function writeCsTags(tenant: Tenant, w: CsTagWrite, ctx: ApiContext, requestId: string): object {
  const result = tenant.writeTags({ ...w, type: 'cluster', failures: ctx.tagWriteFailures() });
  if (result.failures.length > 0) throw tagWriteError(result.failures, (ids) => errors.clusterNotFound(ids));
  return { request_id: requestId };
}

/** A JSON body's top-level fields as strings (the call log's params and region of a PUT); {} when not JSON. */
function bodyFields(body: Buffer): Record<string, string> {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(json)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return out;
  } catch {
    return {};
  }
}

/** The operations by `METHOD path`. */
const ROA_OPERATIONS: Readonly<Record<string, RoaOperation>> = {
  'GET /tags': {
    operation: 'ListTagResources',
    run: (tenant, query, ctx, requestId) => {
      const q = parseListTagResources(query, (r) => tenant.isKnownRegion(r));
      return listTagResources(tenant.index, tenant.key.accessKeyId, q, ctx.pageSizeCs, ctx.tokens, requestId);
    },
  },
  'PUT /tags': {
    operation: 'TagResources',
    run: (tenant, _query, ctx, requestId, body) =>
      writeCsTags(
        tenant,
        parseCsTagResources(body, (r) => tenant.isKnownRegion(r)),
        ctx,
        requestId,
      ),
  },
  'DELETE /tags': {
    operation: 'UntagResources',
    run: (tenant, query, ctx, requestId) =>
      writeCsTags(
        tenant,
        parseCsUntagResources(query, (r) => tenant.isKnownRegion(r)),
        ctx,
        requestId,
      ),
  },
  'GET /api/v1/clusters': {
    operation: 'DescribeClustersV1',
    run: (tenant, query) =>
      describeClusters(
        tenant.index,
        parseDescribeClusters(query, (r) => tenant.isKnownRegion(r)),
      ),
  },
};

/** Whether a path belongs to the ROA layer (with any method: a wrong one is answered InvalidAction.NotFound there). */
export function isRoaPath(path: string): boolean {
  return path === '/tags' || path === '/api/v1/clusters';
}

export function roaQuery(rawQuery: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [k, v] of parseForm(rawQuery)) query[k] = Object.hasOwn(query, k) ? `${query[k]},${v}` : v;
  return query;
}

export function csErrorAnswer(error: ApiError, requestId: string): HttpAnswer {
  return {
    status: error.status,
    code: error.code,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
    body: JSON.stringify({ code: error.code, message: error.message, requestId, status: error.status }),
  };
}

export function prepareRoa(req: RawRequest, ctx: ApiContext): ApiCall {
  const query = roaQuery(req.rawQuery);
  const h = req.headers;
  const auth = parseAuthorization(h.authorization);
  const route = `${req.method} ${req.path}`;
  const op = Object.hasOwn(ROA_OPERATIONS, route) ? ROA_OPERATIONS[route] : undefined;
  const logged = req.method === 'PUT' ? { ...bodyFields(req.body), ...query } : query;
  return {
    operation: op?.operation ?? 'Unknown',
    accessKeyId: auth?.accessKeyId ?? h['x-acs-accesskey-id'] ?? null,
    regionId: present(logged, 'region_id') ?? null,
    logParams: loggableParams(logged, 'roa', ctx.secrets),

    authenticate(now: number): Tenant {
      if (!op) throw errors.actionNotFound();
      if (h.authorization === undefined) throw errors.incompleteSignature('The Authorization header is missing.');
      if (!auth) throw errors.incompleteSignature('Authorization must be "acs <AccessKeyId>:<Signature>".');
      if (!h['x-acs-version']) throw errors.missingParameter('x-acs-version');
      if (h['x-acs-version'] !== ROA_VERSION) throw errors.invalidVersion('x-acs-version');
      const method = h['x-acs-signature-method'];
      if (method !== undefined && method !== 'HMAC-SHA1') {
        throw errors.incompleteSignature('x-acs-signature-method must be HMAC-SHA1.');
      }
      const version = h['x-acs-signature-version'];
      if (version !== undefined && version !== '1.0')
        throw errors.incompleteSignature('x-acs-signature-version must be 1.0.');
      if (!h.date) throw errors.missingParameter('Date');
      const date = parseRfc1123(h.date);
      if (date === null) throw errors.timestampFormat();
      if (Math.abs(now - date) > ctx.toleranceMs) throw errors.timestampExpired();
      const nonce = h['x-acs-signature-nonce'];
      if (!nonce) throw errors.missingParameter('x-acs-signature-nonce');
      const tenant = ctx.tenants.get(auth.accessKeyId);
      if (!tenant) throw errors.accessKeyNotFound();
      const stringToSign = roaStringToSign({ method: req.method, headers: h, path: req.path, query });
      const expected = roaSignature(stringToSign, tenant.key.accessKeySecret);
      if (!signaturesEqual(expected, auth.signature)) throw errors.signatureDoesNotMatch(stringToSign);
      ctx.securityTokens.check(h['x-acs-security-token'], tenant.key, now);
      if (h['content-md5'] !== undefined && h['content-md5'] !== contentMd5(req.body)) throw errors.contentMd5();
      if (!tenant.nonces.use(nonce, now)) throw errors.nonceUsed();
      return tenant;
    },

    execute(tenant: Tenant): HttpAnswer {
      if (!op) throw errors.actionNotFound();
      const body = op.run(tenant, query, ctx, req.requestId, req.body);
      return {
        status: 200,
        code: null,
        headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': req.requestId },
        body: JSON.stringify(body),
      };
    },

    renderError: (error: ApiError) => csErrorAnswer(error, req.requestId),
  };
}
