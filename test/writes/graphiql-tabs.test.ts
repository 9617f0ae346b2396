/** GraphiQL opens the default query and, in tabs beside it, the example mutations (examples/operations). */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { GRAPHIQL: 'true' } });
});
afterAll(() => gw?.close());

it('the GraphiQL page carries the example mutations as default tabs', async () => {
  const res = await fetch(gw.url, { headers: { accept: 'text/html' } });
  const html = await res.text();
  expect(res.status).toBe(200);
  for (const name of ['tagCatalog', 'tagResources', 'untagResources', 'setResourceTags']) {
    const first = readFileSync(`examples/operations/${name}.graphql`, 'utf8')
      .split('\n')
      .find((l) => /^(query|mutation) /.test(l))!;
    expect(html).toContain(JSON.stringify(first).slice(1, -1));
  }
  expect(html).toContain('defaultTabs');
});
