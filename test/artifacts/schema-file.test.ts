/** schema/*.graphql are committed: a test fails when they drift from the code (npm run schema rewrites them). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedExamples, printedSchemas } from '../../src/print-schema.js';

describe('printed SDL', () => {
  for (const [name, sdl] of Object.entries(printedSchemas())) {
    it(`schema/${name} matches the code`, () => {
      expect(readFileSync(`schema/${name}`, 'utf8')).toBe(sdl);
    });
  }
  for (const [name, sdl] of Object.entries(printedExamples())) {
    it(`schema/${name} (example setting) matches the code`, () => {
      expect(readFileSync(`schema/${name}`, 'utf8')).toBe(sdl);
    });
  }
});
