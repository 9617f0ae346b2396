/**
 * Authentication before anything else runs: in `onRequest`, ahead of body parsing, validation and execution, so a
 * refused request costs no parse and makes no upstream call. Open: CORS preflights and GraphiQL's page (yoga
 * answers both before this hook; GraphiQL's own queries need credentials like any other), and the operational
 * endpoints (`openPaths`: /health, /ready, the metrics path). Everything else needs credentials, so no route can
 * slip through unauthenticated.
 */
import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from './auth.js';
import { setCaller } from './caller.js';
import { refusal } from './error-response.js';

export interface AuthPluginOptions {
  authenticate: Authenticator;
  openPaths: ReadonlySet<string>;
  /** Told of every refusal (metrics). */
  onRefused?: (code: 'UNAUTHENTICATED' | 'FORBIDDEN') => void;
}

export function useAuthentication(o: AuthPluginOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method === 'OPTIONS' || o.openPaths.has(url.pathname)) return;
      const outcome = await o.authenticate(request.headers);
      if (outcome.ok) {
        setCaller(request, outcome.caller);
        return;
      }
      o.onRefused?.(outcome.code);
      endResponse(refusal(request, outcome.status, outcome.code, outcome.message, outcome.headers));
    },
  };
}
