/**
 * Schema-driven documents for the fuzz: the printed schema's root fields with their arguments (as literals or
 * as variables, declared with the right type or a wrong one), selections walked from the field types
 * (interfaces through inline fragments, nested connections with their own arguments), then the document-level
 * abuse: many aliases, deep fragment nesting, cyclic or missing fragments, junk directives, truncated or
 * garbled text, `_entities` with hostile representations, and junk in the request envelope.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { cursorOf, deepList, globalIdOf, hostileInt, hostileString, junkValue, type Pools } from './fuzz-values.js';

type Gen = fc.GeneratorValue;

export const PRINTED_SCHEMA: GraphQLSchema = buildSchema(
  readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'),
);

/** One request in yoga's terms: a POST body (JSON text) or a GET query string, plus headers. */
export interface FuzzRequest {
  method: 'POST' | 'GET';
  /** POST: the body text; GET: the query string. */
  payload: string;
  contentType?: string;
  headers: Record<string, string>;
}

/** Uniform integers: fast-check's own are biased towards the bounds, which would skew every choice below. */
const int = (g: Gen, min: number, max: number): number => g(() => fc.noBias(fc.integer({ min, max })));
const chance = (g: Gen, p: number): boolean => int(g, 0, 9_999) < p * 10_000;
const pick = <T>(g: Gen, items: readonly T[]): T => items[int(g, 0, items.length - 1)]!;

/** A plausible value for an argument, by its name (the schema's own vocabulary). */
function plausibleScalar(g: Gen, name: string, type: GraphQLNamedType, pools: Pools): unknown {
  if (isEnumType(type)) return pick(g, type.getValues()).name;
  if (type.name === 'Int') return int(g, -1, 105);
  if (type.name === 'Boolean') return g(fc.boolean);
  if (/^ids?$/.test(name)) return chance(g, 0.7) ? pick(g, pools.globalIds) : g(() => globalIdOf(pools));
  if (/^(after|before)$/.test(name))
    return chance(g, 0.5) && pools.cursors.length ? pick(g, pools.cursors) : g(() => cursorOf(pools));
  if (/^regionIds?$/.test(name))
    return chance(g, 0.9) ? pick(g, pools.regions) : pick(g, ['nowhere-1', 'cn-hangzhou ', 'CN-HANGZHOU']);
  if (/^keys?$/.test(name)) return pick(g, pools.tagKeys);
  if (/^values?$/.test(name)) return pick(g, pools.tagValues);
  if (/^clusterIds?$/.test(name)) return pick(g, pools.clusterIds);
  if (name === 'clusterType') return pick(g, ['Kubernetes', 'ManagedKubernetes', 'ExternalKubernetes', 'Nope']);
  if (name === 'resourceId') return pick(g, pools.ecsRefs).resourceId;
  return g(() => hostileString);
}

/** A value for an input type: plausible most of the time, else hostile or junk of any type. */
function valueFor(g: Gen, type: GraphQLInputType, name: string, pools: Pools, depth = 0): unknown {
  // inside lists and input objects, mostly plausible: else almost no list of several items would be valid
  const roll = depth > 0 && chance(g, 0.75) ? 99 : int(g, 0, 99);
  if (roll < 3) return g(() => junkValue);
  if (roll < 5) return null;
  if (roll < 6)
    return deepList(
      g(() => hostileString),
      int(g, 5, 60),
    );
  if (isNonNullType(type)) return valueFor(g, type.ofType, name, pools, depth);
  if (isListType(type)) {
    const max = chance(g, 0.05) ? 130 : 4;
    const n = chance(g, 0.9) ? int(g, 1, max) : 0;
    return Array.from({ length: n }, () => valueFor(g, type.ofType, name.replace(/s$/, ''), pools, depth + 1));
  }
  if (isInputObjectType(type)) return inputObject(g, type.getFields(), pools, depth);
  if (type.name === 'Int' && roll < 16) return g(() => hostileInt);
  if ((type.name === 'String' || type.name === 'ID') && roll < 12) return g(() => hostileString);
  if (name === 'refs' || name === 'ref') return pick(g, pools.ecsRefs);
  return plausibleScalar(g, name, type, pools);
}

function inputObject(
  g: Gen,
  fields: Record<string, { type: GraphQLInputType; name: string }>,
  pools: Pools,
  depth: number,
): unknown {
  if (fields['resourceId'] && chance(g, 0.7)) {
    const ref = chance(g, 0.8)
      ? pick(g, pools.ecsRefs)
      : { kind: 'ACK_CLUSTER', regionId: pick(g, pools.regions), resourceId: pick(g, pools.clusterIds) };
    return chance(g, 0.9) ? { ...ref } : { ...ref, kind: pick(g, ['ACK_CLUSTER', 'ECS_DISK', 'NOPE']) };
  }
  const out: Record<string, unknown> = {};
  for (const f of Object.values(fields)) {
    if (!chance(g, 0.08)) out[f.name] = valueFor(g, f.type, f.name, pools, depth + 1);
  }
  if (chance(g, 0.05))
    Object.defineProperty(out, pick(g, ['__proto__', 'constructor', 'nope']), {
      value: g(() => junkValue),
      enumerable: true,
    });
  return out;
}

