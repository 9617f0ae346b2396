/** Every configuration knob config.ts accepts is documented in docs/configuration.md (by its name in backticks). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { configSchema } from '../../src/config/index.js';

it('docs/configuration.md names every environment variable of the configuration schema', () => {
  const readme = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const missing = Object.keys(configSchema.shape).filter((name) => !readme.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});
