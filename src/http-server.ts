import { createServer, type Server } from "node:http";
import { getRequestListener, RequestError } from "@hono/node-server";
import type { Logger } from "./logger.js";

export interface HttpServerOptions {
  port: number;
  host: string;
  /** Open connections at most; more are refused at accept, so slow clients cannot exhaust descriptors. */
  maxConnections: number;
  /** A client must send its request headers within this time (slow-header sockets are closed). */
  headersTimeoutMs: number;
  /** …and the whole request (headers and body) within this one. Responses, streams included, are not bounded by it. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  logger: Logger;
}

export const HTTP_SERVER_DEFAULTS = { maxConnections: 256, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 };

const jsonError = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { "Content-Type": "application/json" } });

/**
 * The Node HTTP server around the app, with the limits Node leaves open by default: header and
 * request timeouts (checked every second, not every 30 s), a keep-alive timeout and a connection
 * cap. A request Hono never sees (a Host header that does not parse, a bad URL) still gets the JSON
 * error shape and a log line.
 */
export function startHttpServer(fetch: (request: Request) => Response | Promise<Response>, options: HttpServerOptions, onListening: (address: { address: string; port: number }) => void): Server {
  const { logger } = options;
  const listener = getRequestListener(fetch, {
    hostname: options.host,
    errorHandler: (error) => {
      if (error instanceof RequestError) {
        logger.warn({ status: 400, cause: error.message }, "request refused before routing");
        return jsonError(400, "bad_request", `The request could not be read: ${error.message}`);
      }
      logger.error({ status: 500, cause: error }, "request failed before routing");
      return jsonError(500, "internal_error", "Internal server error");
    },
  });
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
    listener,
  );
  server.maxConnections = options.maxConnections;
  server.listen(options.port, options.host, () => {
    const address = server.address();
    if (address && typeof address === "object") onListening({ address: address.address, port: address.port });
  });
  return server;
}
