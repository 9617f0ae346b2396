/**
 * docs/configuration.md's table and the configuration schema cannot drift: every variable of `configSchema` has a
 * row, every row names variables of the schema, and a default the table states plainly (`4000`, `true`, unset,
 * empty) is the schema's. A row may document several variables, `A` / `B` with defaults `1` / `2` (or one default
 * for all of them).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from '../../src/config/index.js';
import { tableRows } from './markdown.js';

type Shape = Record<string, z.ZodTypeAny>;

/** What a default cell says: a plain value, no value (unset), the empty string, or words this test leaves alone. */
function statedDefault(cell: string): { value: string | undefined } | 'prose' {
  const code = /^`([^`]*)`$/.exec(cell);
  if (code) return { value: code[1] };
  if (cell === 'unset') return { value: undefined };
  if (cell === 'empty') return { value: '' };
  return 'prose';
}

/** The problems of the table in `markdown` measured against `shape`, and how many defaults were compared. */
function tableProblems(markdown: string, shape: Shape): { problems: string[]; compared: number } {
  const problems: string[] = [];
  const [header, ...rows] = tableRows(markdown);
  if (header?.join('|') !== 'variable|default|meaning')
    return { problems: ['no variable|default|meaning table'], compared: 0 };
  const documented = new Set<string>();
  let compared = 0;
  for (const [names = '', defaults = ''] of rows) {
    const vars = names.split(' / ').map((n) => /^`([A-Z][A-Z0-9_]*)`$/.exec(n)?.[1]);
    if (vars.some((v) => v === undefined)) {
      problems.push(`${names}: write each variable in full, in backticks, separated by " / "`);
      continue;
    }
    const cells = defaults.split(' / ');
    if (cells.length !== 1 && cells.length !== vars.length) {
      problems.push(`${names}: ${cells.length} defaults for ${vars.length} variables`);
    }
    vars.forEach((name, i) => {
      if (documented.has(name!)) problems.push(`${name}: documented twice`);
      documented.add(name!);
      const schema = shape[name!];
      if (!schema) return problems.push(`${name}: documented, not in the schema`);
      const stated = statedDefault(cells.length === 1 ? cells[0]! : (cells[i] ?? ''));
      if (stated === 'prose') return;
      const parsed = schema.safeParse(undefined);
      const actual = parsed.success ? parsed.data : '(no default: required)';
      compared++;
      const same =
        stated.value === undefined ? actual === undefined : actual !== undefined && String(actual) === stated.value;
      if (!same) problems.push(`${name}: table says ${stated.value ?? 'unset'}, the schema ${String(actual)}`);
    });
  }
  for (const name of Object.keys(shape)) if (!documented.has(name)) problems.push(`${name}: not in the table`);
  return { problems, compared };
}

describe('docs/configuration.md', () => {
  const markdown = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const shape = configSchema.shape as Shape;

  it('documents exactly the schema variables, with their defaults', () => {
    const { problems, compared } = tableProblems(markdown, shape);
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(Object.keys(shape).length / 2);
  });
});

describe('the table check', () => {
  const shape: Shape = {
    PORT: z.coerce.number().int().default(4000),
    HOST: z.string().default('0.0.0.0'),
    FLAG: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    SECRET: z.string().optional(),
    PREFIX: z.string().default(''),
    LEFT_OUT: z.string().default('x'),
  };
  const table = (...rows: string[]) =>
    ['# Configuration', '', '| variable | default | meaning |', '|---|---|---|', ...rows, '', 'after'].join('\n');

  it('accepts a faithful table, rows of several variables included', () => {
    const ok = table(
      '| `PORT` / `HOST` | `4000` / `0.0.0.0` | where |',
      '| `FLAG` | `true` | a flag |',
      '| `SECRET` / `PREFIX` | unset / empty | a secret, a prefix |',
      '| `LEFT_OUT` | random per process | not compared |',
    );
    expect(tableProblems(ok, shape)).toEqual({ problems: [], compared: 5 });
  });

  it('reports drift', () => {
    const drifted = table(
      '| `PORT` / `HOST` | `4001` / `0.0.0.0` | where |',
      '| `FLAG` / `_OFF` | `true` | shorthand |',
      '| `SECRET` | `s3cret` | has no default |',
      '| `GONE` | `1` | not in the schema |',
    );
    expect(tableProblems(drifted, shape).problems).toEqual([
      'PORT: table says 4001, the schema 4000',
      '`FLAG` / `_OFF`: write each variable in full, in backticks, separated by " / "',
      'SECRET: table says s3cret, the schema undefined',
      'GONE: documented, not in the schema',
      'FLAG: not in the table',
      'PREFIX: not in the table',
      'LEFT_OUT: not in the table',
    ]);
  });
});
