/**
 * Read-your-writes: what a tag write (or a failed one that may have written) invalidates, in both cache layers.
 *
 * - Upstream layer: the generation of each written (tenant, region, kind) is bumped (generations.ts), so every
 *   cached answer that could include its resources is unreachable at once, on every replica sharing the store.
 * - Response layer: responses that showed a written resource (by entity), and responses of the types whose answers
 *   are lists or counts a write can change (by type: `taggedResources`, the catalog), are deleted.
 * - Other replicas: a Redis pub/sub message names the same scopes and entities; a replica that keeps responses in
 *   its own memory drops them on receipt. With Redis both layers live in Redis, so nothing on another replica
 *   outlives the write even before the message arrives; without Redis one process is exact by itself.
 */
import type { Logger } from 'pino';
import type { GenerationKind, GenerationRead, Generations } from './generations.js';
import type { ResponseStore } from './responses/response-store.js';
import type { RedisClient, RedisStore } from './stores/redis-store.js';

export interface WriteScope {
  /** The credential's identity (a non-secret hash). */
  identity: string;
  regionId: string;
  kind: GenerationKind;
}

/** Response-cache entities: a type alone drops every response that showed any object of it. */
export interface ResponseEntity {
  typename: string;
  id?: string;
}

export interface WriteInvalidator {
  invalidate(scopes: readonly WriteScope[], entities: readonly ResponseEntity[]): Promise<void>;
  /**
   * Whether no write has touched what a request read since it read it: a response whose data was read under an
   * older generation must not be stored, or a query racing a write would cache the old tags after the write's
   * invalidation ran. False when a generation could not be read.
   */
  unchangedSince(reads: Iterable<GenerationRead>): Promise<boolean>;
  /** Messages received from other replicas (tests, metrics). */
  readonly received: number;
  close(): Promise<void>;
}

interface Message {
  from: string;
  entities: ResponseEntity[];
}

export function createWriteInvalidator(o: {
  generations: Generations;
  /** unset: the response cache is off */
  responses?: ResponseStore;
  /** the responses live in this process only (no Redis): another replica's message must drop them here */
  localResponses: boolean;
  redis?: RedisStore;
  keyPrefix: string;
  logger: Logger;
}): WriteInvalidator {
  const channel = `${o.keyPrefix}tag-writes`;
  const me = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  let received = 0;
  let subscriber: RedisClient | undefined;
  if (o.redis) {
    const sub = o.redis.client.duplicate();
    subscriber = sub;
    sub.on('error', () => undefined);
    sub.on('ready', () => {
      sub.subscribe(channel).catch((err: unknown) => o.logger.warn({ err }, 'tag writes: subscribe failed'));
    });
    sub.on('message', (_channel: string, text: string) => {
      const message = parseMessage(text);
      if (!message || message.from === me) return;
      received++;
      if (o.localResponses) void o.responses?.invalidate(message.entities);
    });
  }
  // Concurrent checks of one scope share one read: 200 identical requests storing at once make one HMGET, not 200.
  const reading = new Map<string, Promise<string>>();
  const currentGeneration = (r: GenerationRead): Promise<string> => {
    const at = `${r.identity}|${r.regionId}|${r.kinds.join(',')}`;
    let pending = reading.get(at);
    if (!pending) {
      pending = o.generations
        .read(r.identity, r.regionId, r.kinds as GenerationKind[])
        .finally(() => reading.delete(at));
      reading.set(at, pending);
    }
    return pending;
  };
  return {
    get received() {
      return received;
    },
    async invalidate(scopes, entities) {
      const byRegion = new Map<string, WriteScope[]>();
      for (const s of scopes) {
        const at = `${s.identity}|${s.regionId}`;
        byRegion.set(at, [...(byRegion.get(at) ?? []), s]);
      }
      await Promise.all(
        [...byRegion.values()].map((group) =>
          o.generations.bump(group[0]!.identity, group[0]!.regionId, [...new Set(group.map((s) => s.kind))]),
        ),
      );
      await o.responses?.invalidate(entities);
      if (o.redis) {
        const message: Message = { from: me, entities: [...entities] };
        await o.redis.command('PUBLISH', (c) => c.publish(channel, JSON.stringify(message))).catch(() => undefined);
      }
    },
    async unchangedSince(reads) {
      const now = await Promise.all(
        [...reads].map(async (r) => r.generation !== undefined && (await currentGeneration(r)) === r.generation),
      ).catch(() => [false]);
      return now.every(Boolean);
    },
    async close() {
      subscriber?.disconnect();
    },
  };
}

function parseMessage(text: string): Message | undefined {
  try {
    const m = JSON.parse(text) as Partial<Message> | null;
    return m && typeof m.from === 'string' && Array.isArray(m.entities) ? (m as Message) : undefined;
  } catch {
    return undefined;
  }
}
