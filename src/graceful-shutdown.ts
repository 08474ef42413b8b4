import type { Server, ServerResponse } from "node:http";

export interface ShutdownOptions {
  /** How long to wait with no request in flight before closing; covers requests already on the wire. */
  quietMs?: number;
  /** Exit anyway after this long. */
  forceAfterMs?: number;
  onDone: () => Promise<void> | void;
  log?: (message: string) => void;
}

/**
 * Graceful shutdown for a Node HTTP server. On SIGTERM or SIGINT the server keeps serving, answering
 * with `Connection: close` so clients stop reusing connections (streams that start, or have not sent
 * their headers yet, during the drain included); once no request has been in flight (streams
 * included) for `quietMs`, it closes and calls `onDone`. Closing at once would reset keep-alive
 * connections whose next request is already on the wire.
 *
 * Signals often come more than once: Ctrl-C and `docker stop`/systemd signal the whole process group,
 * so npm relays a second copy of the one the server already got. A repeated signal changes nothing.
 */
export function installGracefulShutdown(server: Server, { quietMs = 500, forceAfterMs = 10_000, onDone, log = console.log }: ShutdownOptions): void {
  const open = new Set<ServerResponse>();
  let draining = false;
  let quietTimer: NodeJS.Timeout | undefined;

  const closeWhenQuiet = () => {
    clearTimeout(quietTimer);
    if (open.size > 0) return;
    quietTimer = setTimeout(() => {
      server.close(() => void onDone());
      // Idle keep-alive connections would otherwise hold close() open until their timeout.
      server.closeIdleConnections();
    }, quietMs);
  };

  const closeAfter = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader("Connection", "close");
    // A response whose headers already promised keep-alive still ends its connection when it is done.
    response.shouldKeepAlive = false;
  };

  server.on("request", (_request, response: ServerResponse) => {
    open.add(response);
    clearTimeout(quietTimer);
    if (draining) closeAfter(response);
    response.on("close", () => {
      open.delete(response);
      if (draining) closeWhenQuiet();
    });
  });

  const begin = (signal: string) => {
    if (draining) return;
    draining = true;
    log(`${signal}: finishing in-flight requests, then exiting.`);
    setTimeout(() => process.exit(1), forceAfterMs).unref();
    for (const response of open) closeAfter(response);
    closeWhenQuiet();
  };
  process.on("SIGTERM", () => begin("SIGTERM"));
  process.on("SIGINT", () => begin("SIGINT"));
}
