/**
 * Prints the SDL committed under schema/: `schema.graphql` (the plain schema clients and codegen read),
 * `subgraph.graphql` (the Federation 2 subgraph SDL a supergraph composes) and `subgraph.prefixed.graphql`
 * (the same with SUBGRAPH_TYPE_PREFIX=Alibaba). `--check` fails on drift.
 */
import { graphqlSync, printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, type SchemaOptions } from './graph/schema.js';

export function printedSchemas(): Record<string, string> {
  return {
    'schema.graphql': `${printSchema(buildSchema({ federation: false }))}\n`,
    'subgraph.graphql': `${subgraphSdl()}\n`,
  };
}

/** The subgraph SDL of a non-default setting, printed as an example: SUBGRAPH_TYPE_PREFIX=Alibaba. */
export function printedExamples(): Record<string, string> {
  return { 'subgraph.prefixed.graphql': `${subgraphSdl({ typePrefix: EXAMPLE_TYPE_PREFIX })}\n` };
}

/** The prefix of the printed example (schema/subgraph.prefixed.graphql). */
export const EXAMPLE_TYPE_PREFIX = 'Alibaba';

/** Exactly what a supergraph reads: `_service { sdl }` of the federated schema. */
export function subgraphSdl(options: Omit<SchemaOptions, 'federation'> = {}): string {
  const result = graphqlSync({ schema: buildSchema({ ...options, federation: true }), source: '{ _service { sdl } }' });
  return (result.data as { _service: { sdl: string } })._service.sdl;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('../schema/', import.meta.url);
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [name, sdl] of Object.entries({ ...printedSchemas(), ...printedExamples() })) {
    const file = new URL(name, dir);
    if (check) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (current !== sdl) {
        stale = true;
        console.error(`schema/${name} is stale: run npm run schema`);
      }
    } else {
      writeFileSync(file, sdl);
      console.log(`wrote schema/${name}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
