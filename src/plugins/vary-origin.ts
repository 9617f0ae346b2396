/** `Vary: Origin` on every response when CORS is on (CORS_ORIGINS not empty). */
import type { Plugin } from 'graphql-yoga';

/** The CORS headers depend on the request's Origin: say so on every response, so shared caches key on it. */
export function useVaryOrigin(): Plugin {
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary') ?? '';
      if (!vary.split(',').some((v) => v.trim().toLowerCase() === 'origin' || v.trim() === '*')) {
        response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
      }
    },
  };
}
