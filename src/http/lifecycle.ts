/**
 * The server's life after start-up: which requests are in flight, and the graceful stop. On `shutdown()` the
 * process stops being ready at once, keeps taking connections for the drain window (a load balancer needs a probe
 * period or two to see the 503 and stop routing here), then refuses new connections, lets in-flight requests
 * finish within the grace period and cuts whatever is left. From the start of the stop no connection is kept
 * alive: idle ones close at once, and every answer says `Connection: close`.
 */
import type { Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ShutdownOptions {
  /** SHUTDOWN_DRAIN_MS. */
  drainMs: number;
  /** SHUTDOWN_GRACE_MS. */
  graceMs: number;
}

export class Lifecycle {
  #draining = false;
  #inFlight = 0;
  #idle: Array<() => void> = [];

  readonly #open = new Set<ServerResponse>();

  constructor(private readonly server: Server) {
    server.on('request', (_req, res) => {
      this.#inFlight++;
      this.#open.add(res);
      // During the stop every answer says `Connection: close`: the client opens a new connection (to another
      // replica) for its next request instead of reusing this one as it is being closed (UND_ERR_SOCKET).
      if (this.#draining) res.shouldKeepAlive = false;
      res.once('close', () => {
        this.#inFlight--;
        this.#open.delete(res);
        // Finished responses during the stop: their keep-alive sockets are not reused.
        if (this.#draining) res.socket?.end();
        if (this.#inFlight === 0) this.#idle.splice(0).forEach((resolve) => resolve());
      });
    });
  }

  get draining(): boolean {
    return this.#draining;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves once the server has stopped: every request answered, or the grace period over. */
  async shutdown(options: ShutdownOptions): Promise<{ cut: number }> {
    this.#draining = true;
    // In-flight requests answer with `Connection: close` (those whose headers are not out yet); idle keep-alive
    // connections close now, at the start of the drain, not later while a client may be reusing them.
    for (const res of this.#open) if (!res.headersSent) res.shouldKeepAlive = false;
    this.server.closeIdleConnections();
    if (options.drainMs > 0) await sleep(options.drainMs);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const finished =
      this.#inFlight === 0 ? Promise.resolve(true) : new Promise<boolean>((r) => this.#idle.push(() => r(true)));
    const timer = sleep(options.graceMs, false, { ref: false });
    const allDone = await Promise.race([finished, timer]);
    const cut = allDone ? 0 : this.#inFlight;
    this.server.closeAllConnections();
    await closed;
    return { cut };
  }
}
