/** `Vary: Origin` on every response when CORS is on (CORS_ORIGINS not empty). */
import type { Plugin } from 'graphql-yoga';
import { appendVary } from './http-cache-headers.js';

/** The CORS headers depend on the request's Origin: say so on every response, so shared caches key on it. */
export function useVaryOrigin(): Plugin {
  return {
    onResponse({ response }) {
      appendVary(response.headers, ['Origin']);
    },
  };
}
