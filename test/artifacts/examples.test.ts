/**
 * Every example operation runs as it is against the demo inventory and returns data with no errors, and
 * together they touch every root field of the schema (queries and mutations).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graph/schema.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const dir = 'examples/operations';
const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { FEDERATION: 'false' } });
});
afterAll(() => gw.close());

describe('examples/operations', () => {
  it.each(files)('%s returns data and no errors', async (file) => {
    const res = await gw.query(readFileSync(`${dir}/${file}`, 'utf8'));
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
    const values = Object.values(res.data ?? {});
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(v).not.toBeNull();
    // Non-trivial answers: some list or connection in the answer has items.
    expect(JSON.stringify(res.data)).toMatch(/"(edges|resources|nodes)":\[\{/);
  });

  it('touch every root field', () => {
    const used = new Set<string>();
    for (const file of files) {
      const doc = parse(readFileSync(`${dir}/${file}`, 'utf8'));
      const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      for (const sel of op.selectionSet.selections) if (sel.kind === Kind.FIELD) used.add(sel.name.value);
    }
    const schema = buildSchema({ federation: false });
    const roots = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
    ];
    expect(roots.filter((f) => !used.has(f))).toEqual([]);
  });
});
