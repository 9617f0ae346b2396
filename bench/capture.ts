/**
 * The reference's answer (issue 18): the gateway's own `data` for a row's query, captured once, with `__typename`
 * added to every selection set (so the reference's default type resolver can resolve the interfaces); the
 * reference is then asked the row's query unchanged.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse, print, visit, type FieldNode, type SelectionSetNode } from 'graphql';

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** The query with `__typename` in every selection set that lacks it. */
export function withTypenames(query: string): string {
  return print(
    visit(parse(query), {
      SelectionSet: (node: SelectionSetNode) =>
        node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')
          ? undefined
          : { ...node, selections: [...node.selections, TYPENAME] },
    }),
  );
}

/** Asks the gateway `body`'s query (with typenames) and writes its data to a file; returns the file's path. */
export async function captureAnswer(gatewayUrl: string, body: string, name: string): Promise<string> {
  const { query, variables } = JSON.parse(body) as { query: string; variables?: unknown };
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': `capture-${name}` },
    body: JSON.stringify({ query: withTypenames(query), variables }),
  });
  const answer = (await res.json()) as { data?: unknown; errors?: unknown };
  if (!res.ok || answer.errors || !answer.data) throw new Error(`capture ${name}: ${JSON.stringify(answer)}`);
  const file = join(tmpdir(), `bench-reference-${process.pid}-${name}.json`);
  writeFileSync(file, JSON.stringify(answer.data));
  return file;
}
