import type { Server } from "node:http";

export interface ShutdownOptions {
  /** How long to wait with no request in flight before closing; covers requests already on the wire. */
  quietMs?: number;
  /** Exit anyway after this long. */
  forceAfterMs?: number;
  onDone: () => Promise<void> | void;
  log?: (message: string) => void;
}

/**
 * Graceful shutdown for a Node HTTP server. On the signal the server keeps serving, answering every
 * request with `Connection: close` so clients stop reusing connections; once no request has been in
 * flight (streams included) for `quietMs`, it closes and calls `onDone`. Closing at once would reset
 * keep-alive connections whose next request is already on the wire.
 */
export function installGracefulShutdown(server: Server, { quietMs = 200, forceAfterMs = 10_000, onDone, log = console.log }: ShutdownOptions): void {
  let inFlight = 0;
  let draining = false;
  let quietTimer: NodeJS.Timeout | undefined;

  const closeWhenQuiet = () => {
    clearTimeout(quietTimer);
    if (inFlight > 0) return;
    quietTimer = setTimeout(() => server.close(() => void onDone()), quietMs);
  };

  server.on("request", (_request, response) => {
    inFlight++;
    clearTimeout(quietTimer);
    if (draining) response.setHeader("Connection", "close");
    response.on("close", () => {
      inFlight--;
      if (draining) closeWhenQuiet();
    });
  });

  const begin = (signal: string) => {
    if (draining) return;
    draining = true;
    log(`${signal}: finishing in-flight requests, then exiting.`);
    setTimeout(() => process.exit(1), forceAfterMs).unref();
    closeWhenQuiet();
  };
  process.on("SIGTERM", () => begin("SIGTERM"));
  process.on("SIGINT", () => begin("SIGINT"));
}
