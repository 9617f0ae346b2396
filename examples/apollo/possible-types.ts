/**
 * Apollo Client's `possibleTypes` (which object types each interface or union may be), generated from the printed
 * schema: `npx tsx examples/apollo/possible-types.ts` rewrites possible-types.json next to this file (a test
 * checks it is current). Without it, the cache cannot tell that an `AckCluster` matches `... on Resource` or
 * `... on Node`, and such fragments read as missing. For a prefixed subgraph behind a router, run it on the
 * supergraph's API schema instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, isAbstractType } from 'graphql';

export function possibleTypesOf(sdl: string): Record<string, string[]> {
  const schema = buildSchema(sdl);
  const abstract = Object.values(schema.getTypeMap()).filter(isAbstractType).filter((t) => !t.name.startsWith('__'));
  return Object.fromEntries(
    abstract.sort((a, b) => a.name.localeCompare(b.name)).map((t) => [t.name, schema.getPossibleTypes(t).map((o) => o.name).sort()]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sdl = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
  writeFileSync(new URL('possible-types.json', import.meta.url), `${JSON.stringify(possibleTypesOf(sdl), null, 2)}\n`);
  console.log('wrote examples/apollo/possible-types.json');
}
