/**
 * Fault injection for API calls (never for /__simulator/*): a per-AccessKeyId token bucket (burst = qps,
 * at least 1), added latency, a fraction answered 503 ServiceUnavailable, a fraction answered `Throttling.User`
 * whatever the rate (throttling storms), how tag writes fail (`tagWriteFailures`), and a fraction whose socket is destroyed without an answer. Settable at start, by `setFaults`, by `POST /__simulator/faults` and by env
 * in main.ts. Changing `qpsPerKey` resets every bucket.
 */
import { z } from 'zod';
import type { SimulatorFaults } from './types.js';

export const faultsSchema = z
  .object({
    qpsPerKey: z.number().finite().min(0),
    latencyMs: z.number().finite().min(0).max(600_000),
    errorRate: z.number().min(0).max(1),
    dropRate: z.number().min(0).max(1),
    throttleRate: z.number().min(0).max(1),
    tagWriteFailures: z.enum(['whole-call', 'per-resource']),
  })
  .strict()
  .partial();

export const NO_FAULTS: SimulatorFaults = { qpsPerKey: 0, latencyMs: 0, errorRate: 0, dropRate: 0 };

export type FaultDecision = 'drop' | 'error' | 'throttle' | null;

export class Faults {
  private current: SimulatorFaults = { ...NO_FAULTS };
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    initial: Partial<SimulatorFaults> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.set(initial);
  }

  get settings(): SimulatorFaults {
    return { ...this.current };
  }

  /** Validates and merges; throws an Error naming the bad fields. */
  set(partial: unknown): SimulatorFaults {
    const parsed = faultsSchema.safeParse(partial);
    if (!parsed.success) {
      throw new Error(
        `Invalid faults: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
    }
    const next = { ...this.current };
    Object.assign(next, Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)));
    if (next.qpsPerKey !== this.current.qpsPerKey) this.buckets.clear();
    this.current = next;
    return this.settings;
  }

  /** Decided once per API call, on arrival: drop wins over error, error over throttling. */
  decide(): FaultDecision {
    if (this.current.dropRate > 0 && this.random() < this.current.dropRate) return 'drop';
    if (this.current.errorRate > 0 && this.random() < this.current.errorRate) return 'error';
    const throttle = this.current.throttleRate ?? 0;
    if (throttle > 0 && this.random() < throttle) return 'throttle';
    return null;
  }

  /** Takes a token for `accessKeyId`; false when over the QPS limit. */
  admit(accessKeyId: string, now = Date.now()): boolean {
    const qps = this.current.qpsPerKey;
    if (qps <= 0) return true;
    const capacity = Math.max(1, qps);
    const b = this.buckets.get(accessKeyId) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * qps);
    b.at = now;
    this.buckets.set(accessKeyId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get tagWriteFailures(): 'whole-call' | 'per-resource' {
    return this.current.tagWriteFailures ?? 'whole-call';
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }
}