/** GraphQL literal text of a value for a type (enums bare when they look like names). */
export function literal(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string')
    return isEnumType(named) && /^[_A-Za-z]\w*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return `[${value.map((v) => literal(v, isListType(inner) ? inner.ofType : inner)).join(', ')}]`;
  const fields = isInputObjectType(named) ? named.getFields() : {};
  const parts = Object.entries(value as Record<string, unknown>)
    .filter(([k]) => /^[_A-Za-z]\w*$/.test(k))
    .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? named)}`);
  return `{${parts.join(', ')}}`;
}

const WRONG_VARIABLE_TYPES = [
  'Int',
  'String',
  'String!',
  '[String]',
  'Boolean',
  'ID!',
  'NoSuchType',
  '[[Int!]!]',
  'TagFilterInput',
];

interface Build {
  vars: string[];
  values: Record<string, unknown>;
}

function argumentsOf(g: Gen, args: readonly GraphQLArgument[], pools: Pools, b: Build): string {
  const parts: string[] = [];
  for (const a of args) {
    const required = isNonNullType(a.type);
    if (!required && !chance(g, 0.35)) continue;
    if (required && chance(g, 0.03)) continue;
    const value = valueFor(g, a.type, a.name, pools);
    if (chance(g, 0.5)) {
      const name = `v${b.vars.length}`;
      const declared = chance(g, 0.06) ? pick(g, WRONG_VARIABLE_TYPES) : String(a.type);
      b.vars.push(`$${name}: ${declared}`);
      if (!chance(g, 0.03)) b.values[name] = value;
      parts.push(`${a.name}: $${name}`);
    } else {
      parts.push(`${a.name}: ${literal(value, a.type)}`);
    }
  }
  if (chance(g, 0.02)) parts.push(`${pick(g, ['nope', '__proto__', 'constructor'])}: 1`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** A selection set for an object or interface type, `depth` levels of composite fields at most. */
function selectionFor(g: Gen, type: GraphQLNamedType, depth: number, pools: Pools, b: Build): string {
  if (isLeafType(type)) return '';
  const parts: string[] = [];
  if (isObjectType(type) || isInterfaceType(type)) {
    const fields: Array<GraphQLField<unknown, unknown>> = Object.values(type.getFields());
    for (const f of fields) {
      if (!chance(g, 0.45)) continue;
      parts.push(fieldText(g, f, depth, pools, b));
    }
  }
  if (isInterfaceType(type) && chance(g, 0.5)) {
    const possible = PRINTED_SCHEMA.getPossibleTypes(type);
    const t = pick(g, possible);
    parts.push(`... on ${t.name} { ${selectionFor(g, t, depth, pools, b) || '__typename'} }`);
  }
  return parts.filter(Boolean).join(' ') || '__typename';
}

function fieldText(g: Gen, f: GraphQLField<unknown, unknown>, depth: number, pools: Pools, b: Build): string {
  const named = getNamedType(f.type);
  const alias = chance(g, 0.1) ? `a${int(g, 0, 999)}: ` : '';
  if (isLeafType(named)) return `${alias}${f.name}`;
  if (depth <= 0) return '';
  return `${alias}${f.name}${argumentsOf(g, f.args, pools, b)} { ${selectionFor(g, named, depth - 1, pools, b)} }`;
}

/** A whole document from the root fields, with the document-level abuse applied now and then. */
function documentOf(
  g: Gen,
  pools: Pools,
): { query: string; variables: Record<string, unknown>; operationName?: string } {
  const b: Build = { vars: [], values: {} };
  const root = Object.values(PRINTED_SCHEMA.getQueryType()!.getFields());
  const n = chance(g, 0.7) ? 1 : int(g, 2, 3);
  let body = Array.from({ length: n }, (_, i) => {
    const f = pick(g, root);
    return `r${i}: ${f.name}${argumentsOf(g, f.args, pools, b)} ${isLeafType(getNamedType(f.type)) ? '' : `{ ${selectionFor(g, getNamedType(f.type), 4, pools, b)} }`}`;
  }).join(' ');
  const roll = int(g, 0, 99);
  if (roll < 4) body = Array.from({ length: int(g, 100, 220) }, (_, i) => `x${i}: __typename`).join(' ') + ' ' + body;
  else if (roll < 7) body = '... on Query { '.repeat(int(g, 10, 60)) + body + ' }'.repeat(40);
  else if (roll < 9) body += ` ...F0 `;
  else if (roll < 11) body = `${body} __typename @skip(if: ${pick(g, ['"yes"', '$nope', '1', 'null'])}) @nope`;
  else if (roll < 12) body += ' x: __typename' + ' @include(if: true)'.repeat(int(g, 40, 80));
  else if (roll < 14) body += ' __schema { types { name fields { name } } } __type(name: "Query") { name }';
  const header = b.vars.length ? `(${b.vars.join(', ')})` : '';
  let query = `query Fuzz${header} { ${body} }`;
  if (roll >= 7 && roll < 9) query += ' fragment F0 on Query { ...F1 } fragment F1 on Query { ...F0 }';
  if (roll >= 14 && roll < 20) query = garble(g, query);
  const operationName = chance(g, 0.05) ? pick(g, ['Fuzz', 'Nope', '', '__proto__']) : undefined;
  return { query, variables: b.values, operationName };
}

function garble(g: Gen, query: string): string {
  const at = int(g, 0, query.length);
  switch (int(g, 0, 3)) {
    case 0:
      return query.slice(0, at);
    case 1:
      return query.slice(0, at) + pick(g, ['{', '}', '(', '$', '"', '\u0000', '😀', '#', '...', '@']) + query.slice(at);
    case 2:
      return query.slice(0, at) + query.slice(at + int(g, 1, 20));
    default:
      return query.replace(/[{}]/g, (c) => (chance(g, 0.1) ? '' : c));
  }
}

const ENTITIES =
  'query E($r: [_Any!]!) { _entities(representations: $r) { __typename ... on EcsInstance { id tags { totalCount } } ... on AckCluster { name } } }';

function entitiesOf(g: Gen, pools: Pools): { query: string; variables: Record<string, unknown> } {
  const typename = () =>
    pick(g, [
      'EcsInstance',
      'AckCluster',
      'EcsDisk',
      '__proto__',
      'constructor',
      'Query',
      'NoSuchType',
      'Node',
      '',
      'hasOwnProperty',
    ]);
  const rep = (): unknown => {
    const roll = int(g, 0, 9);
    if (roll < 2) return g(() => junkValue);
    const ref = pick(g, pools.ecsRefs);
    const out: Record<string, unknown> = { __typename: typename() };
    if (roll < 5) out['id'] = g(() => globalIdOf(pools));
    else
      Object.assign(out, {
        regionId: chance(g, 0.8) ? ref.regionId : g(() => junkValue),
        resourceId: chance(g, 0.8) ? ref.resourceId : g(() => junkValue),
      });
    if (roll === 9) out['__typename'] = g(() => junkValue);
    return out;
  };
  return { query: ENTITIES, variables: { r: Array.from({ length: int(g, 0, 6) }, rep) } };
}

/** Junk in the request around a document: variables of the wrong JSON type, odd extensions, documentId. */
function envelopeOf(g: Gen, doc: Record<string, unknown>): string {
  const roll = int(g, 0, 99);
  if (roll < 3) return JSON.stringify({ ...doc, variables: pick(g, ['x', 3, [1], true]) });
  if (roll < 5)
    return JSON.stringify({
      ...doc,
      extensions: pick(g, [
        'x',
        [],
        { persistedQuery: { sha256Hash: 'nope', version: 1 } },
        JSON.parse('{"__proto__":1}') as unknown,
      ]),
    });
  if (roll < 6)
    return JSON.stringify({ documentId: pick(g, ['sha256:nope', 'x'.repeat(64), '']), variables: doc['variables'] });
  if (roll < 7) return JSON.stringify({ ...doc, query: pick(g, [5, null, [], { a: 1 }]) });
  return JSON.stringify(doc);
}

/** Caller headers now and then: bogus keys (with a recognisable secret) or malformed ones. */
function headersOf(g: Gen, secretMark: string): Record<string, string> {
  const roll = int(g, 0, 99);
  if (roll < 5)
    return {
      'x-alibaba-cloud-access-key-id': `fuzz-key-${roll}`,
      'x-alibaba-cloud-access-key-secret': `${secretMark}${g(fc.nat)}`,
    };
  if (roll < 8)
    return {
      'x-alibaba-cloud-access-key-id': pick(g, ['a', 'bad key!', '']),
      'x-alibaba-cloud-access-key-secret': `${secretMark}x`,
    };
  if (roll < 9)
    return {
      'x-alibaba-cloud-security-token': `${secretMark}token`,
      'x-alibaba-cloud-access-key-id': 'fuzz-key-tok',
      'x-alibaba-cloud-access-key-secret': `${secretMark}tok`,
    };
  return {};
}

/** The in-process share: documents (and `_entities`) in JSON POSTs, some as GETs. */
export const fuzzRequest = (pools: Pools, secretMark: string): fc.Arbitrary<FuzzRequest> =>
  fc.gen().map((g) => {
    const doc = chance(g, 0.06) ? entitiesOf(g, pools) : documentOf(g, pools);
    const headers = headersOf(g, secretMark);
    if (chance(g, 0.08)) {
      const params = new URLSearchParams({ query: doc.query, variables: JSON.stringify(doc.variables) });
      return { method: 'GET', payload: params.toString(), headers };
    }
    return { method: 'POST', payload: envelopeOf(g, doc), contentType: 'application/json', headers };
  });
