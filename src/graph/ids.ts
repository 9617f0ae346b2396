/**
 * Global IDs: base64url of `<Type>:<regionId>/<resourceId>`. The type names the service and kind, so an ID
 * holds all that is needed to fetch the object again. A malformed ID is a user error, not a crash.
 */
import { userInputError } from './errors.js';

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`).toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9_-]{1,400}={0,2}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString() : '';
  const colon = text.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z]+$/.test(text.slice(0, colon))) {
    throw userInputError(`"${globalId.slice(0, 64)}" is not an ID this API issued.`, 'id');
  }
  return { typename: text.slice(0, colon), id: text.slice(colon + 1) };
}

export function splitResourceId(id: string): { regionId: string; resourceId: string } | null {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  return { regionId: id.slice(0, slash), resourceId: id.slice(slash + 1) };
}
