/**
 * GraphiQL as a static asset (issue 18). The page is some 9 MB of HTML with its scripts inline; yoga's own
 * serving sent it whole, uncompressed and `no-store`, on every open. Here it is rendered once, on the first
 * request for it, compressed once (gzip, and Brotli at a fast quality), and served by `Accept-Encoding` with a
 * content ETag and `Cache-Control: public, max-age`: a browser keeps it, and revalidates it with a 304.
 *
 * The rendering runs in a short-lived worker thread: @graphql-yoga/render-graphiql holds the page's text in its
 * module (some 32 MiB of heap once loaded), which would otherwise stay in the gateway's heap for good. Only the
 * two compressed copies (about 4.4 MB, outside the heap) are kept; the rare client that accepts neither gets the
 * gzip copy inflated for it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { ifNoneMatchHits } from './etag.js';

export interface GraphiQLPageOptions {
  title: string;
  defaultQuery?: string;
  /** Tabs GraphiQL opens with (yoga's `defaultTabs`). */
  defaultTabs?: Array<{ query: string }>;
  /** The GraphQL endpoint the page is served at (GET, Accept: text/html). */
  endpoint: string;
}

/** A browser may reuse the page this long without asking; after that it revalidates (ETag → 304). */
export const GRAPHIQL_MAX_AGE_S = 3_600;
/** Brotli quality 5: within a few percent of quality 9 on this page, at a fifth of the time. */
const BROTLI_QUALITY = 5;

interface Page {
  etag: string;
  gzip: Uint8Array<ArrayBuffer>;
  br: Uint8Array<ArrayBuffer>;
}

/** Renders and compresses in a worker (CommonJS, so it runs the same under tsx, vitest or the build). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { renderGraphiQL } = require(workerData.module);
const html = Buffer.from(renderGraphiQL(workerData.options));
parentPort.postMessage({
  hash: require('node:crypto').createHash('sha256').update(html).digest('base64url'),
  gzip: zlib.gzipSync(html, { level: 9 }),
  br: zlib.brotliCompressSync(html, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: workerData.quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: html.length },
  }),
});
`;

function renderPage(options: Omit<GraphiQLPageOptions, 'endpoint'>): Promise<Page> {
  const module = createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { module, options, quality: BROTLI_QUALITY },
    });
    worker.once('message', (m: { hash: string; gzip: Uint8Array; br: Uint8Array }) => {
      resolve({ etag: `"${m.hash}"`, gzip: new Uint8Array(m.gzip), br: new Uint8Array(m.br) });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** The encoding to send: Brotli, else gzip, else none (q=0 refuses one). */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | undefined {
  const offered = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const accepts = (name: string) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return undefined;
}

export function useGraphiQLPage(o: GraphiQLPageOptions): Plugin {
  let page: Promise<Page> | undefined;
  const paths = new Set([o.endpoint, `${o.endpoint}/`]);
  const pageOnce = () =>
    (page ??= renderPage({ title: o.title, defaultQuery: o.defaultQuery, defaultTabs: o.defaultTabs }).catch(
      (err: unknown) => {
        page = undefined;
        throw err;
      },
    ));
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' || !request.headers.get('accept')?.includes('text/html')) return;
      if (!paths.has(url.pathname)) return;
      const { etag, gzip, br } = await pageOnce();
      const headers: Record<string, string> = {
        'content-type': 'text/html; charset=utf-8',
        etag,
        'cache-control': `public, max-age=${GRAPHIQL_MAX_AGE_S}`,
        vary: 'Accept-Encoding',
      };
      if (ifNoneMatchHits(request.headers.get('if-none-match'), etag)) {
        endResponse(new Response(null, { status: 304, headers }));
        return;
      }
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      const body = encoding === 'br' ? br : encoding === 'gzip' ? gzip : new Uint8Array(await promisify(gunzip)(gzip));
      if (encoding) headers['content-encoding'] = encoding;
      endResponse(new Response(body, { status: 200, headers }));
    },
  };
}
