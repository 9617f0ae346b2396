/**
 * Limits on the wire, in front of yoga: how large a request body may be, how long a client may take to send its
 * headers and its whole request, how long an idle keep-alive connection stays open, and how many connections are
 * open at once. Node's defaults would let a client hold a connection for 300 s by sending one byte a second, and
 * yoga reads any body whole before parsing it.
 */
import type { IncomingMessage, RequestListener, ServerOptions, ServerResponse } from 'node:http';

export interface HttpServerLimits {
  /** MAX_BODY_BYTES: larger bodies get 413 before anything parses them. */
  maxBodyBytes: number;
  /** HTTP_HEADERS_TIMEOUT_MS: from connection (or the previous request) to the end of the headers. */
  headersTimeoutMs: number;
  /** HTTP_REQUEST_TIMEOUT_MS: from the first byte to the end of the body (not the response: execution may take longer). */
  requestTimeoutMs: number;
  /** HTTP_KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** HTTP_MAX_CONNECTIONS: connections beyond this are closed as soon as they are accepted. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpServerLimits = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_024,
};

/**
 * node:http options for the timeouts. Node checks the header and request timeouts on a timer (30 s by default),
 * so a timeout is only as precise as that timer: it runs at a quarter of the shorter timeout (at most once a second).
 */
export function serverOptions(l: HttpServerLimits): ServerOptions {
  return {
    headersTimeout: l.headersTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(
      50,
      Math.min(1_000, Math.floor(Math.min(l.headersTimeoutMs, l.requestTimeoutMs) / 4)),
    ),
  };
}

/**
 * A body already read, handed to whatwg-node's adapter (under yoga) in place of the request stream as a Blob: the
 * adapter takes a `body` tagged Blob that has own properties (a Buffer would make its `Object.keys(body)` list a
 * key per byte), and its Request's `text()`/`json()` then read `buffer()` at once, with no stream in between (a
 * Readable over the chunks cost every request a stream's events and one more copy: issue 18's profiles).
 */
export class ReadBody {
  readonly [Symbol.toStringTag] = 'Blob';
  constructor(
    readonly bytes: Buffer,
    readonly type: string,
  ) {}
  get size(): number {
    return this.bytes.length;
  }
  buffer(): Promise<Buffer> {
    return Promise.resolve(this.bytes);
  }
  arrayBuffer(): Promise<Buffer> {
    return this.buffer();
  }
  text(): Promise<string> {
    return Promise.resolve(this.bytes.toString('utf8'));
  }
  /** For a reader that wants it as a stream after all (a web stream, as a Blob's is). */
  stream(): ReadableStream<Uint8Array> {
    return new Blob([new Uint8Array(this.bytes)]).stream();
  }
}

type BufferedRequest = IncomingMessage & { body?: ReadBody };

/**
 * Reads each request's body up to `maxBytes` before `handler` sees the request: a declared Content-Length over
 * the limit is refused at once, a chunked body as soon as its bytes pass the limit. Refusals are 413 with a
 * GraphQL-shaped error and `Connection: close` (the rest of the body is never read).
 */
export function limitBody(handler: RequestListener, maxBytes: number): RequestListener {
  return (req: BufferedRequest, res) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      handler(req, res);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      tooLarge(req, res, maxBytes);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        req.off('data', onData).off('end', onEnd);
        tooLarge(req, res, maxBytes);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (received > 0)
        req.body = new ReadBody(
          chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received),
          req.headers['content-type'] ?? '',
        );
      handler(req, res);
    };
    req.on('data', onData).once('end', onEnd);
  };
}

function tooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  const body = JSON.stringify({
    errors: [
      { message: `The request body is larger than ${maxBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } },
    ],
  });
  req.pause();
  res.shouldKeepAlive = false;
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'private, no-store',
    connection: 'close',
  });
  // Once the answer is out, the connection goes: the unread rest of the body is never read.
  res.end(body, () => req.socket.destroySoon());
}
