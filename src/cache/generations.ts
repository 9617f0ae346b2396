/**
 * Generation tokens per (tenant, region, kind): part of every upstream cache key (keys.ts `withGeneration`), so a
 * write that bumps one makes every cached answer that could include its resources unreachable at once, and nothing
 * else. With Redis the tokens live in Redis (one hash per tenant, `<prefix>gen:<identity>`) and are read on every
 * lookup (concurrent identical reads share one round trip), so every replica sees a bump as soon as the write's
 * bump returns, give or take a read already in flight; without Redis they live in the process.
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

/**
 * With Redis: concurrent reads of the same tokens share one HMGET (issue 18: 32 concurrent catalog requests sent four
 * each, one round trip apiece). A read that starts while another is in flight joins it, so it may miss a bump applied
 * by another replica during that one round trip; this process's own bump drops the reads in flight for its tenant,
 * so its next lookups read the new tokens.
 */
export function createRedisGenerations(redis: RedisCommands, keyPrefix: string): Generations {
  const hash = (identity: string) => `${keyPrefix}gen:${identity}`;
  const inFlight = new Map<string, Promise<string>>();
  const forget = (identity: string) => {
    for (const key of inFlight.keys()) if (key.startsWith(`${hash(identity)}\n`)) inFlight.delete(key);
  };
  return {
    read(identity, regionId, kinds) {
      const fields = kinds.map((k) => field(regionId, k));
      const key = `${hash(identity)}\n${fields.join('\n')}`;
      let read = inFlight.get(key);
      if (!read) {
        read = redis.command('HMGET', (c) => c.hmget(hash(identity), ...fields)).then(joined);
        inFlight.set(key, read);
        const done = () => {
          if (inFlight.get(key) === read) inFlight.delete(key);
        };
        read.then(done, done);
      }
      return read;
    },
    async bump(identity, regionId, kinds) {
      forget(identity);
      const values = kinds.flatMap((k) => [field(regionId, k), randomUUID()]);
      await redis.command('HSET', (c) => c.hset(hash(identity), ...values));
      await redis.command('PEXPIRE', (c) => c.pexpire(hash(identity), GENERATION_TTL_MS));
      // Again: a read that started during the bump may have been sent before it.
      forget(identity);
    },
  };
}
