/**
 * Page tokens for the operations that page with a token (CS `next_token`, ECS `NextToken`). Tokens are
 * stateless: base64url("offset:query fingerprint") + "." + HMAC, keyed per simulator instance, so a token
 * only works for the query (and tenant) it was issued for, and cannot be forged or edited.
 */
import { createHash, createHmac } from 'node:crypto';
import { errors } from '../errors.js';

export class PageTokens {
  constructor(private readonly secret: Buffer) {}

  /** A short digest of everything that identifies a query (the tenant included); the page position excluded. */
  fingerprint(parts: readonly unknown[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }

  issue(offset: number, fingerprint: string): string {
    const payload = `${offset}:${fingerprint}`;
    return `${Buffer.from(payload, 'utf8').toString('base64url')}.${this.mac(payload)}`;
  }

  /** The offset a token stands for, or throws InvalidParameter naming `param`. */
  offset(token: string, fingerprint: string, param: string): number {
    const bad = () => errors.invalidParameter(param, 'The token is invalid or does not belong to this query.');
    const m = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!m) throw bad();
    const payload = Buffer.from(m[1]!, 'base64url').toString('utf8');
    if (this.mac(payload) !== m[2]) throw bad();
    const p = /^(\d{1,9}):(.+)$/.exec(payload);
    if (!p || p[2] !== fingerprint) throw bad();
    return Number(p[1]);
  }
}

/** One page of `all` from `offset`, and the token of the next page ('' on the last one). */
export function pageOf<T>(
  all: readonly T[],
  offset: number,
  pageSize: number,
  tokens: PageTokens,
  fingerprint: string,
): { items: T[]; next: string } {
  const items = all.slice(offset, offset + pageSize);
  const end = offset + items.length;
  return { items, next: end < all.length ? tokens.issue(end, fingerprint) : '' };
}
