/** Reading an answer against its wire schema, inside the attempt, so an unreadable one is retried and logged. */
import type { z } from 'zod';
import { badResponse } from './error-map.js';
import type { Operation } from './errors.js';

/**
 * pop-core's ROA client returns a non-JSON answer of any status as a string instead of throwing (reference §3);
 * a proxy's HTML 502 or an empty body lands here as BadResponse, like JSON of the wrong shape.
 */
export function readWire<S extends z.ZodTypeAny>(operation: Operation, schema: S, raw: unknown): z.infer<S> {
  if (typeof raw === 'string') throw badResponse(operation, raw === '' ? 'empty body' : 'the answer was not JSON');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badResponse(operation, 'unexpected shape');
  return parsed.data as z.infer<S>;
}
