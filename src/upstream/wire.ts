/** Reading an answer against its wire schema, inside the attempt, so an unreadable one is retried and logged. */
import type { z } from 'zod';
import { badResponse } from './error-map.js';
import type { Operation } from './errors.js';
import type { TagFilter } from './types.js';

/**
 * pop-core's ROA client returns a non-JSON answer of any status as a string instead of throwing (its ROAClient
 * throws only for an `application/json` answer with status ≥ 400);
 * a proxy's HTML 502 or an empty body lands here as BadResponse, like JSON of the wrong shape.
 */
export function readWire<S extends z.ZodTypeAny>(operation: Operation, schema: S, raw: unknown): z.infer<S> {
  if (typeof raw === 'string') throw badResponse(operation, raw === '' ? 'empty body' : 'the answer was not JSON');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badResponse(operation, 'unexpected shape');
  return parsed.data as z.infer<S>;
}

/** RPC tag filters as ECS reads them: `Tag.N.Key` and, when a value is given, `Tag.N.Value` (N from 1). */
export function rpcTagParams(tags: TagFilter[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  tags?.forEach((tag, i) => {
    params[`Tag.${i + 1}.Key`] = tag.key;
    if (tag.value !== undefined) params[`Tag.${i + 1}.Value`] = tag.value;
  });
  return params;
}
