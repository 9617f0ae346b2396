/**
 * The supergraph router proves itself with a shared secret (ROUTER_SECRET), sent as the `x-router-secret`
 * header. Two things depend on that proof:
 * - the federation fields `Query._service` (the whole SDL) and `Query._entities` (any entity by key) answer
 *   only the router when introspection is off or a secret is configured (`useRouterOnlyFederation`): anyone
 *   else gets a FORBIDDEN validation error and no data, so the SDL does not leak past INTROSPECTION=false and
 *   browsers cannot call `_entities` directly;
 * - router requests are exempt from PERSISTED_OPERATIONS=require (persisted-operations.ts), since a router
 *   plans its own documents, which no allow-list can know in advance.
 */
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { headerSecretCheck } from './header-secret.js';

export const ROUTER_SECRET_HEADER = 'x-router-secret';

/** The federation fields a router needs and nobody else should call. */
const ROUTER_ONLY_FIELDS = new Set(['_service', '_entities']);

/** Whether a request comes from the router; always false without a configured secret. */
export type RouterCheck = (headers: Headers) => boolean;

/** Compares the header with the secret in constant time (http/header-secret.ts). */
export function routerCheck(secret: string | undefined): RouterCheck {
  return headerSecretCheck(ROUTER_SECRET_HEADER, secret);
}

/**
 * Refuses `_service` and `_entities` on Query (however aliased or nested in fragments) as a validation error.
 * The rule's name keys yoga's validation cache, so a router's cached "valid" never answers another caller.
 */
const RouterOnlyFederationFields: ValidationRule = (ctx) => ({
  Field(node) {
    if (!ROUTER_ONLY_FIELDS.has(node.name.value)) return;
    if (ctx.getParentType() !== ctx.getSchema().getQueryType()) return;
    ctx.reportError(
      new GraphQLError(`Query.${node.name.value} is served only to the supergraph router.`, {
        nodes: node,
        extensions: { code: 'FORBIDDEN', http: { status: 403, spec: true } },
      }),
    );
  },
});

export function useRouterOnlyFederation(isRouter: RouterCheck): Plugin {
  return {
    onValidate({ addValidationRule, context }) {
      const request = (context as { request?: Request }).request;
      if (!request || !isRouter(request.headers)) addValidationRule(RouterOnlyFederationFields);
    },
  };
}
