/** The committed SDL is what the code builds, and every part of the API says what it is. */
import { readFileSync } from 'node:fs';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graph/schema.js';
import { printedSchemas } from '../../src/print-schema.js';

const schemaDir = new URL('../../schema/', import.meta.url);

describe('schema/', () => {
  it('schema.graphql and subgraph.graphql match the code', () => {
    const printed = printedSchemas();
    expect(Object.keys(printed).sort()).toEqual(['schema.graphql', 'subgraph.graphql']);
    for (const [name, sdl] of Object.entries(printed)) {
      expect(
        readFileSync(new URL(name, schemaDir), 'utf8'),
        `schema/${name} is stale: run npx tsx src/print-schema.ts`,
      ).toBe(sdl);
    }
  });

  it('every type, field, argument, input field and enum value has a description', () => {
    const schema = buildSchema({ federation: false });
    const missing: string[] = [];
    const need = (where: string, description: string | null | undefined) => {
      if (!description || description.trim() === '') missing.push(where);
    };
    const types = Object.values(schema.getTypeMap()).filter(
      (t: GraphQLNamedType) => !isIntrospectionType(t) && !isSpecifiedScalarType(t),
    );
    expect(types.length).toBeGreaterThan(20);
    let checked = 0;
    for (const type of types) {
      need(type.name, type.description);
      checked++;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          need(`${type.name}.${field.name}`, field.description);
          checked++;
          for (const arg of field.args) {
            need(`${type.name}.${field.name}(${arg.name})`, arg.description);
            checked++;
          }
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          need(`${type.name}.${field.name}`, field.description);
          checked++;
        }
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) {
          need(`${type.name}.${value.name}`, value.description);
          checked++;
        }
      } else if (isUnionType(type)) {
        // the description of the union itself is checked above
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('the plain schema has the documented root fields, all with the Relay shapes', () => {
    const schema = buildSchema({ federation: false });
    const query = schema.getQueryType()!;
    expect(Object.keys(query.getFields()).sort()).toEqual([
      'ackClusters',
      'node',
      'nodes',
      'resourceInventory',
      'resources',
      'tagCatalog',
      'tagHygiene',
      'tagKeys',
      'tagValues',
      'taggedResources',
    ]);
    for (const name of ['ackClusters', 'tagCatalog', 'tagKeys', 'tagValues', 'taggedResources', 'resourceInventory']) {
      const field = query.getFields()[name]!;
      expect(field.args.map((a) => a.name)).toEqual(expect.arrayContaining(['first', 'after', 'last', 'before']));
      expect(String(field.type)).toMatch(/Connection$/);
    }
    const pageInfo = schema.getType('PageInfo');
    expect(isObjectType(pageInfo)).toBe(true);
    if (isObjectType(pageInfo)) {
      const f = pageInfo.getFields();
      expect(String(f.hasNextPage!.type)).toBe('Boolean!');
      expect(String(f.hasPreviousPage!.type)).toBe('Boolean!');
      expect(String(f.startCursor!.type)).toBe('String');
      expect(String(f.endCursor!.type)).toBe('String');
    }
  });
});
