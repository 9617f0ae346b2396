/** The typed documents in examples/generated must be what codegen.yml produces from today's schema. */
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('codegen', () => {
  it('examples/generated is what codegen.yml generates (run npm run codegen when this fails)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: 'codegen.yml' });
    const outputs = await generate({ ...config, silent: true, cwd: process.cwd() }, false);
    expect(outputs.map((o: { filename: string }) => o.filename).sort()).toEqual(
      ['gql.ts', 'graphql.ts', 'index.ts', 'persisted-documents.json'].map((f) => `examples/generated/${f}`),
    );
    for (const out of outputs) {
      expect(readFileSync(out.filename, 'utf8'), `${out.filename} is stale`).toBe(out.content);
    }
  }, 60_000);
});
