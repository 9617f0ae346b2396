/**
 * `GET /ready`: 200 `{"status":"ready"}` when the gateway can serve (not shutting down, its Redis answering when one
 * is configured), else 503 with the reason, for load balancers and Kubernetes readiness probes. `/health` (yoga's
 * own) stays the liveness answer: the process is up.
 */
import type { Plugin } from 'graphql-yoga';

export type Readiness = { ready: true } | { ready: false; reason: string };

export const READY_PATH = '/ready';

export function useReadiness(check: () => Promise<Readiness>): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== READY_PATH) return;
      const state = await check();
      const body = state.ready ? { status: 'ready' } : { status: 'not ready', reason: state.reason };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: state.ready ? 200 : 503,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
