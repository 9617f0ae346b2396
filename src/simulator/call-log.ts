/**
 * The call log: one entry per API request (rejected ones included), kept in memory up to `max` entries
 * (oldest dropped first). Entries never hold secrets: RPC params lose Signature/AccessKeyId/SecurityToken/
 * SignatureNonce, and any value equal to a configured AccessKeySecret is replaced by "***".
 */
import type { CallFilter, CallLogEntry } from './types.js';

const RPC_HIDDEN = new Set(['Signature', 'AccessKeyId', 'SecurityToken', 'SignatureNonce']);
const MAX_VALUE_CHARS = 2048;

export function loggableParams(
  params: Record<string, string>,
  style: 'rpc' | 'roa',
  secrets: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (style === 'rpc' && RPC_HIDDEN.has(k)) continue;
    out[k] = secrets.has(v) ? '***' : v.length > MAX_VALUE_CHARS ? `${v.slice(0, MAX_VALUE_CHARS)}…` : v;
  }
  return out;
}

export class CallLog {
  private entries: CallLogEntry[] = [];
  private seq = 0;

  constructor(private readonly max = 100_000) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: CallLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.max * 1.1) this.entries = this.entries.slice(-this.max);
  }

  list(filter: CallFilter = {}): CallLogEntry[] {
    return this.entries
      .filter(
        (e) =>
          (filter.operation === undefined || e.operation === filter.operation) &&
          (filter.accessKeyId === undefined || e.accessKeyId === filter.accessKeyId) &&
          (filter.regionId === undefined || e.regionId === filter.regionId),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({ ...e, params: { ...e.params } }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** The largest number of entries whose [startedAt, endedAt) intervals overlap at one instant. */
export function maxConcurrency(entries: readonly Pick<CallLogEntry, 'startedAt' | 'endedAt'>[]): number {
  const events: Array<[number, number]> = [];
  for (const e of entries) {
    events.push([e.startedAt, 1], [e.endedAt, -1]);
  }
  // at equal times, ends (-1) before starts (+1): half-open intervals
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, d] of events) {
    current += d;
    if (current > max) max = current;
  }
  return max;
}
