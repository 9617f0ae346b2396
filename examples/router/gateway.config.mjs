// Hive Gateway in front of this gateway, subgraph "tags" (npx hive-gateway supergraph -c examples/router/gateway.config.mjs).
// The supergraph names the example URLs (tags: localhost:4000, inventory: localhost:4001): compose with your own
// routing URLs for a deployment.
import { defineConfig } from '@graphql-hive/gateway';
import process from 'node:process';

export const gatewayConfig = defineConfig({
  supergraph: './schema/supergraph.example.graphql',
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      if (subgraphName !== 'tags') return undefined;
      const headers = { 'x-router-secret': process.env.ROUTER_SECRET ?? '' };
      // the caller's own identity, when the gateway authenticates callers (AUTH_*); caches are per caller
      for (const name of ['authorization', 'x-api-key']) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      return headers;
    },
  },
});
