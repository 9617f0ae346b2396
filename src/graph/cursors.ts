/**
 * Opaque, versioned, tamper-evident cursors. A cursor is `v1.<payload>.<mac>`: the payload holds an offset and
 * the fingerprint of the list it belongs to (field, arguments that shape the list, tenant), the MAC is an
 * HMAC-SHA256 over both. A cursor edited by hand, or taken from another list or tenant, is refused.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../upstream/strings.js';
import { userInputError } from './errors.js';

const VERSION = 'v1';

export interface CursorScope {
  /** The list the cursor belongs to, e.g. `Query.tagCatalog`. */
  list: string;
  /** The arguments that decide the list's content and order (not first/after/last/before). */
  args: unknown;
  /** The credential identity of the caller. */
  tenant: string;
}

export class CursorCodec {
  constructor(private readonly secret: string) {}

  fingerprint(scope: CursorScope): string {
    // Canonical JSON: equal scopes (whatever their key order) give equal fingerprints.
    return createHash('sha256').update(canonicalJson(scope)).digest('base64url').slice(0, 16);
  }

  encode(fingerprint: string, offset: number): string {
    const payload = Buffer.from(`${fingerprint}:${offset}`).toString('base64url');
    return `${VERSION}.${payload}.${this.mac(payload)}`;
  }

  decode(fingerprint: string, cursor: string, argument: string): number {
    const payload = this.verify(cursor, argument);
    const [owner, offsetText] = Buffer.from(payload, 'base64url').toString().split(':');
    const offset = Number(offsetText);
    if (owner !== fingerprint || !Number.isInteger(offset) || offset < 0) {
      throw userInputError(`The ${argument} cursor belongs to another list: use a cursor from this list.`, argument);
    }
    return offset;
  }

  /**
   * A cursor holding a structured position (JSON) instead of an offset, for lists that resume the upstream's own
   * paging (taggedResources). Same form, MAC and scoping as an offset cursor.
   */
  encodeState(fingerprint: string, state: unknown): string {
    const payload = Buffer.from(`${fingerprint}:${JSON.stringify(state)}`).toString('base64url');
    return `${VERSION}.${payload}.${this.mac(payload)}`;
  }

  /** The position `encodeState` wrote, once the MAC and the list match; its shape is the caller's to check. */
  decodeState(fingerprint: string, cursor: string, argument: string): unknown {
    const text = Buffer.from(this.verify(cursor, argument), 'base64url').toString();
    const colon = text.indexOf(':');
    if (colon < 0 || text.slice(0, colon) !== fingerprint) {
      throw userInputError(`The ${argument} cursor belongs to another list: use a cursor from this list.`, argument);
    }
    try {
      return JSON.parse(text.slice(colon + 1)) as unknown;
    } catch {
      throw userInputError(`The ${argument} cursor belongs to another list: use a cursor from this list.`, argument);
    }
  }

  /** Checks form and MAC only (the list is not known yet); returns the payload. */
  verify(cursor: string, argument: string): string {
    const parts = cursor.split('.');
    const [version, payload, mac] = parts;
    // Exactly three parts: a cursor with anything appended was edited, even if its first three still verify.
    if (parts.length !== 3 || version !== VERSION || !payload || !mac || !this.macMatches(payload, mac)) {
      throw userInputError(`The ${argument} cursor is not valid: use a cursor this API returned.`, argument);
    }
    return payload;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`${VERSION}.${payload}`).digest('base64url').slice(0, 22);
  }

  private macMatches(payload: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
