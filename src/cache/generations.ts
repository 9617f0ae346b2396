/**
 * Generation tokens per (tenant, region, kind): part of every upstream cache key (keys.ts `withGeneration`), so a
 * write that bumps one makes every cached answer that could include its resources unreachable at once, and nothing
 * else. With Redis the tokens live in Redis (one hash per tenant, `<prefix>gen:<identity>`) and are read on every
 * lookup, so every replica sees a bump as soon as the write's bump returns; without Redis they live in the process.
 *
 * A token is random, not a counter: a hash lost to eviction reads as the initial token again, and the only entries
 * under that token are older than the hash's own lifetime (GENERATION_TTL_MS, past every entry TTL and SWR grace).
 */
import { randomUUID } from 'node:crypto';
import type { RedisCommands } from './responses/response-store.js';

/** What a generation counts: the ECS resource types, and `cluster` (ACK). */
export type GenerationKind = 'instance' | 'disk' | 'image' | 'securitygroup' | 'snapshot' | 'cluster';
export const ECS_GENERATION_KINDS: readonly GenerationKind[] = [
  'instance',
  'disk',
  'image',
  'securitygroup',
  'snapshot',
];

/** Longer than any entry can live (CACHE_TTL_* and CACHE_SWR_S are each at most 1 day). */
export const GENERATION_TTL_MS = 8 * 24 * 3600 * 1000;
/** Before any write: the keys are exactly those of a gateway without writes. */
export const INITIAL_GENERATION = '';

export interface Generations {
  /** The tokens of `kinds`, joined ('' while none was ever bumped); throws when the store cannot answer. */
  read(identity: string, regionId: string, kinds: readonly GenerationKind[]): Promise<string>;
  /** A new token for each kind. */
  bump(identity: string, regionId: string, kinds: readonly GenerationKind[]): Promise<void>;
}

/** The write generation some tag data was read under (undefined: it could not be read). */
export interface GenerationRead {
  identity: string;
  regionId: string;
  kinds: readonly string[];
  generation: string | undefined;
}

const field = (regionId: string, kind: GenerationKind) => `${regionId}|${kind}`;
const joined = (tokens: ReadonlyArray<string | null | undefined>) =>
  tokens.every((t) => !t) ? INITIAL_GENERATION : tokens.map((t) => t ?? '').join('.');

export function createMemoryGenerations(): Generations {
  const tokens = new Map<string, string>();
  return {
    read: (identity, regionId, kinds) =>
      Promise.resolve(joined(kinds.map((k) => tokens.get(`${identity}|${field(regionId, k)}`)))),
    bump: (identity, regionId, kinds) => {
      for (const k of kinds) tokens.set(`${identity}|${field(regionId, k)}`, randomUUID());
      return Promise.resolve();
    },
  };
}

export function createRedisGenerations(redis: RedisCommands, keyPrefix: string): Generations {
  const hash = (identity: string) => `${keyPrefix}gen:${identity}`;
  return {
    async read(identity, regionId, kinds) {
      const fields = kinds.map((k) => field(regionId, k));
      return joined(await redis.command('HMGET', (c) => c.hmget(hash(identity), ...fields)));
    },
    async bump(identity, regionId, kinds) {
      const values = kinds.flatMap((k) => [field(regionId, k), randomUUID()]);
      await redis.command('HSET', (c) => c.hset(hash(identity), ...values));
      await redis.command('PEXPIRE', (c) => c.pexpire(hash(identity), GENERATION_TTL_MS));
    },
  };
}
