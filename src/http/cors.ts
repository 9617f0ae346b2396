/**
 * CORS by explicit allow-list (CORS_ORIGINS): the options yoga's own CORS handling takes. `useHttpCacheHeaders`
 * (src/http/http-cache-headers.ts) adds `Vary: Origin` when CORS is on.
 */
import { API_KEY_HEADER } from '../callers/auth-api-key.js';
import { CREDENTIAL_HEADERS } from '../callers/caller-credential.js';
import { ESTIMATE_HEADER } from './estimate-only.js';

/**
 * An explicit allow-list: yoga's default would reflect any origin with credentials. Only a listed origin gets
 * CORS headers (echoed, with credentials); any other gets none. (Given a list, yoga itself would answer an
 * unlisted origin with `Access-Control-Allow-Origin: null` and credentials, which a sandboxed iframe or a
 * file: page, whose Origin is `null`, satisfies.) `*` alone allows every origin without credentials.
 */
export function corsOptions(origins: string[]) {
  if (origins.length === 0) return false;
  const common = {
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'content-type',
      'accept',
      'authorization',
      API_KEY_HEADER,
      ESTIMATE_HEADER,
      ...Object.values(CREDENTIAL_HEADERS),
    ],
    maxAge: 600,
  };
  if (origins.includes('*')) return { ...common, origin: '*', credentials: false };
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? { ...common, origin: [origin], credentials: true } : false;
  };
}
