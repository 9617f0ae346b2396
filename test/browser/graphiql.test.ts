/**
 * GraphiQL in a real browser: Debian's Chromium driven by playwright-core opens the gateway URL, as a developer
 * does. It must load with no request to any host but the gateway (the assets are served inline, not from a
 * CDN), hold the default example operation (examples/operations/tagCatalog.graphql), and run it (button, then
 * Ctrl+Enter) to a result with data. Also: GRAPHIQL=false serves no GraphiQL, INTROSPECTION=false refuses
 * introspection. Skipped, saying why, only when /usr/bin/chromium is absent (CI installs it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const DEFAULT_OPERATION = readFileSync('examples/operations/tagCatalog.graphql', 'utf8');
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

if (!HAS_CHROMIUM)
  console.warn(
    `test/browser/graphiql.test.ts: SKIPPED, ${CHROMIUM} is absent (install it: apt-get install -y chromium)`,
  );

/** Monaco renders non-breaking spaces and may wrap; compare token streams. */
const tokens = (text: string) =>
  text
    .replace(/\u00a0/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

let sim: Simulator;
let gw: TestGateway;
let noGraphiql: TestGateway;
let noIntrospection: TestGateway;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  gw = await startTestGateway({ sim });
  noGraphiql = await startTestGateway({ sim, env: { GRAPHIQL: 'false' } });
  noIntrospection = await startTestGateway({ sim, env: { INTROSPECTION: 'false' } });
});
afterAll(async () => {
  for (const g of [gw, noGraphiql, noIntrospection]) await g?.close();
  await sim?.close();
});

const html = (url: string) => fetch(url, { headers: { accept: 'text/html' } });

describe('GraphiQL served to a browser (GRAPHIQL=true, the default)', () => {
  it('a GET with Accept: text/html is the GraphiQL page, with no external script or stylesheet', async () => {
    const res = await html(gw.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('<title>Alibaba Cloud tag gateway</title>');
    expect(page).toContain('renderYogaGraphiQL');
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/i);
  });

  describe.skipIf(!HAS_CHROMIUM)(`in Chromium (${CHROMIUM})`, () => {
    let browser: Browser;
    let page: Page;
    const requests: Array<{ method: string; url: string; postData: string | null }> = [];
    const graphqlPosts = (operationName: string) =>
      requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.url === gw.url &&
          (JSON.parse(r.postData ?? '{}') as { operationName?: string }).operationName === operationName,
      );

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), postData: r.postData() }));
      await page.goto(gw.url, { waitUntil: 'load' });
      await page.waitForSelector('.graphiql-query-editor .view-lines', { timeout: 20_000 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('loads without any request to a non-loopback host', () => {
      expect(requests.length).toBeGreaterThan(0);
      const foreign = requests.filter((r) => {
        const url = new URL(r.url);
        if (url.protocol === 'blob:' || url.protocol === 'data:') return !LOOPBACK.has(new URL(url.pathname).hostname);
        return !LOOPBACK.has(url.hostname);
      });
      expect(foreign.map((r) => r.url)).toEqual([]);
      expect(requests[0]).toMatchObject({ method: 'GET', url: gw.url });
    });

    it('the editor holds the default example operation, examples/operations/tagCatalog.graphql', async () => {
      await page.waitForFunction(
        () =>
          (document.querySelector('.graphiql-query-editor .view-lines') as HTMLElement | null)?.innerText.includes(
            'pageInfo',
          ),
        null,
        { timeout: 10_000 },
      );
      const text = await page.locator('.graphiql-query-editor .view-lines').innerText();
      expect(tokens(text)).toEqual(tokens(DEFAULT_OPERATION));
    });

    it('the run button executes it and the result pane shows data', async () => {
      await page.click('.graphiql-execute-button');
      await page.waitForFunction(
        () =>
          (document.querySelector('.graphiql-response .view-lines') as HTMLElement | null)?.innerText.includes(
            '"totalCount"',
          ),
        null,
        { timeout: 15_000 },
      );
      const result = await page.locator('.graphiql-response .view-lines').innerText();
      expect(result).toContain('"data"');
      expect(result).toContain('"tagCatalog"');
      expect(result).toContain('"totalCount"');
      expect(result).not.toContain('"errors"');
      expect(graphqlPosts('TagCatalog')).toHaveLength(1);
    });

    it('Ctrl+Enter in the editor runs it again', async () => {
      await page.click('.graphiql-query-editor .view-lines');
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => graphqlPosts('TagCatalog').length, { timeout: 10_000 }).toBe(2);
      // the pane empties while the request runs, then shows the new result
      await page.waitForFunction(
        () =>
          (document.querySelector('.graphiql-response .view-lines') as HTMLElement | null)?.innerText.includes(
            '"tagCatalog"',
          ),
        null,
        { timeout: 15_000 },
      );
    });

    it('ran the operation and everything else without leaving the loopback interface', () => {
      const foreign = requests.filter((r) => r.url.startsWith('http') && !LOOPBACK.has(new URL(r.url).hostname));
      expect(foreign.map((r) => r.url)).toEqual([]);
    });
  });
});

describe('GRAPHIQL=false', () => {
  it('a GET with Accept: text/html gets no GraphiQL page', async () => {
    const res = await html(noGraphiql.url);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const body = await res.text();
    expect(body).not.toContain('renderYogaGraphiQL');
    expect(body).not.toContain('<html');
  });

  it('GraphQL itself is still served', async () => {
    const res = await noGraphiql.query('{ __typename }');
    expect(res.data).toEqual({ __typename: 'Query' });
  });
});

describe('INTROSPECTION=false', () => {
  it('an introspection query is rejected (400, no data), a plain query still runs', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ __type(name: "Query") { name } }',
      'query IntrospectionQuery { __schema { queryType { name } } }',
    ]) {
      const res = await noIntrospection.query(query);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    }
    const ok = await noIntrospection.query('{ __typename }');
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ __typename: 'Query' });
  });

  it('with introspection on (the default) the same query answers', async () => {
    const res = await gw.query('{ __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
