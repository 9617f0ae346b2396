/**
 * Opaque, versioned, tamper-evident cursors: `v1.<payload>.<mac>`, tied to the fingerprint of the list they
 * belong to (field, arguments that shape it, tenant). Refused when edited, foreign or signed with another secret.
 *
 * One MAC per block of offsets, not per edge. An offset cursor's payload is `<fingerprint>:<offset>`; its MAC
 * (HMAC-SHA256) covers the fingerprint and the block of BLOCK offsets the offset falls in, not the offset
 * itself. The scope is what needs protecting: another list, arguments or tenant is refused, and so is an offset
 * outside the signed block; an offset edited within its block only moves to another position of the same list,
 * one the client could page to anyway. A 50-row page costs two or three MACs (and none when the block's MAC is
 * remembered from an earlier request) where it cost fifty (≈ 8 % of its CPU). A position keeps one cursor
 * whatever page it appears on. Cursors of the earlier form (MAC over the whole payload) are still accepted, and
 * state cursors (`encodeState`) are signed whole.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../../upstream/strings.js';
import { BoundedMemo } from '../../upstream/memo.js';
import { userInputError } from '../errors.js';

const VERSION = 'v1';
/** MAC input prefix of blocks: never equal to a whole-payload input (`v1.<base64url>` has no ':'). */
const BLOCK_DOMAIN = 'v1b';
/** Offsets a block MAC covers: below the smallest distance the cursor tests forge (50), above most page sizes. */
const BLOCK = 32;
const OFFSET_PAYLOAD = /^([^:]+):(\d{1,15})$/;
/** Block MACs remembered across requests (a hot list's pages need no HMAC at all). */
const REMEMBERED_BLOCKS = 4_096;

export interface CursorScope {
  /** The list the cursor belongs to, e.g. `Query.tagCatalog`. */
  list: string;
  /** The arguments that decide the list's content and order (not first/after/last/before). */
  args: unknown;
  /** The credential identity of the caller. */
  tenant: string;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const anotherList = (argument: string) =>
  userInputError(`The ${argument} cursor belongs to another list: use a cursor from this list.`, argument);

/** Offset cursors remembered (a hot list's page is encoded again by every request that reads it). */
const REMEMBERED_CURSORS = 16_384;
/** Fingerprints remembered (by the scope's plain JSON). */
const REMEMBERED_FINGERPRINTS = 4_096;

export class CursorCodec {
  readonly #blocks = new BoundedMemo<string>(REMEMBERED_BLOCKS);
  readonly #fingerprints = new BoundedMemo<string>(REMEMBERED_FINGERPRINTS);
  readonly #cursors = new BoundedMemo<string>(REMEMBERED_CURSORS);

  constructor(private readonly secret: string) {}

  fingerprint(scope: CursorScope): string {
    // Canonical JSON: equal scopes (whatever their key order) give equal fingerprints.
    return this.#fingerprints.get(JSON.stringify(scope), () =>
      createHash('sha256').update(canonicalJson(scope)).digest('base64url').slice(0, 16),
    );
  }

  /** The cursor of a position in the list. */
  encode(fingerprint: string, offset: number): string {
    const position = `${fingerprint}:${offset}`;
    return this.#cursors.get(
      position,
      () => `${VERSION}.${base64url(position)}.${this.blockMac(fingerprint, Math.floor(offset / BLOCK))}`,
    );
  }

  decode(fingerprint: string, cursor: string, argument: string): number {
    const text = Buffer.from(this.verify(cursor, argument), 'base64url').toString();
    const [owner, offsetText] = text.split(':');
    const offset = Number(offsetText);
    if (owner !== fingerprint || !Number.isInteger(offset) || offset < 0) throw anotherList(argument);
    return offset;
  }

  /**
   * A cursor holding a structured position (JSON) instead of an offset, for lists that resume the upstream's own
   * paging (taggedResources). Same form and scoping as an offset cursor; its MAC covers the whole payload.
   */
  encodeState(fingerprint: string, state: unknown): string {
    const payload = base64url(`${fingerprint}:${JSON.stringify(state)}`);
    return `${VERSION}.${payload}.${this.mac(`${VERSION}.${payload}`)}`;
  }

  /** The position `encodeState` wrote, once the MAC and the list match; its shape is the caller's to check. */
  decodeState(fingerprint: string, cursor: string, argument: string): unknown {
    const text = Buffer.from(this.verify(cursor, argument), 'base64url').toString();
    const colon = text.indexOf(':');
    if (colon < 0 || text.slice(0, colon) !== fingerprint) throw anotherList(argument);
    try {
      return JSON.parse(text.slice(colon + 1)) as unknown;
    } catch {
      throw anotherList(argument);
    }
  }

  /** Checks form and MAC only (the list is not known yet); returns the payload. */
  verify(cursor: string, argument: string): string {
    const parts = cursor.split('.');
    const [version, payload, mac] = parts;
    // Exactly three parts: a cursor with anything appended was edited, even if its first three still verify.
    if (parts.length !== 3 || version !== VERSION || !payload || !mac || !this.macMatches(payload, mac))
      throw invalid(argument);
    return payload;
  }

  private mac(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url').slice(0, 22);
  }

  private blockMac(fingerprint: string, block: number): string {
    const input = `${BLOCK_DOMAIN}.${fingerprint}:${block}`;
    return this.#blocks.get(input, () => this.mac(input));
  }

  /** An offset cursor's MAC covers its block; any other cursor's (and an offset cursor of the earlier form) its payload. */
  private macMatches(payload: string, mac: string): boolean {
    const given = Buffer.from(mac);
    const matches = (expected: string) =>
      expected.length === given.length && timingSafeEqual(Buffer.from(expected), given);
    const offset = OFFSET_PAYLOAD.exec(Buffer.from(payload, 'base64url').toString());
    if (offset && matches(this.blockMac(offset[1]!, Math.floor(Number(offset[2]) / BLOCK)))) return true;
    return matches(this.mac(`${VERSION}.${payload}`));
  }
}

function invalid(argument: string) {
  return userInputError(`The ${argument} cursor is not valid: use a cursor this API returned.`, argument);
}
