/**
 * The production build: `npm run build` compiles src/ to dist/ with tsc, and `node dist/main.js` serves with only
 * the packages of `dependencies` (every bare import in dist/ is one of them, so `npm ci --omit=dev` is enough).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return path.endsWith('.js') ? [path] : [];
  });
}

/** `@scope/name` or `name` of a bare specifier; undefined for relative paths and node built-ins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Starts `node dist/main.js` on a free port and resolves with its URL, read from its "listening" log line. */
function startDist(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(dist, 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no listening line in 15 s:\n${out}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /gateway listening on (http:\/\/\S+)"/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

describe('npm run build', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  }, 120_000);

  it('emits dist/main.js and the simulator', () => {
    expect(statSync(join(dist, 'main.js')).isFile()).toBe(true);
    expect(statSync(join(dist, 'simulator', 'main.js')).isFile()).toBe(true);
  });

  it('imports only runtime dependencies (npm ci --omit=dev is enough)', () => {
    const imported = new Set<string>();
    for (const file of jsFiles(dist)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const name = packageOf(m[1]!);
        if (name) imported.add(name);
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    const missing = [...imported].filter((name) => !(name in pkg.dependencies));
    expect(missing).toEqual([]);
    expect(pkg.dependencies).not.toHaveProperty('tsx');
  });

  describe('node dist/main.js', () => {
    let child: ChildProcess;
    let url: string;
    beforeAll(async () => {
      ({ child, url } = await startDist({}));
    }, 30_000);
    afterAll(() => {
      child?.kill('SIGKILL');
    });

    it('answers a query on the embedded simulator', async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ tagKeys(regionIds: ["cn-hangzhou"]) { totalCount } }' }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { tagKeys: { totalCount: number } } };
      expect(body.data.tagKeys.totalCount).toBeGreaterThan(0);
      expect((await fetch(new URL('/health', url))).status).toBe(200);
    });
  });
});
