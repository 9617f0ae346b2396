/**
 * `GET /ready`, for load balancers and Kubernetes readiness probes: 503 only when this replica cannot answer
 * queries (shutting down; start-up refuses an unusable configuration or credential, so a running gateway has one).
 * A cache store (Redis) that does not answer is not that: queries still answer from the in-memory fallback, so
 * `/ready` stays 200 and says `degraded` with the reason, and every replica stays in service during a Redis outage
 * (issue 19, item 8). READINESS_REQUIRES_REDIS=true makes it 503 instead. `/health` (yoga's own) stays the
 * liveness answer: the process is up.
 */
import type { Plugin } from 'graphql-yoga';

export type Readiness = { ready: true; degraded?: string[] } | { ready: false; reason: string };

export const READY_PATH = '/ready';

export function useReadiness(check: () => Promise<Readiness>): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== READY_PATH) return;
      const state = await check();
      endResponse(
        new fetchAPI.Response(JSON.stringify(bodyOf(state)), {
          status: state.ready ? 200 : 503,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}

function bodyOf(state: Readiness): Record<string, unknown> {
  if (!state.ready) return { status: 'not ready', reason: state.reason };
  return state.degraded?.length ? { status: 'degraded', degraded: state.degraded } : { status: 'ready' };
}
