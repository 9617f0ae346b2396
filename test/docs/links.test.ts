/**
 * Every relative link of README.md and docs/*.md works: its file (or folder) exists in the repository, and its
 * `#anchor`, same page or `page.md#anchor`, is a heading of the target page under GitHub's anchor rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { githubSlug, headingAnchors, links } from './markdown.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** `file:line: problem` for each broken relative link of `markdown`, read as the repository file `page`. */
function brokenLinks(page: string, markdown: string, read: (file: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const { line, target } of links(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) continue; // https:, mailto: …: not ours to check
    const at = `${page}:${line}: ${target}`;
    const hash = target.indexOf('#');
    const path = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const file =
      path === ''
        ? page
        : relative(root, resolve(root, dirname(page), path))
            .split(sep)
            .join('/');
    if (file.startsWith('../') || path.startsWith('/')) {
      problems.push(`${at}: leaves the repository or is absolute`);
      continue;
    }
    const text = path === '' ? markdown : read(file);
    if (text === undefined && !existsSync(join(root, file))) {
      problems.push(`${at}: ${file} does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    if (text === undefined || !file.endsWith('.md')) problems.push(`${at}: an anchor into ${file}, not a page`);
    else if (!headingAnchors(text).has(anchor)) problems.push(`${at}: ${file} has no heading #${anchor}`);
  }
  return problems;
}

function readRepoFile(file: string): string | undefined {
  const path = join(root, file);
  return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
}

describe('documentation links', () => {
  it('finds README.md and the docs pages', () => {
    expect(pages).toContain('README.md');
    expect(pages.length).toBeGreaterThan(5);
  });

  it.each(pages)('%s: every relative link and anchor resolves', (page) => {
    expect(brokenLinks(page, readFileSync(join(root, page), 'utf8'), readRepoFile)).toEqual([]);
  });
});

describe('the link checker', () => {
  const fixture = [
    '# Title',
    '## Set it up: `npm ci`, then go!',
    '## Title',
    '## Title',
    '```bash',
    '# not a heading [nor a link](nowhere.md)',
    '```',
    '[ok](#title) [ok](#title-1) [ok](#title-2) [ok](#set-it-up-npm-ci-then-go) [ok](../package.json)',
    '[bad](#title-3) [bad](missing.md) [bad](caching.md#nope) [bad](../package.json#x) `[code](gone.md)`',
    '[ok](caching.md#cache) [web](https://example.com/x.md#y)',
  ].join('\n');
  const read = (file: string) => (file === 'docs/caching.md' ? '# Cache\n' : readRepoFile(file));

  it('makes GitHub anchors', () => {
    expect(githubSlug('Operate it: security')).toBe('operate-it-security');
    expect(githubSlug('Relay connections, cursors and IDs')).toBe('relay-connections-cursors-and-ids');
    expect(githubSlug('`PORT` / `HOST`')).toBe('port--host');
    expect([...headingAnchors('# A\n# A\n## A\n# A-1')]).toEqual(['a', 'a-1', 'a-2', 'a-1-1']);
  });

  it('reports exactly the broken links of a page', () => {
    expect(brokenLinks('docs/fixture.md', fixture, read)).toEqual([
      'docs/fixture.md:9: #title-3: docs/fixture.md has no heading #title-3',
      'docs/fixture.md:9: missing.md: docs/missing.md does not exist',
      'docs/fixture.md:9: caching.md#nope: docs/caching.md has no heading #nope',
      'docs/fixture.md:9: ../package.json#x: an anchor into package.json, not a page',
    ]);
  });
});
