/**
 * yoga's parse caches, bounded by bytes. yoga keeps the last 1,024 documents it parsed (and the last 1,024 parse
 * errors) for an hour, bounded by count only: a parsed document costs about 80 bytes per character of its text
 * (every token is kept), and a parse error holds the whole text, so 1,024 distinct large documents (each up to
 * MAX_BODY_BYTES) held gigabytes — the hardening fuzz found it. Here both caches are bounded by an estimate of
 * their bytes too; a document too large for the budget is simply parsed again next time.
 */
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

const MiB = 1024 * 1024;
/** Byte budget of each cache (parsed documents; parse errors). */
export const PARSE_CACHE_MAX_BYTES = 16 * MiB;
const MAX_ENTRIES = 1_024;
const TTL_MS = 3_600_000;
/** Measured with graphql 16: a parsed document holds ~80 bytes per source character (nodes, tokens, the text). */
const DOCUMENT_BYTES_PER_CHAR = 80;
/** An error holds the source text (UTF-16) and little else. */
const ERROR_BYTES_PER_CHAR = 2;
const ERROR_OVERHEAD_BYTES = 1_024;

export function boundedParserCache(maxBytes = PARSE_CACHE_MAX_BYTES) {
  return {
    documentCache: new LRUCache<string, DocumentNode>({
      max: MAX_ENTRIES,
      ttl: TTL_MS,
      maxSize: maxBytes,
      sizeCalculation: (_doc, text) => Math.max(1, text.length * DOCUMENT_BYTES_PER_CHAR),
    }),
    errorCache: new LRUCache<string, Error>({
      max: MAX_ENTRIES,
      ttl: TTL_MS,
      maxSize: maxBytes,
      sizeCalculation: (_error, text) => text.length * ERROR_BYTES_PER_CHAR + ERROR_OVERHEAD_BYTES,
    }),
  };
}
